"""Reminders: what the service tells a person ahead of a duty (Điều 3 Quy định số 213-QĐ/TW
ngày 2/1/2020: the workplace committee reminds and follows its members; the Đồng Tháp
provincial standing committee asked the workplace to remind its members, Báo Đồng Tháp,
2/3/2024).

- a working member: 7 days and 1 day before a meeting of the residence cell;
- the workplace officers: a letter waiting for their confirmation more than 3 days;
- the cell secretaries: 14 days before the deadline the workplace set on a comment request.

Each reminder has a key that names its event and its recipient, so it is made once however
often the reminders are computed; it is shown on the recipient's home page until its event
has passed, and mailed through the outbox.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from .access import Role
from .comments import Comment, CommentState
from .letters import Letter, LetterState
from .meetings import Meeting
from .members import Member

MEETING_DAYS_BEFORE = (7, 1)
LETTER_WAIT = timedelta(days=3)
COMMENT_DAYS_BEFORE_DEADLINE = 14
LETTER_SHOWN_FOR = timedelta(days=7)


class ReminderKind(StrEnum):
    MEETING = "hop_chi_bo"
    LETTER_WAITING = "don_cho_xac_nhan"
    COMMENT_DEADLINE = "han_nhan_xet"


@dataclass(frozen=True)
class Reminder:
    key: str
    kind: ReminderKind
    text: str
    path: str                     # the page it is about, under the service
    shown_until: date             # the day of its event; not shown after it
    member_id: str | None = None  # to a member ...
    unit_id: str | None = None    # ... or to the officers of a unit with this role
    role: str | None = None
    made_on: date | None = None

    @property
    def recipient(self) -> str:
        """Where the reminder is kept: the member, or the unit and role."""
        return member_recipient(self.member_id) if self.member_id else officer_recipient(self.unit_id, self.role)

    def to_record(self) -> dict:
        record = asdict(self) | {"kind": str(self.kind), "shown_until": self.shown_until.isoformat()}
        record["made_on"] = self.made_on.isoformat() if self.made_on else None
        return record

    @classmethod
    def from_record(cls, record: dict) -> "Reminder":
        data = {k: v for k, v in record.items() if k not in ("v", "recipient")}
        data["kind"] = ReminderKind(data["kind"])
        data["shown_until"] = date.fromisoformat(data["shown_until"])
        data["made_on"] = date.fromisoformat(data["made_on"]) if data.get("made_on") else None
        return cls(**data)


def member_recipient(member_id: str) -> str:
    return f"m.{member_id}"


def officer_recipient(unit_id: str, role: str) -> str:
    return f"u.{unit_id}.{role}"


def meeting_reminders(meeting: Meeting, members: list[Member], today: date) -> list[Reminder]:
    """7 days ahead (from the 7th day to the 2nd before), then 1 day ahead (the day before or,
    if the command did not run then, the day itself)."""
    days_left = (meeting.date - today).days
    if days_left < 0:
        return []
    due = 1 if days_left <= 1 else 7 if days_left <= 7 else None
    if due is None:
        return []
    when = meeting.date.strftime("%d/%m/%Y") + (f" lúc {meeting.time}" if meeting.time else "")
    text = (f"Nhắc sinh hoạt chi bộ nơi cư trú ngày {when}" + (f" tại {meeting.place}" if meeting.place else "")
            + ". Nếu không dự được, đồng chí gửi đơn xin vắng trước buổi sinh hoạt.")
    return [Reminder(key=f"{ReminderKind.MEETING}~{meeting.id}~{member.id}~{due}", kind=ReminderKind.MEETING,
                     text=text, path="don-xin-vang/moi", shown_until=meeting.date, member_id=member.id, made_on=today)
            for member in members
            if member.residence_cell_id == meeting.cell_id and member.attends_residence_meetings]


def letter_reminder(letter: Letter, now: datetime) -> Reminder | None:
    """A letter still waiting for the workplace's confirmation more than 3 days after it was sent."""
    if letter.state != LetterState.SUBMITTED or now - letter.submitted_at <= LETTER_WAIT:
        return None
    return Reminder(key=f"{ReminderKind.LETTER_WAITING}~{letter.code}", kind=ReminderKind.LETTER_WAITING,
                    text=(f"Đơn xin vắng {letter.code} của đồng chí {letter.member_name} gửi ngày "
                          f"{letter.submitted_at:%d/%m/%Y} đã chờ xác nhận quá 3 ngày."),
                    path=f"duyet-don-vang/noi-cong-tac/{letter.code}", shown_until=now.date() + LETTER_SHOWN_FOR,
                    unit_id=letter.workplace_id, role=str(Role.WORKPLACE_OFFICER), made_on=now.date())


def comment_reminder(comment: Comment, today: date) -> Reminder | None:
    """A comment request still to fill, 14 days or less before the deadline the workplace set."""
    if comment.deadline is None or comment.state != CommentState.REQUESTED:
        return None
    days_left = (comment.deadline - today).days
    if not 0 <= days_left <= COMMENT_DAYS_BEFORE_DEADLINE:
        return None
    return Reminder(key=f"{ReminderKind.COMMENT_DEADLINE}~{comment.code}", kind=ReminderKind.COMMENT_DEADLINE,
                    text=(f"Phiếu nhận xét đồng chí {comment.member_name} năm {comment.year} ({comment.code}): "
                          f"cấp ủy cơ sở nơi công tác đề nghị gửi lại trước ngày {comment.deadline:%d/%m/%Y}."),
                    path=f"phieu-nhan-xet/{comment.code}/dien", shown_until=comment.deadline,
                    unit_id=comment.cell_id, role=str(Role.CELL_SECRETARY), made_on=today)
