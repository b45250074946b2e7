"""Who may bring whom into the service from a spreadsheet, and into which units.

The people an officer may onboard are those whose accounts the officer manages: the import
asks the one rule of reach (accounts.reach) and only words its answer for a row of the file.
What reach does not say, the units a commune's committee may create or change, is below.
"""
from __future__ import annotations

from .access import Actor, Relation, Role, define
from .accounts import MANAGED_ROLES, Power, account_units, reach
from .org import OrgStructure, Unit, UnitKind

IMPORT_MEMBERS = define("onboarding.members", ADMIN=Relation.ANY, COMMUNE_OFFICER=Relation.UNIT,
                        WORKPLACE_OFFICER=Relation.UNIT)
IMPORT_UNITS = define("onboarding.units", ADMIN=Relation.ANY, COMMUNE_OFFICER=Relation.UNIT)
MANAGE_UNITS = define("units.manage", ADMIN=Relation.ANY, COMMUNE_OFFICER=Relation.UNIT)
IMPORT_ACCOUNTS = define("onboarding.accounts", ADMIN=Relation.ANY, COMMUNE_OFFICER=Relation.UNIT)


def member_reach_problem(actor: Actor, org: OrgStructure, workplace_id: str, residence_cell_id: str | None) -> str | None:
    """Why the officer may not onboard a member of this workplace and residence cell, or None."""
    units = account_units(Role.MEMBER, None, workplace_id, residence_cell_id)
    if reach(actor, Role.MEMBER, units, org.commune_of) == Power.MANAGE:
        return None
    if actor.role == Role.WORKPLACE_OFFICER:
        return "đảng viên này không thuộc tổ chức đảng nơi công tác của đồng chí"
    return "chi bộ nơi cư trú này không thuộc xã, phường của đồng chí"


def account_reach_problem(actor: Actor, org: OrgStructure, role: Role, unit_id: str | None) -> str | None:
    """Why the officer may not give this role in this unit, or None (a member's account is
    asked of its member record, member_reach_problem)."""
    if role not in MANAGED_ROLES.get(actor.role, ()):
        return "vai trò này vượt quá quyền của đồng chí"
    if role != Role.MEMBER and reach(actor, role, account_units(role, unit_id), org.commune_of) != Power.MANAGE:
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
