"""Local practices: settings per province and year, each with its source.

Quy định 213-QĐ/TW and Hướng dẫn 33-HD/BTCTW say nothing of how an absence is handled
or of a cap on the yearly rating; some provinces add such practices. Each one is kept in
the rule book data/rules/local-practices.json as rows (province, years, on or off by
default, source, whether the source is confirmed). An administrator may switch a row's
year on or off in the service; the switch records who and when, and every page that
shows the practice shows it. A province or year with no row does not apply the practice
(the book's notes say why).

Pages and services ask `practice_status(...)`; the other domain rules take the answer
as a plain parameter (the letter's chain, the comment's prefill, the rating cap).
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Mapping

from .access import Relation, define
from .clock import local

RULE_BOOK_FILE = Path(__file__).resolve().parents[2] / "data" / "rules" / "local-practices.json"

# the practices the service knows how to apply (their ids in the rule book)
RATING_CAP = "gioi-han-xep-loai"
WORKPLACE_CONFIRMS_FIRST = "noi-cong-tac-xac-nhan-truoc"
ABSENCES_IN_OTHER_REMARKS = "ly-do-vang-vao-muc-7"

# Only an administrator switches a local practice on or off.
SWITCH_RULE = define("rules.switch", ADMIN=Relation.ANY)


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    paper: str
    date: str
    about: str
    link: str
    link_note: str

    @property
    def citation(self) -> str:
        """As a reader cites it: title, paper, date."""
        return f"Bài “{self.title}”, {self.paper}, {self.date}"


@dataclass(frozen=True)
class Practice:
    id: str
    label: str
    on: str        # what the service does when the practice applies
    off: str       # and when it does not


@dataclass(frozen=True)
class Setting:
    """One row of the book: a practice in a province over a span of years."""
    practice: str
    province_id: str
    from_year: int
    to_year: int | None              # None: every later year too
    on_by_default: bool
    source: Source
    where: str                       # where the source says it
    confirmed: bool
    note: str
    parameters: Mapping              # what the practice needs besides on/off (the cap's level…)

    def covers(self, year: int) -> bool:
        return self.from_year <= year and (self.to_year is None or year <= self.to_year)

    def years(self, until: int) -> list[int]:
        """The years of the row, up to `until` for a row without an end."""
        return list(range(self.from_year, (self.to_year if self.to_year is not None else until) + 1))


@dataclass(frozen=True)
class RuleSwitch:
    """An administrator's decision for one practice, province and year (the latest one
    counts; the audit keeps the earlier ones)."""
    rule: str
    province_id: str
    year: int
    on: bool
    by: str                          # the account's username
    by_name: str                     # the person's name, as shown on the pages
    at: datetime

    @property
    def key(self) -> tuple[str, str, int]:
        return (self.rule, self.province_id, self.year)

    def to_record(self) -> dict:
        return {"rule": self.rule, "province_id": self.province_id, "year": self.year, "on": self.on,
                "by": self.by, "by_name": self.by_name, "at": self.at.isoformat(timespec="seconds")}

    @classmethod
    def from_record(cls, record: dict) -> "RuleSwitch":
        return cls(rule=record["rule"], province_id=record["province_id"], year=int(record["year"]),
                   on=bool(record["on"]), by=record["by"], by_name=record.get("by_name") or record["by"],
                   at=local(datetime.fromisoformat(record["at"])))


Switches = Mapping[tuple[str, str, int], RuleSwitch]


def switches_by_key(switches) -> dict[tuple[str, str, int], RuleSwitch]:
    return {switch.key: switch for switch in switches}


@dataclass(frozen=True)
class PracticeStatus:
    """Whether a practice applies to a province and year, and why."""
    practice: Practice
    year: int
    on: bool
    setting: Setting | None          # None: the book has no row (the practice does not apply)
    switch: RuleSwitch | None        # the administrator's decision, if one was taken

    @property
    def changed_by_admin(self) -> bool:
        return self.switch is not None and self.setting is not None and self.switch.on != self.setting.on_by_default


@dataclass(frozen=True)
class RuleBook:
    practices: dict[str, Practice]
    sources: dict[str, Source]
    settings: tuple[Setting, ...]
    notes: tuple[str, ...]
    data: Mapping                    # the whole file, for what one practice keeps of its own (the cap's levels)

    def setting_for(self, practice: str, province_id: str | None, year: int) -> Setting | None:
        return next((s for s in self.settings
                     if s.practice == practice and s.province_id == province_id and s.covers(year)), None)

    def status(self, practice: str, province_id: str | None, year: int,
               switches: Switches | None = None) -> PracticeStatus:
        setting = self.setting_for(practice, province_id, year)
        switch = (switches or {}).get((practice, province_id, year)) if setting else None
        on = switch.on if switch is not None else bool(setting and setting.on_by_default)
        return PracticeStatus(self.practices[practice], year, on, setting, switch)

    def of_practice(self, practice: str) -> list[Setting]:
        return [s for s in self.settings if s.practice == practice]


def rule_book_from(data: Mapping) -> RuleBook:
    sources = {key: Source(id=key, title=s["title"], paper=s["paper"], date=s["date"], about=s.get("about", ""),
                           link=s.get("link", ""), link_note=s.get("link_note", ""))
               for key, s in data["sources"].items()}
    practices = {p["id"]: Practice(p["id"], p["label"], p["on"], p["off"]) for p in data["practices"]}
    settings = []
    for row in data["settings"]:
        if row["practice"] not in practices or row["source"] not in sources:
            raise ValueError(f"local practice row {row['practice']} {row['province_id']}: unknown practice or source")
        settings.append(Setting(practice=row["practice"], province_id=row["province_id"],
                                from_year=int(row["from_year"]),
                                to_year=None if row.get("to_year") is None else int(row["to_year"]),
                                on_by_default=bool(row["on_by_default"]), source=sources[row["source"]],
                                where=row.get("where", ""), confirmed=bool(row.get("confirmed", False)),
                                note=row.get("note", ""), parameters=row.get("cap", {})))
    for i, one in enumerate(settings):
        for other in settings[i + 1:]:
            if (one.practice, one.province_id) == (other.practice, other.province_id) and _overlap(one, other):
                raise ValueError(f"local practice {one.practice} {one.province_id}: two rows cover the same year")
    return RuleBook(practices, sources, tuple(settings), tuple(data.get("notes", ())), data)


def _overlap(one: Setting, other: Setting) -> bool:
    """Whether two rows share a year (a row without an end runs on for ever)."""
    return (one.to_year is None or other.from_year <= one.to_year) and \
        (other.to_year is None or one.from_year <= other.to_year)


@lru_cache(maxsize=4)
def load_rule_book(path: Path = RULE_BOOK_FILE) -> RuleBook:
    return rule_book_from(json.loads(Path(path).read_text(encoding="utf-8")))
