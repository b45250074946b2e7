"""The advisory rating cap of a member, with the administrator's switches as stored
(the switches themselves: services/local_rules.py)."""
from __future__ import annotations

from datetime import date
from typing import Iterable

from ..domain.local_rules import Locality, Switches
from ..domain.meetings import Meeting
from ..domain.members import Member
from ..domain.rating import RatingCap, rating_cap
from ..storage import Repositories
from .local_rules import rule_switches


def member_cap(repos: Repositories, member: Member, year: int, meetings: Iterable[Meeting],
               where: Locality | str | None, joined_on: date | None, switches: Switches | None = None) -> RatingCap:
    """The advisory cap of a member for the year, with the switches as stored. `where`: the
    cell's Locality (OrgStructure.locality_of), so that a row of a commune or a former province holds."""
    switches = rule_switches(repos) if switches is None else switches
    return rating_cap(member, year, meetings, where, joined_on=joined_on, switches=switches)
