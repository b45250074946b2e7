"""The rating cap's switches: an administrator applies (or stops applying) a provincial
rule whose application is unconfirmed, and every page that shows the cap says who did it
and when."""
from __future__ import annotations

from datetime import date
from typing import Iterable

from ..domain import clock
from ..domain.meetings import Meeting
from ..domain.members import Member
from ..domain.rating import CapRule, CapSwitch, RatingCap, Switches, load_rule_book, rating_cap
from ..storage import Repositories


class NotSwitchable(ValueError):
    """The province and year have no row that waits for a switch (none, or one always on)."""


def cap_switches(repos: Repositories) -> Switches:
    return {(s.province_id, s.year): s for s in repos.rule_switches.all()}


def switchable_rows() -> list[CapRule]:
    """The rows of data/ that apply only once switched on, newest year first."""
    return sorted((r for r in load_rule_book().rules if not r.on_by_default),
                  key=lambda r: (r.province_id, -r.year))


def switch_cap(repos: Repositories, by: str, by_name: str, province_id: str, year: int, on: bool) -> CapSwitch:
    """Record the administrator's decision and its audit line, in one unit of work."""
    row = load_rule_book().row_for(province_id, year)
    if row is None or row.on_by_default:
        raise NotSwitchable(f"{province_id} {year}")
    switch = CapSwitch(province_id, year, on, by, by_name, clock.now())
    with repos.transaction():
        repos.rule_switches.save(switch)
        repos.audit.record(by, "bat_gioi_han_xep_loai" if on else "tat_gioi_han_xep_loai",
                           f"{province_id}:{year}", quy_tac=row.id)
    return switch


def member_cap(repos: Repositories, member: Member, year: int, meetings: Iterable[Meeting],
               province_id: str | None, joined_on: date | None, switches: Switches | None = None) -> RatingCap:
    """The advisory cap of a member for the year, with the switches as stored."""
    switches = cap_switches(repos) if switches is None else switches
    return rating_cap(member, year, meetings, province_id, joined_on=joined_on, switches=switches)
