"""Local practices as settings per province and year: what applies where, and the
administrator's switches, each recorded with who and when and audited."""
from __future__ import annotations

from dataclasses import dataclass

from ..domain import clock
from ..domain.local_rules import PracticeStatus, RuleSwitch, Setting, Switches, load_rule_book, switches_by_key
from ..storage import Repositories

# audit actions, one per direction
SWITCHED_ON, SWITCHED_OFF = "bat_quy_dinh_dia_phuong", "tat_quy_dinh_dia_phuong"


class NotSwitchable(ValueError):
    """The rule book has no row of this practice for the province and year: nothing to switch."""


def rule_switches(repos: Repositories) -> Switches:
    return switches_by_key(repos.rule_switches.all())


def practice_status(repos: Repositories, practice: str, unit_id: str | None, year: int,
                    switches: Switches | None = None) -> PracticeStatus:
    """Whether `practice` applies to the province of `unit_id` (a cell, a workplace…) in `year`."""
    province_id = repos.units.structure().province_of(unit_id)
    switches = rule_switches(repos) if switches is None else switches
    return load_rule_book().status(practice, province_id, year, switches)


def switch(repos: Repositories, by: str, by_name: str, practice: str, province_id: str, year: int,
           on: bool) -> RuleSwitch:
    """Record the administrator's decision and its audit line, in one unit of work."""
    book = load_rule_book()
    if practice not in book.practices or book.setting_for(practice, province_id, year) is None:
        raise NotSwitchable(f"{practice} {province_id} {year}")
    decided = RuleSwitch(practice, province_id, year, on, by, by_name, clock.now())
    with repos.transaction():
        repos.rule_switches.save(decided)
        repos.audit.record(by, SWITCHED_ON if on else SWITCHED_OFF, f"{practice}:{province_id}:{year}")
    return decided


@dataclass(frozen=True)
class SwitchRow:
    """One year of one row of the book, as the administrator's page lists it."""
    setting: Setting
    year: int
    status: PracticeStatus


def switch_rows(repos: Repositories) -> list[tuple[str, list[SwitchRow]]]:
    """Every practice with its rows' years (a row without an end: up to next year), newest first."""
    book = load_rule_book()
    switches = rule_switches(repos)
    until = clock.today().year + 1
    listed = []
    for practice in book.practices.values():
        rows = [SwitchRow(setting, year, book.status(practice.id, setting.province_id, year, switches))
                for setting in book.of_practice(practice.id) for year in setting.years(until)]
        listed.append((practice.id, sorted(rows, key=lambda r: (r.setting.province_id, -r.year))))
    return listed
