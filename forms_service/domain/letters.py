"""Absence letters (đơn xin vắng sinh hoạt nơi cư trú): states, transitions, rules.

The Đồng Tháp standing committee asks that a member who must miss a residence meeting
write a letter with a clear reason, have it confirmed by the workplace grassroots
committee, and send it to the residence cell committee (Báo Đồng Tháp, 02/3/2024, on the
province's demands under Quy định 213-QĐ/TW). That confirmation first is a local practice,
a setting per province and year (local_rules.py, WORKPLACE_CONFIRMS_FIRST): `new_letter`
takes it as a parameter. Without it, the letter goes straight to the residence cell (the
practice of asking the cell committee's permission); the workplace is told and can read it.
No official template is known (none found in Hướng dẫn 33-HD/BTCTW, 30/10/2020): the
wording lives in data/forms/don-xin-vang.json.

    submitted --workplace confirms--> confirmed --cell agrees--> agreed
        |      --workplace declines--> declined      --cell does not--> not_agreed
        +--member withdraws (until the cell decides)--> withdrawn
    sent to the cell (workplace told) --cell agrees / does not--> agreed / not_agreed

The workplace's "không xác nhận" is its opinion, not the decision: a declined letter still
goes on to the residence cell with that opinion shown, and the cell agrees or not (the
residence cell is the one that follows the member's attendance, khoản 2–3 Điều 4 Quy định
213; who decides when the two differ is written nowhere we could read, so the cell does).
"""
from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field, replace
from datetime import date, datetime, timedelta
from enum import StrEnum
from functools import lru_cache
from pathlib import Path

from .access import Relation, define
from .clock import local

DATA_FILE = Path(__file__).resolve().parents[2] / "data" / "forms" / "don-xin-vang.json"
CODE_PREFIX = "VS"
CODE_PATTERN = re.compile(r"^VS-\d{4}-\d{5,}$")
MAX_REASON_TEXT = 500

# Who may do what with a letter (checked by every route with authorize()).
LETTER_CREATE = define("letter.create", MEMBER=Relation.OWN)
LETTER_LIST_OWN = define("letter.list_own", MEMBER=Relation.OWN)
LETTER_VIEW = define("letter.view", MEMBER=Relation.OWN, WORKPLACE_OFFICER=Relation.WORKPLACE,
                     CELL_SECRETARY=Relation.CELL, COMMUNE_OFFICER=Relation.COMMUNE, ADMIN=Relation.ANY)
LETTER_WITHDRAW = define("letter.withdraw", MEMBER=Relation.OWN)
LETTER_WORKPLACE_LIST = define("letter.workplace_list", WORKPLACE_OFFICER=Relation.UNIT)
LETTER_WORKPLACE_DECIDE = define("letter.workplace_decide", WORKPLACE_OFFICER=Relation.WORKPLACE)
LETTER_CELL_LIST = define("letter.cell_list", CELL_SECRETARY=Relation.UNIT)
LETTER_CELL_DECIDE = define("letter.cell_decide", CELL_SECRETARY=Relation.CELL)
LETTER_COMMUNE_LIST = define("letter.commune_list", COMMUNE_OFFICER=Relation.UNIT)


class LetterState(StrEnum):
    SUBMITTED = "da_gui"
    CONFIRMED = "noi_cong_tac_xac_nhan"
    DECLINED = "noi_cong_tac_khong_xac_nhan"
    AGREED = "chi_bo_dong_y"
    NOT_AGREED = "chi_bo_khong_dong_y"
    WITHDRAWN = "da_rut"
    SENT_TO_CELL = "gui_thang_chi_bo"   # where the workplace need not confirm first


