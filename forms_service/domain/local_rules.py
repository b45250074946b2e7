"""Local practices: settings per place and year, each with its source.

Quy định 213-QĐ/TW and Hướng dẫn 33-HD/BTCTW say nothing of how an absence is handled
or of a cap on the yearly rating; some localities add such practices. Each one is kept in
the rule book data/rules/local-practices.json as rows: where (a province; or one commune or
ward of it, since wards now issue their own texts; or the part of a merged province that
was a former province, "tiền thân"), years, on or off by default, what the source says and,
apart from it, the years the handbook chose and why. An administrator may switch a row's
year on or off, for the whole row or for one commune; the switch records who and when, and
every page that shows the practice shows it. A place or year with no row: the book has no
information, and the service does not apply the practice (the book's notes say why).

Everything that asks "does this commune apply practice X in year Y" goes through
`RuleBook.status(...)`; the other domain rules take the answer as a plain parameter (the
letter's chain, the comment's prefill, the rating cap).
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

# Shown with every row: what the book knows and what it chose (no row is "confirmed": the
# provincial text behind the article has not been read).
REPORTED_NOT_CONFIRMED = "Bài báo nêu yêu cầu này; năm áp dụng là lựa chọn của sổ tay."


@dataclass(frozen=True)
class Locality:
    """Where a practice is asked about: the province and, when known, the commune or ward and
    the former province it was part of before the merger of 1/7/2025."""
    province_id: str | None
    commune_id: str | None = None
    former_province: str | None = None


def as_locality(where: "str | Locality | None") -> Locality:
    """A bare province id (the older call) asks for the province as a whole: rows narrowed to
    a commune or a former province do not answer it."""
    return where if isinstance(where, Locality) else Locality(where)


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    paper: str
    date: str
    about: str
    link: str
    link_note: str
    document_read: bool = False      # whether the text the source reports has been read

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
    """One row of the book: a practice in a place over a span of years."""
    practice: str
    province_id: str
    commune_id: str | None           # the row is one commune's or ward's own
    former_province: str | None      # the row holds only in the communes of this former province
    from_year: int
    to_year: int | None              # None: every later year too
    on_by_default: bool
    source: Source
    where: str                       # what the source says, quoted, and where
    years_choice: str                # the handbook's choice of years and place, and why
    note: str
    parameters: Mapping              # what the practice needs besides on/off (the cap's level…)

    @property
    def part(self) -> str | None:
        """The part of the province the row is narrowed to, None for the whole province."""
        return self.commune_id or self.former_province

    @property
    def unconfirmed(self) -> bool:
        return not self.source.document_read

    def covers(self, year: int) -> bool:
        return self.from_year <= year and (self.to_year is None or year <= self.to_year)

    def holds_in(self, locality: Locality) -> bool:
        if locality.province_id != self.province_id:
            return False
        if self.commune_id:
            return locality.commune_id == self.commune_id
        return self.former_province is None or locality.former_province == self.former_province

    def years(self, until: int) -> list[int]:
        """The years of the row, up to `until` for a row without an end."""
        return list(range(self.from_year, (self.to_year if self.to_year is not None else until) + 1))


@dataclass(frozen=True)
class RuleSwitch:
    """An administrator's decision for one practice, province and year, for the whole row or
    narrowed to one part of the province (`part`: a commune's id, or the former province a row
    holds in). The latest one counts; the audit keeps the earlier ones."""
    rule: str
    province_id: str
    year: int
    on: bool
    by: str                          # the account's username
    by_name: str                     # the person's name, as shown on the pages
    at: datetime
    part: str | None = None

    @property
    def key(self) -> tuple[str, str, int]:
        """A part's id never equals a province's, so one key names either."""
        return (self.rule, self.part or self.province_id, self.year)

    def to_record(self) -> dict:
        return {"rule": self.rule, "province_id": self.province_id, "year": self.year, "on": self.on,
                "by": self.by, "by_name": self.by_name, "at": self.at.isoformat(timespec="seconds"),
                "part": self.part}

    @classmethod
    def from_record(cls, record: dict) -> "RuleSwitch":
        return cls(rule=record["rule"], province_id=record["province_id"], year=int(record["year"]),
                   on=bool(record["on"]), by=record["by"], by_name=record.get("by_name") or record["by"],
                   at=local(datetime.fromisoformat(record["at"])), part=record.get("part"))


Switches = Mapping[tuple[str, str, int], RuleSwitch]


def switches_by_key(switches) -> dict[tuple[str, str, int], RuleSwitch]:
    return {switch.key: switch for switch in switches}


@dataclass(frozen=True)
class PracticeStatus:
    """Whether a practice applies to a place and year, and why."""
    practice: Practice
    year: int
    on: bool
    setting: Setting | None          # None: the book has no row (the practice is not applied)
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
    former_provinces: dict[str, str]  # id -> name, for the rows narrowed to one
    data: Mapping                    # the whole file, for what one practice keeps of its own (the cap's levels)

    def setting_for(self, practice: str, where: "str | Locality | None", year: int) -> Setting | None:
        """The row that holds: a commune's own row wins over its former province's, which wins
        over the province's."""
        locality = as_locality(where)
        rows = [s for s in self.settings if s.practice == practice and s.covers(year) and s.holds_in(locality)]
        return min(rows, key=lambda s: 0 if s.commune_id else 1 if s.former_province else 2, default=None)

    def status(self, practice: str, where: "str | Locality | None", year: int,
               switches: Switches | None = None) -> PracticeStatus:
        """Whether `practice` applies at `where` (a Locality, or a province id) in `year`: the
        row's default, unless an administrator switched the row's year, or that year for this
        very commune (which wins)."""
        locality = as_locality(where)
        setting = self.setting_for(practice, locality, year)
        switch = None
        if setting is not None:
            switches = switches or {}
            switch = (switches.get((practice, locality.commune_id, year)) if locality.commune_id else None) \
                or switches.get((practice, setting.part or setting.province_id, year))
        on = switch.on if switch is not None else bool(setting and setting.on_by_default)
        return PracticeStatus(self.practices[practice], year, on, setting, switch)

    def of_practice(self, practice: str) -> list[Setting]:
        return [s for s in self.settings if s.practice == practice]

    def place_name(self, setting: Setting, unit_name) -> str:
        """Where a row holds, in words: the province, narrowed to a commune or a former province."""
        name = unit_name(setting.province_id)
        if setting.commune_id:
            return f"{unit_name(setting.commune_id)} ({name})"
        if setting.former_province:
            return f"{name} – chỉ các xã, phường thuộc {self.former_provinces[setting.former_province]}"
        return name


