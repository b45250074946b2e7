"""Audit lines of what changes nothing but is still worth knowing: a report or a batch of
documents downloaded (a change records its own line inside its unit of work); and the trail
read back on the web, bounded by the reader's reach."""
from __future__ import annotations

from datetime import date

from ..domain.access import Actor, Role
from ..domain.accounts import account_units
from ..domain.org import OrgStructure
from ..storage import Repositories
from .account_admin import within_reach


def record(repos: Repositories, by: str, action: str, target: str = "", reason: str = "", **details) -> None:
    repos.audit.record(by, action, target, reason, **details)


def audit_trail(repos: Repositories, actor: Actor, person: str = "", unit_id: str = "",
                since: date | None = None, until: date | None = None, limit: int = 200) -> list[dict]:
    """The audit lines an officer may read: all of them for the administrator; for an officer,
    those where the officer or an account within reach acted or was acted on."""
    org = repos.units.structure()
    people = None
    if actor.role != Role.ADMIN:
        people = {actor.username} | {a.username for a, _ in within_reach(repos, actor)}
    if unit_id:
        in_unit = {a.username for a in repos.accounts.all() if unit_id in _units_of(repos, a, org)}
        people = in_unit if people is None else people & in_unit
    if person:
        people = {person} if people is None or person in people else set()
    return repos.audit.entries(limit=limit, people=None if people is None else tuple(sorted(people)),
                               since=since, until=until)


def _units_of(repos: Repositories, account, org: OrgStructure) -> set:
    member = repos.members.get(account.member_id) if account.member_id else None
    units = set(account_units(account.role, account.unit_id, member and member.workplace_id,
                              member and member.residence_cell_id))
    return units | {org.commune_of(u) for u in units} - {None}