STATE_LABELS = {
    LetterState.SUBMITTED: "Đã gửi, chờ nơi công tác xác nhận",
    LetterState.CONFIRMED: "Nơi công tác đã xác nhận, chờ chi bộ nơi cư trú",
    LetterState.DECLINED: "Nơi công tác không xác nhận, chờ chi bộ nơi cư trú quyết định",
    LetterState.AGREED: "Chi bộ nơi cư trú đồng ý",
    LetterState.NOT_AGREED: "Chi bộ nơi cư trú không đồng ý",
    LetterState.WITHDRAWN: "Đã rút đơn",
    LetterState.SENT_TO_CELL: "Đã gửi chi bộ nơi cư trú (nơi công tác được báo), chờ chi bộ cho ý kiến",
}
# The tag colour a page shows for each state.
STATE_TONES = {
    LetterState.SUBMITTED: "warn", LetterState.CONFIRMED: "warn", LetterState.DECLINED: "warn",
    LetterState.AGREED: "ok", LetterState.NOT_AGREED: "bad", LetterState.WITHDRAWN: "",
    LetterState.SENT_TO_CELL: "warn",
}
FINAL_STATES = frozenset({LetterState.AGREED, LetterState.NOT_AGREED, LetterState.WITHDRAWN})
# what each side's waiting list holds (the stores index these states)
WAITING_FOR_WORKPLACE = frozenset({LetterState.SUBMITTED})
# a declined letter waits for the cell too: the workplace's opinion is shown, the cell decides
WAITING_FOR_CELL = frozenset({LetterState.CONFIRMED, LetterState.SENT_TO_CELL, LetterState.DECLINED})


class ReasonKind(StrEnum):
    WORK = "cong_tac"
    ILLNESS = "om_dau"
    FAMILY = "gia_dinh"
    STUDY = "hoc_tap"
    TRAVEL = "di_xa"
    FORCE_MAJEURE = "bat_kha_khang"
    OTHER = "khac"


class Action(StrEnum):
    SUBMIT = "gui_don"
    CONFIRM = "xac_nhan"
    DECLINE = "khong_xac_nhan"
    AGREE = "dong_y"
    NOT_AGREE = "khong_dong_y"
    WITHDRAW = "rut_don"


ACTION_LABELS = {
    Action.SUBMIT: "Đảng viên gửi đơn",
    Action.CONFIRM: "Cấp ủy cơ sở nơi công tác xác nhận",
    Action.DECLINE: "Cấp ủy cơ sở nơi công tác không xác nhận",
    Action.AGREE: "Chi bộ nơi cư trú đồng ý",
    Action.NOT_AGREE: "Chi bộ nơi cư trú không đồng ý",
    Action.WITHDRAW: "Đảng viên rút đơn",
}

# action -> (states it may start from, state it leads to, whether a reason is required)
TRANSITIONS: dict[Action, tuple[frozenset, LetterState, bool]] = {
    Action.CONFIRM: (frozenset({LetterState.SUBMITTED}), LetterState.CONFIRMED, False),
    Action.DECLINE: (frozenset({LetterState.SUBMITTED}), LetterState.DECLINED, True),
    Action.AGREE: (WAITING_FOR_CELL, LetterState.AGREED, False),
    Action.NOT_AGREE: (WAITING_FOR_CELL, LetterState.NOT_AGREED, True),
    Action.WITHDRAW: (WAITING_FOR_WORKPLACE | WAITING_FOR_CELL, LetterState.WITHDRAWN, False),
}


class LetterError(ValueError):
    """A change the rules refuse; the message is Vietnamese and shown as is."""


@lru_cache(maxsize=1)
def letter_wording() -> dict:
    """Title, reason labels and commitment sentence (data, not code: see its _source)."""
    return json.loads(DATA_FILE.read_text(encoding="utf-8"))


def reason_label(kind: str, long: bool = False) -> str:
    for item in letter_wording()["reason_kinds"]:
        if item["code"] == kind:
            return item["long" if long else "label"]
    return kind


def reason_choices() -> list[tuple[str, str]]:
    return [(item["code"], item["long"]) for item in letter_wording()["reason_kinds"]]


