"""Who may do what, and on which records.

Every route asks `allowed(actor, action, scope)`. An action names the roles that may
take it and, for each role, how the record must relate to the person's unit:
the member's own record, a record of their workplace, their residence cell, a cell
of their commune, or any record (administrator).
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    MEMBER = "dang_vien"
    CELL_SECRETARY = "bi_thu_chi_bo"
    WORKPLACE_OFFICER = "cap_uy_noi_cong_tac"
    COMMUNE_OFFICER = "dang_uy_xa_phuong"
    FRONT_COMMITTEE = "ban_cong_tac_mat_tran"   # bound to a residence cell's area
    ADMIN = "quan_tri"


ROLE_LABELS = {
    Role.MEMBER: "Đảng viên đang công tác",
    Role.CELL_SECRETARY: "Bí thư chi bộ nơi cư trú",
    Role.WORKPLACE_OFFICER: "Cấp ủy cơ sở nơi công tác",
    Role.COMMUNE_OFFICER: "Đảng ủy xã, phường",
    Role.FRONT_COMMITTEE: "Ban công tác Mặt trận khu dân cư",
    Role.ADMIN: "Quản trị hệ thống",
}


class Relation(StrEnum):
    OWN = "own"              # scope.member_id is the actor's member record
    WORKPLACE = "workplace"  # scope.workplace_id is the actor's unit
    CELL = "cell"            # scope.cell_id is the actor's unit
    COMMUNE = "commune"      # scope.commune_id is the actor's unit
    UNIT = "unit"            # the action needs a unit of the actor's own, nothing more
    ANY = "any"


@dataclass(frozen=True)
class Actor:
    username: str
    role: Role
    unit_id: str | None = None
    member_id: str | None = None


@dataclass(frozen=True)
class Scope:
    """The units a record belongs to."""
    member_id: str | None = None
    workplace_id: str | None = None
    cell_id: str | None = None
    commune_id: str | None = None


RULES: dict[str, dict[Role, Relation]] = {}


def define(action: str, **roles: Relation) -> str:
    """Declare an action: define("letter.confirm", WORKPLACE_OFFICER=Relation.WORKPLACE)."""
    RULES[action] = {Role[name]: relation for name, relation in roles.items()}
    return action


def allowed(actor: Actor | None, action: str, scope: Scope | None = None) -> bool:
    if actor is None:
        return False
    relation = RULES[action].get(actor.role)
    if relation is None:
        return False
    if relation == Relation.ANY:
        return True
    if relation == Relation.UNIT:
        return actor.unit_id is not None
    scope = scope or Scope()
    if relation == Relation.OWN:
        return actor.member_id is not None and actor.member_id == scope.member_id
    target = {Relation.WORKPLACE: scope.workplace_id, Relation.CELL: scope.cell_id,
              Relation.COMMUNE: scope.commune_id}[relation]
    return target is not None and target == actor.unit_id
