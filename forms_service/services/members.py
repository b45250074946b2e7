"""The party members as stored: the one a page is about, a workplace's, a residence cell's.
Changes to a member are made by their journeys (introductions, exemptions, changes)."""
from __future__ import annotations

from ..domain.members import Member
from ..storage import Repositories


def get(repos: Repositories, member_id: str | None) -> Member | None:
    return repos.members.get(member_id) if member_id else None


def of_workplace(repos: Repositories, workplace_id: str) -> list[Member]:
    return repos.members.of_workplace(workplace_id)


def of_cell(repos: Repositories, cell_id: str) -> list[Member]:
    return repos.members.of_cell(cell_id)
