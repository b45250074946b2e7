"""The advisory cap on a member's yearly quality rating, from the residence cell's attendance register.

The rule is not central (not in QĐ 213, HD 33, QĐ 124 or QĐ 366): it is a local practice,
kept by province and year in the rule book of local practices (data/rules/local-practices.json,
practice "gioi-han-xep-loai", see local_rules.py). A province or year with no row has no cap.
A row off by default (its application unconfirmed) has no effect until an administrator
switches it on in the service; the switch says who did it and when, and is shown wherever
the cap is. The result is advice for the workplace committee, shown with its reasons
(which meetings) and its legal basis; it never sets a rating by itself.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Iterable

from .attendance_register import Attendance, attendance_of, meetings_counted
from .local_rules import RATING_CAP, Locality, RuleSwitch, Setting, Switches
from .local_rules import RuleBook as LocalRules
from .local_rules import load_rule_book as load_local_rules
from .meetings import Meeting
from .members import Exemption, Member


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
class RuleBook:
    levels: dict[str, Level]
    settings: tuple[Setting, ...]    # the cap's rows of the book of local practices
    local: LocalRules                # which row holds where, and the switches: asked there, once

    def row_for(self, where: str | Locality | None, year: int) -> CapRule | None:
        """The cap's row for the place (a Locality, or a province id) and year, whether it
        applies or not."""
        setting = self.local.setting_for(RATING_CAP, where, year)
        return None if setting is None else _cap_rule(setting, year)

    def rule_for(self, where: str | Locality | None, year: int, switches: Switches | None = None) -> CapRule | None:
        """The rule that applies: a row on by default and not switched off, or one an
        administrator switched on."""
        status = self.local.status(RATING_CAP, where, year, switches)
        return _cap_rule(status.setting, year) if status.on else None

    def switch_for(self, where: str | Locality | None, year: int, switches: Switches | None) -> RuleSwitch | None:
        return self.local.status(RATING_CAP, where, year, switches).switch


def _cap_rule(setting: Setting, year: int) -> CapRule:
    cap = setting.parameters
    return CapRule(id=f"{RATING_CAP}-{setting.province_id}", province_id=setting.province_id, year=year,
                   max_level=cap["max_level"], min_unexcused_absences=int(cap.get("min_unexcused_absences", 1)),
                   force_majeure_excepted=bool(cap.get("force_majeure_excepted", True)),
                   legal_basis=cap["legal_basis"], source=f"{setting.source.citation}: {setting.where}",
                   kind=cap.get("kind", ""), unconfirmed=setting.unconfirmed, note=setting.note,
                   on_by_default=setting.on_by_default)


def rule_book_from(local: LocalRules) -> RuleBook:
    """The cap's part of the book of local practices: its levels and rows."""
    levels = {item["id"]: Level(item["id"], item["label"], item["rank"]) for item in local.data["levels"]}
    settings = tuple(local.of_practice(RATING_CAP))
    for setting in settings:
        if setting.parameters.get("max_level") not in levels:
            raise ValueError(f"rating cap {setting.province_id} {setting.from_year}: unknown level")
    return RuleBook(levels, settings, local)


@lru_cache(maxsize=1)
def load_rule_book() -> RuleBook:
    return rule_book_from(load_local_rules())


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
    switch: RuleSwitch | None = None   # who switched the rule on, and when

    @property
    def legal_basis(self) -> str:
        return self.rule.legal_basis if self.rule else ""


def rating_cap(member: Member, year: int, meetings: Iterable[Meeting], province_id: str | Locality | None,
               joined_on: date | None = None, book: RuleBook | None = None,
               switches: Switches | None = None) -> RatingCap:
    """Work out the cap for `member` in `year` from the cell's meetings.

    `province_id`: where the cell is, best as its Locality (a row narrowed to a commune or a
    former province holds only when the commune is known). Only meetings of the year held after the member joined the cell count (`joined_on`,
    None = before the year). Exempt members (HD 33 §1.1/§1.2) have no attendance duty,
    so no cap. Force majeure does not count when the rule excepts it; excused never does.
    `switches` are the administrator's decisions on the rows that are off by default."""
    book = book or load_rule_book()
    rule = book.rule_for(province_id, year, switches)
    switch = None if rule is None else book.switch_for(province_id, year, switches)
    counted = meetings_counted(meetings, year, joined_on)
    if rule is None:
        # a row switched off is a decision; no row is only what the handbook does not know
        why = (f"Năm {year} không áp dụng giới hạn mức xếp loại theo việc vắng sinh hoạt nơi cư trú."
               if book.row_for(province_id, year) else
               f"Năm {year}: sổ tay chưa có thông tin về quy định riêng của địa phương giới hạn mức xếp loại "
               "theo việc vắng sinh hoạt nơi cư trú.")
        return RatingCap(member.id, year, None, (), len(counted), None, why)
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
