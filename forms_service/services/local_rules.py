"""Local practices as settings per place and year: what applies where, and the
administrator's switches (for a whole row or for one commune), each recorded with who and
when and audited."""
from __future__ import annotations

from dataclasses import dataclass

from ..domain import clock
from ..domain.local_rules import (WORKPLACE_CONFIRMS_FIRST, Locality, PracticeStatus, RuleSwitch, Setting, Switches,
                                  load_rule_book, switches_by_key)
from ..domain.org import UnitKind
from ..storage import Repositories

# audit actions, one per direction
SWITCHED_ON, SWITCHED_OFF = "bat_quy_dinh_dia_phuong", "tat_quy_dinh_dia_phuong"


class NotSwitchable(ValueError):
    """The rule book has no row of this practice for the place and year: nothing to switch."""


class CommuneOutsideProvince(NotSwitchable):
    """A switch for one commune named a commune that is not one of the province's."""


def rule_switches(repos: Repositories) -> Switches:
    return switches_by_key(repos.rule_switches.all())


def locality_of(repos: Repositories, unit_id: str | None) -> Locality:
    return repos.units.structure().locality_of(unit_id)


def practice_status(repos: Repositories, practice: str, unit_id: str | None, year: int,
                    switches: Switches | None = None) -> PracticeStatus:
    """Whether `practice` applies where `unit_id` is (a cell, a commune, a workplace…) in `year`:
    the row of its commune, else of its former province, else of its province."""
    switches = rule_switches(repos) if switches is None else switches
    return load_rule_book().status(practice, locality_of(repos, unit_id), year, switches)


def letter_asked(repos: Repositories, cell_id: str, year: int, switches: Switches | None = None) -> bool:
    """The province asks a member who misses a meeting for a letter, confirmed by the workplace
    (the rule book's practice "noi-cong-tac-xac-nhan-truoc", as switched for that year)."""
    return practice_status(repos, WORKPLACE_CONFIRMS_FIRST, cell_id, year, switches).on


def switch(repos: Repositories, by: str, by_name: str, practice: str, province_id: str, year: int,
           on: bool, commune_id: str | None = None, part: str | None = None) -> RuleSwitch:
    """Record the administrator's decision and its audit line, in one unit of work: for the
    row of the province (`part`: the former province a row is narrowed to, or None) or, with
    `commune_id`, for that one commune of the province, whichever row holds there."""
    book = load_rule_book()
    if practice not in book.practices:
        raise NotSwitchable(practice)
    if commune_id:
        org = repos.units.structure()
        commune = org.get(commune_id)
        if commune is None or commune.kind != UnitKind.COMMUNE or org.province_of(commune_id) != province_id:
            raise CommuneOutsideProvince(f"{commune_id} {province_id}")
        if book.setting_for(practice, org.locality_of(commune_id), year) is None:
            raise NotSwitchable(f"{practice} {commune_id} {year}")
        part = commune_id
    elif not any(s.province_id == province_id and s.part == part and s.covers(year)
                 for s in book.of_practice(practice)):
        raise NotSwitchable(f"{practice} {province_id} {part} {year}")
    decided = RuleSwitch(practice, province_id, year, on, by, by_name, clock.now(), part)
    with repos.transaction():
        repos.rule_switches.save(decided)
        repos.audit.record(by, SWITCHED_ON if on else SWITCHED_OFF, ":".join(decided.key[:2] + (str(year),)))
    return decided


@dataclass(frozen=True)
class SwitchRow:
    """One year of one row of the book, as the administrator's page lists it, with the
    communes switched apart from it."""
    setting: Setting
    year: int
    status: PracticeStatus
    commune_switches: tuple[RuleSwitch, ...]


def switch_rows(repos: Repositories) -> list[tuple[str, list[SwitchRow]]]:
    """Every practice with its rows' years (a row without an end: up to next year), newest first."""
    book = load_rule_book()
    switches = rule_switches(repos)
    org = repos.units.structure()
    until = clock.today().year + 1
    listed = []
    for practice in book.practices.values():
        rows = []
        for setting in book.of_practice(practice.id):
            for year in setting.years(until):
                status = book.status(practice.id, Locality(setting.province_id, setting.commune_id,
                                                           setting.former_province), year, switches)
                # a commune's own switch shows under the row that holds in that commune
                apart = tuple(s for s in switches.values()
                              if s.rule == practice.id and s.year == year and s.part and org.get(s.part)
                              and book.setting_for(practice.id, org.locality_of(s.part), year) == setting
                              and s.part != setting.commune_id)
                rows.append(SwitchRow(setting, year, status, apart))
        listed.append((practice.id, sorted(rows, key=lambda r: (r.setting.province_id, r.setting.part or "",
                                                                -r.year))))
    return listed
