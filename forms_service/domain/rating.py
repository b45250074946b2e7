"""The advisory cap on a member's yearly quality rating, from the residence register.

The rule is not central (not in QĐ 213, HD 33, QĐ 124 or QĐ 366): it is a provincial
rule, kept by province and year in data/rules/rating-cap.json. A province or year with
no rule there has no cap. A row whose application is unconfirmed (`on_by_default` false)
has no effect until an administrator switches it on in the service; the switch says who
did it and when, and is shown wherever the cap is. The result is advice for the workplace committee, shown with
its reasons (which meetings) and its legal basis; it never sets a rating by itself.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Mapping

from .access import Relation, define
from .meetings import Meeting
from .members import Exemption, Member
from .register import Attendance, attendance_of, meetings_counted

# Only an administrator applies a rule whose application in the province is unconfirmed.
SWITCH_CAP = define("rating.switch_cap", ADMIN=Relation.ANY)

RULES_FILE = Path(__file__).resolve().parents[2] / "data" / "rules" / "rating-cap.json"


@dataclass(frozen=True)
class Level:
    id: str
    label: str
    rank: int  # 1 = best


@dataclass(frozen=True)
class CapRule:
    id: str
    province_id: str
    year: int
    max_level: str
    min_unexcused_absences: int
    force_majeure_excepted: bool
    legal_basis: str
    source: str
    kind: str
    unconfirmed: bool
    note: str
    on_by_default: bool = True       # False: applies only once an administrator switches it on


@dataclass(frozen=True)
class CapSwitch:
    """An administrator's decision to apply (or stop applying) an unconfirmed row."""
    province_id: str
    year: int
    on: bool
    by: str                          # the account's username
    by_name: str                     # the person's name, as shown on the pages
    at: datetime


Switches = Mapping[tuple[str, int], CapSwitch]


@dataclass(frozen=True)
class RuleBook:
    levels: dict[str, Level]
    rules: tuple[CapRule, ...]

    def row_for(self, province_id: str | None, year: int) -> CapRule | None:
        """The row of data/ for the province and year, whether it applies or not."""
        return next((r for r in self.rules if r.province_id == province_id and r.year == year), None)

    def rule_for(self, province_id: str | None, year: int, switches: Switches | None = None) -> CapRule | None:
        """The rule that applies: a row on by default, or one an administrator switched on."""
        row = self.row_for(province_id, year)
        if row is None or row.on_by_default:
            return row
        switch = (switches or {}).get((row.province_id, row.year))
        return row if switch is not None and switch.on else None


def rule_book_from(data: dict) -> RuleBook:
    levels = {item["id"]: Level(item["id"], item["label"], item["rank"]) for item in data["levels"]}
    rules = tuple(CapRule(id=r["id"], province_id=r["province_id"], year=int(r["year"]), max_level=r["max_level"],
                          min_unexcused_absences=int(r.get("min_unexcused_absences", 1)),
                          force_majeure_excepted=bool(r.get("force_majeure_excepted", True)),
                          legal_basis=r["legal_basis"], source=r.get("source", ""), kind=r.get("kind", ""),
                          unconfirmed=bool(r.get("unconfirmed", False)), note=r.get("note", ""),
                          on_by_default=bool(r.get("on_by_default", True)))
                  for r in data["rules"])
    for rule in rules:
        if rule.max_level not in levels:
            raise ValueError(f"rating rule {rule.id} {rule.year}: unknown level {rule.max_level}")
    return RuleBook(levels, rules)


@lru_cache(maxsize=4)
def load_rule_book(path: Path = RULES_FILE) -> RuleBook:
    return rule_book_from(json.loads(Path(path).read_text(encoding="utf-8")))


@dataclass(frozen=True)
class RatingCap:
    """The answer for one member and year. `level` None means no cap."""
    member_id: str
    year: int
    level: Level | None
    reasons: tuple[str, ...]           # the meetings that cause the cap, "14/06/2026: vắng không có lý do chính đáng"
    counted_meetings: int
    rule: CapRule | None
    explanation: str                   # one sentence for the page and the printed comment
    switch: CapSwitch | None = None    # who switched an unconfirmed rule on, and when

    @property
    def legal_basis(self) -> str:
        return self.rule.legal_basis if self.rule else ""


def rating_cap(member: Member, year: int, meetings: Iterable[Meeting], province_id: str | None,
               joined_on: date | None = None, book: RuleBook | None = None,
               switches: Switches | None = None) -> RatingCap:
    """Work out the cap for `member` in `year` from the cell's meetings.

    Only meetings of the year held after the member joined the cell count (`joined_on`,
    None = before the year). Exempt members (HD 33 §1.1/§1.2) have no attendance duty,
    so no cap. Force majeure does not count when the rule excepts it; excused never does.
    `switches` are the administrator's decisions on the rows that are off by default."""
    book = book or load_rule_book()
    rule = book.rule_for(province_id, year, switches)
    switch = None if rule is None or rule.on_by_default else (switches or {}).get((rule.province_id, rule.year))
    counted = meetings_counted(meetings, year, joined_on)
    if rule is None:
        return RatingCap(member.id, year, None, (), len(counted), None,
                         f"Năm {year} không có quy định giới hạn mức xếp loại theo việc vắng sinh hoạt nơi cư trú.")
    if member.exempt_on(date(year, 1, 1)):
        return RatingCap(member.id, year, None, (), 0, rule,
                         "Đảng viên được miễn sinh hoạt nơi cư trú: không áp dụng giới hạn mức xếp loại.", switch)
    if member.exemption != Exemption.NONE:
        # exempt from a date within the year: the meetings before it keep counting
        counted = [m for m in counted if not member.exempt_on(m.date)]
    reasons = []
    for meeting in counted:
        entry = attendance_of(meeting).get(member.id)
        if entry is None:
            continue
        if entry.status == Attendance.UNEXCUSED or (entry.status == Attendance.FORCE_MAJEURE
                                                    and not rule.force_majeure_excepted):
            reasons.append(f"{meeting.date:%d/%m/%Y}: {entry.label.lower()}")
    if len(reasons) >= rule.min_unexcused_absences:
        level = book.levels[rule.max_level]
        better = [lv.label for lv in sorted(book.levels.values(), key=lambda lv: lv.rank) if lv.rank < level.rank]
        explanation = (f"Vắng {len(reasons)} buổi sinh hoạt nơi cư trú không có lý do chính đáng trong năm {year}: "
                       f"mức xếp loại cao nhất là “{level.label}” (không xếp “{' / '.join(better)}”).")
        return RatingCap(member.id, year, level, tuple(reasons), len(counted), rule, explanation, switch)
    return RatingCap(member.id, year, None, (), len(counted), rule,
                     f"Không có buổi vắng không lý do chính đáng trong năm {year}: không bị giới hạn mức xếp loại.",
                     switch)