@dataclass(frozen=True)
class Letter:
    code: str                       # "VS-2026-00123"
    member_id: str
    member_name: str
    cell_id: str                    # the member's residence cell
    workplace_id: str               # the member's workplace grassroots organisation
    meeting_ids: tuple[str, ...]    # scheduled Meeting records of the cell
    meeting_dates: tuple[date, ...]  # their dates, aligned with meeting_ids (for print and "late")
    other_dates: tuple[date, ...]   # days named without a scheduled meeting
    reason_kind: ReasonKind
    reason_text: str
    state: LetterState
    submitted_at: datetime
    late: bool = False              # sent after (one of) the meeting date(s)
    workplace_note: str = ""
    workplace_decided_at: datetime | None = None
    workplace_decided_by: str = ""
    cell_note: str = ""
    cell_decided_at: datetime | None = None
    cell_decided_by: str = ""
    history: tuple = field(default=())  # dicts {at, by, action, state, note}
    # whether the workplace had to confirm before the cell decides (the province's
    # practice that year, when the letter was sent; letters before the setting: yes)
    workplace_confirms_first: bool = True

    @property
    def is_agreed(self) -> bool:
        return self.state == LetterState.AGREED

    @property
    def workplace_declined(self) -> bool:
        """The workplace did not confirm (its opinion; the letter still went on to the cell)."""
        return any(step.get("action") == str(Action.DECLINE) for step in self.history)

    @property
    def awaits_workplace(self) -> bool:
        return self.state in WAITING_FOR_WORKPLACE

    @property
    def awaits_cell(self) -> bool:
        return self.state in WAITING_FOR_CELL

    @property
    def is_final(self) -> bool:
        return self.state in FINAL_STATES

    @property
    def can_withdraw(self) -> bool:
        return Action.WITHDRAW in actions_from(self.state)

    @property
    def reason_summary(self) -> str:
        label = reason_label(self.reason_kind)
        return f"{label}: {self.reason_text}" if self.reason_text else label

    @property
    def dates(self) -> tuple[date, ...]:
        return tuple(sorted(set(self.meeting_dates) | set(self.other_dates)))

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]

    @property
    def year(self) -> int:
        return self.submitted_at.year

    def to_record(self) -> dict:
        record = asdict(self)
        record.update(
            meeting_ids=list(self.meeting_ids),
            meeting_dates=[d.isoformat() for d in self.meeting_dates],
            other_dates=[d.isoformat() for d in self.other_dates],
            reason_kind=str(self.reason_kind), state=str(self.state),
            submitted_at=self.submitted_at.isoformat(timespec="seconds"),
            workplace_decided_at=_iso(self.workplace_decided_at),
            cell_decided_at=_iso(self.cell_decided_at),
            history=list(self.history))
        return record

    @classmethod
    def from_record(cls, record: dict) -> "Letter":
        data = {k: v for k, v in record.items() if k != "v"}
        data["meeting_ids"] = tuple(data.get("meeting_ids", ()))
        data["meeting_dates"] = tuple(date.fromisoformat(d) for d in data.get("meeting_dates", ()))
        data["other_dates"] = tuple(date.fromisoformat(d) for d in data.get("other_dates", ()))
        data["reason_kind"] = ReasonKind(data["reason_kind"])
        data["state"] = LetterState(data["state"])
        data["submitted_at"] = local(datetime.fromisoformat(data["submitted_at"]))
        for key in ("workplace_decided_at", "cell_decided_at"):
            data[key] = local(datetime.fromisoformat(data[key])) if data.get(key) else None
        data["history"] = tuple(data.get("history", ()))
        return cls(**data)


def _iso(value: datetime | None) -> str | None:
    return value.isoformat(timespec="seconds") if value else None


def actions_from(state: LetterState) -> list[Action]:
    return [action for action, (starts, _, _) in TRANSITIONS.items() if state in starts]


def new_letter(code: str, member_id: str, member_name: str, cell_id: str, workplace_id: str,
               meetings: list, other_dates: list[date], reason_kind: str, reason_text: str,
               at: datetime, by: str, workplace_confirms_first: bool = True) -> Letter:
    """A submitted letter. `meetings` are Meeting records already checked by letter_problems.
    `workplace_confirms_first`: the province's practice for the year; without it the letter
    goes straight to the residence cell."""
    meetings = sorted(meetings, key=lambda m: m.date)
    meeting_dates = tuple(m.date for m in meetings)
    other = tuple(sorted(set(other_dates)))
    late = any(day < at.date() for day in meeting_dates + other)
    state = LetterState.SUBMITTED if workplace_confirms_first else LetterState.SENT_TO_CELL
    entry = {"at": at.isoformat(timespec="seconds"), "by": by, "action": str(Action.SUBMIT),
             "state": str(state), "note": "Gửi sau ngày sinh hoạt" if late else ""}
    return Letter(code=code, member_id=member_id, member_name=member_name, cell_id=cell_id,
                  workplace_id=workplace_id, meeting_ids=tuple(m.id for m in meetings),
                  meeting_dates=meeting_dates, other_dates=other, reason_kind=ReasonKind(reason_kind),
                  reason_text=reason_text, state=state, submitted_at=at, late=late,
                  history=(entry,), workplace_confirms_first=workplace_confirms_first)


