"""Who may bring whom into the service from a spreadsheet, and into which units.

An officer onboards the people under their own unit: the administrator anyone; a commune's
committee the members, cell secretaries and Front committees of its residence cells (and new
cells under it); a workplace committee its own members. Nobody gives an account a role above
their own.
"""
from __future__ import annotations

from .access import Actor, Relation, Role, define
from .org import OrgStructure, Unit, UnitKind

IMPORT_MEMBERS = define("onboarding.members", ADMIN=Relation.ANY, COMMUNE_OFFICER=Relation.UNIT,
                        WORKPLACE_OFFICER=Relation.UNIT)
IMPORT_UNITS = define("onboarding.units", ADMIN=Relation.ANY, COMMUNE_OFFICER=Relation.UNIT)
MANAGE_UNITS = define("units.manage", ADMIN=Relation.ANY, COMMUNE_OFFICER=Relation.UNIT)
IMPORT_ACCOUNTS = define("onboarding.accounts", ADMIN=Relation.ANY, COMMUNE_OFFICER=Relation.UNIT)

# The roles each officer may give, from the lowest up: never one above their own.
ROLES_GIVEN = {
    Role.ADMIN: tuple(Role),
    Role.COMMUNE_OFFICER: (Role.MEMBER, Role.CELL_SECRETARY, Role.FRONT_COMMITTEE),
    Role.WORKPLACE_OFFICER: (Role.MEMBER,),
}


def units_in_reach(actor: Actor, org: OrgStructure) -> set[str] | None:
    """The units whose people the officer may onboard (None: every unit)."""
    if actor.role == Role.ADMIN:
        return None
    if actor.role == Role.COMMUNE_OFFICER and actor.unit_id:
        return {actor.unit_id} | {cell.id for cell in org.children(actor.unit_id, UnitKind.RESIDENCE_CELL)}
    return {actor.unit_id} if actor.unit_id else set()


def member_reach_problem(actor: Actor, org: OrgStructure, workplace_id: str, residence_cell_id: str | None) -> str | None:
    """Why the officer may not onboard a member of this workplace and residence cell, or None."""
    reach = units_in_reach(actor, org)
    if reach is None:
        return None
    if actor.role == Role.WORKPLACE_OFFICER and workplace_id not in reach:
        return "đảng viên này không thuộc tổ chức đảng nơi công tác của đồng chí"
    if actor.role == Role.COMMUNE_OFFICER and residence_cell_id not in reach:
        return "chi bộ nơi cư trú này không thuộc xã, phường của đồng chí"
    return None


def account_reach_problem(actor: Actor, org: OrgStructure, role: Role, unit_id: str | None) -> str | None:
    """Why the officer may not give this role in this unit, or None."""
    if role not in ROLES_GIVEN.get(actor.role, ()):
        return "vai trò này vượt quá quyền của đồng chí"
    reach = units_in_reach(actor, org)
    if reach is not None and role != Role.MEMBER and unit_id not in reach:
        return "đơn vị này không thuộc phạm vi của đồng chí"
    return None


def unit_reach_problem(actor: Actor, unit: Unit) -> str | None:
    """Why the officer may not create or change this unit, or None: a commune's committee
    looks after the residence cells under it only."""
    if actor.role == Role.ADMIN:
        return None
    if actor.role == Role.COMMUNE_OFFICER and unit.kind == UnitKind.RESIDENCE_CELL and unit.parent_id == actor.unit_id:
        return None
    return "đơn vị này không thuộc phạm vi của đồng chí"