def rule_book_from(data: Mapping) -> RuleBook:
    sources = {key: Source(id=key, title=s["title"], paper=s["paper"], date=s["date"], about=s.get("about", ""),
                           link=s.get("link", ""), link_note=s.get("link_note", ""),
                           document_read=bool(s.get("document_read", False)))
               for key, s in data["sources"].items()}
    practices = {p["id"]: Practice(p["id"], p["label"], p["on"], p["off"]) for p in data["practices"]}
    former = dict(data.get("former_provinces", {}))
    settings = []
    for row in data["settings"]:
        if row["practice"] not in practices or row["source"] not in sources:
            raise ValueError(f"local practice row {row['practice']} {row['province_id']}: unknown practice or source")
        if row.get("former_province") and row["former_province"] not in former:
            raise ValueError(f"local practice row {row['practice']}: unknown former province")
        if "confirmed" in row or not row.get("years_choice"):
            # the book says what the source reports and, apart, what the handbook chose
            raise ValueError(f"local practice row {row['practice']} {row['from_year']}: needs years_choice, "
                             "and no 'confirmed'")
        settings.append(Setting(practice=row["practice"], province_id=row["province_id"],
                                commune_id=row.get("commune_id"), former_province=row.get("former_province"),
                                from_year=int(row["from_year"]),
                                to_year=None if row.get("to_year") is None else int(row["to_year"]),
                                on_by_default=bool(row["on_by_default"]), source=sources[row["source"]],
                                where=row.get("where", ""), years_choice=row["years_choice"],
                                note=row.get("note", ""), parameters=row.get("cap", {})))
    for i, one in enumerate(settings):
        for other in settings[i + 1:]:
            if (one.practice, one.province_id, one.part) == (other.practice, other.province_id, other.part) \
                    and _overlap(one, other):
                raise ValueError(f"local practice {one.practice} {one.province_id}: two rows cover the same year")
    return RuleBook(practices, sources, tuple(settings), tuple(data.get("notes", ())), former, data)


def _overlap(one: Setting, other: Setting) -> bool:
    """Whether two rows share a year (a row without an end runs on for ever)."""
    return (one.to_year is None or other.from_year <= one.to_year) and \
        (other.to_year is None or one.from_year <= other.to_year)


@lru_cache(maxsize=4)
def load_rule_book(path: Path = RULE_BOOK_FILE) -> RuleBook:
    return rule_book_from(json.loads(Path(path).read_text(encoding="utf-8")))