def transition(letter: Letter, action: Action, at: datetime, by: str, note: str = "") -> Letter:
    """The letter after `action`, or LetterError saying why not (who may act is checked
    by the access rules; this checks the state and the reason)."""
    starts, target, needs_reason = TRANSITIONS[action]
    if letter.state not in starts:
        raise LetterError(f"Đơn {letter.code} đang ở trạng thái “{STATE_LABELS[letter.state]}”, "
                          f"không thể thực hiện “{ACTION_LABELS[action].lower()}”.")
    note = note.strip()
    if needs_reason and not note:
        raise LetterError("Vui lòng ghi rõ lý do.")
    if len(note) > MAX_REASON_TEXT:
        raise LetterError(f"Lý do dài quá {MAX_REASON_TEXT} ký tự.")
    entry = {"at": at.isoformat(timespec="seconds"), "by": by, "action": str(action),
             "state": str(target), "note": note}
    changes: dict = {"state": target, "history": letter.history + (entry,)}
    if action in (Action.CONFIRM, Action.DECLINE):
        changes.update(workplace_note=note, workplace_decided_at=at, workplace_decided_by=by)
    elif action in (Action.AGREE, Action.NOT_AGREE):
        changes.update(cell_note=note, cell_decided_at=at, cell_decided_by=by)
    return replace(letter, **changes)


def letter_problems(residence_cell_id: str | None, meetings: list, unknown_meeting_ids: list[str],
                    other_dates: list[date], reason_kind: str | None, reason_text: str,
                    today: date) -> dict[str, str]:
    """What is wrong with a letter before it is sent: field name -> Vietnamese message.

    `meetings` are the Meeting records the member chose; `unknown_meeting_ids` the ids
    that match no meeting at all."""
    wording = letter_wording()
    problems: dict[str, str] = {}
    if not residence_cell_id:
        problems["meetings"] = ("Đồng chí chưa được giới thiệu về chi bộ nơi cư trú nào, nên chưa gửi được đơn. "
                                "Hãy liên hệ cấp ủy cơ sở nơi công tác.")
        return problems
    if unknown_meeting_ids or any(m.cell_id != residence_cell_id for m in meetings):
        problems["meetings"] = "Buổi sinh hoạt đã chọn không thuộc chi bộ nơi đồng chí cư trú. Vui lòng chọn lại."
    elif not meetings and not other_dates:
        problems["meetings"] = "Vui lòng chọn ít nhất một buổi sinh hoạt, hoặc ghi ngày sinh hoạt sẽ vắng."
    oldest = today - timedelta(days=wording["max_days_in_past"])
    latest = today + timedelta(days=wording["max_days_ahead"])
    days = [m.date for m in meetings] + list(other_dates)
    if "meetings" not in problems and any(day < oldest for day in days):
        problems["other_date" if any(d < oldest for d in other_dates) else "meetings"] = (
            f"Ngày sinh hoạt đã quá một năm (trước {oldest:%d/%m/%Y}); không thể xin vắng cho buổi đã qua lâu như vậy.")
    if any(day > latest for day in other_dates):
        problems["other_date"] = f"Ngày sinh hoạt quá xa (sau {latest:%d/%m/%Y}). Vui lòng kiểm tra lại năm."
    if reason_kind not in {str(kind) for kind in ReasonKind}:
        problems["reason_kind"] = "Vui lòng chọn lý do vắng."
    elif reason_kind == ReasonKind.OTHER and not reason_text.strip():
        problems["reason_text"] = "Với “Lý do khác”, vui lòng ghi rõ lý do."
    if len(reason_text) > MAX_REASON_TEXT:
        problems["reason_text"] = f"Lý do cụ thể không được dài quá {MAX_REASON_TEXT} ký tự."
    return problems


def letter_code(year: int, number: int) -> str:
    return f"{CODE_PREFIX}-{year}-{number:05d}"


def is_letter_code(text: str) -> bool:
    return bool(CODE_PATTERN.match(text or ""))
