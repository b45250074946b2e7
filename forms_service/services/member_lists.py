"""The members of a commune, a workplace or a residence cell, as lines an officer prints or
takes away in a spreadsheet (the rules: domain/member_lists.py)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ..domain.member_lists import (ALL, LIST_TITLES, NEEDS_COMMENT, NOT_MET, MemberLine, account_state,
                                   comment_state, has_not_met, met_this_year, needs_comment)
from ..domain.members import Member, MemberStatus
from ..domain.org import Unit, UnitKind, sort_by_person
from ..storage import Repositories


@dataclass(frozen=True)
class MemberList:
    unit: Unit
    which: str
    year: int
    title: str
    lines: list[MemberLine]


def _members_of(repos: Repositories, unit: Unit) -> list[Member]:
    org = repos.units.structure()
    if unit.kind == UnitKind.WORKPLACE:
        found = repos.members.of_workplace(unit.id)
    elif unit.kind == UnitKind.COMMUNE:
        found = [m for cell in org.children(unit.id, UnitKind.RESIDENCE_CELL) for m in repos.members.of_cell(cell.id)]
    else:
        found = repos.members.of_cell(unit.id)
    return [m for m in found if m.status == MemberStatus.ACTIVE]


def member_list(repos: Repositories, unit: Unit, which: str, year: int, now: datetime) -> MemberList:
    org = repos.units.structure()
    members = sort_by_person(_members_of(repos, unit))
    accounts = {a.member_id: a for a in repos.accounts.all() if a.member_id}
    cells = sorted({m.residence_cell_id for m in members if m.residence_cell_id})
    comments = {}
    for comment in (repos.comments.for_workplace(unit.id, year) if unit.kind == UnitKind.WORKPLACE
                    else [c for cell in cells for c in repos.comments.for_cell(cell, year)]):
        comments[comment.member_id] = comment
    meetings = {cell: repos.meetings.for_cell(cell, year) for cell in cells}
    today = now.date()
    lines = []
    for member in members:
        comment, held = comments.get(member.id), meetings.get(member.residence_cell_id, [])
        if which == NEEDS_COMMENT and not needs_comment(member, comment, year, today):
            continue
        if which == NOT_MET and not has_not_met(member, held, year, today):
            continue
        account = accounts.get(member.id)
        workplace, cell = org.get(member.workplace_id), org.get(member.residence_cell_id)
        lines.append(MemberLine(member.id, member.full_name, workplace.name if workplace else member.workplace_id,
                                cell.name if cell else "Chưa giới thiệu", account_state(account, now),
                                account.username if account else "", comment_state(comment),
                                "Có" if met_this_year(member.id, held, year) else "Chưa"))
    return MemberList(unit, which, year, LIST_TITLES[which].format(year=year), lines)


KINDS_WITH_LISTS = (UnitKind.COMMUNE, UnitKind.WORKPLACE, UnitKind.RESIDENCE_CELL)
LIST_KINDS = (ALL, NEEDS_COMMENT, NOT_MET)
