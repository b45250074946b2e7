"""Reminders: what the service tells a person ahead of a duty. Reminding members is among
the demands the Ban Thường vụ Tỉnh ủy Đồng Tháp made of workplace committees, as reported in
the article "Nêu cao trách nhiệm của đảng viên đang công tác thường xuyên giữ mối liên hệ với
tổ chức đảng và Nhân dân nơi cư trú" (Báo Đồng Tháp, 02/3/2024); whether Điều 3 Quy định số
213-QĐ/TW itself says so is not confirmed (its wording has not been checked against the
original text). The service offers the reminders everywhere, as a help, not as a rule.

- a working member: 7 days and 1 day before a meeting of the residence cell, while not yet
  exempt on the meeting's day; the text asks for an absence letter only where the local
  practice asks for one (the workplace confirms first), otherwise to tell the cell committee;
- whoever must decide on an absence letter (the workplace officers, or the cell secretaries
  once the letter reaches the cell): after 3 days of waiting, or earlier, the day before the
  meeting it is about, so that the decision comes before the meeting;
- the cell secretaries: 14 days before the deadline the workplace set on a comment request.

Each reminder has a key that names its event and its recipient, so it is made once however
often the reminders are computed; it is shown on the recipient's home page until its event
has passed, and mailed through the outbox.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum

from .access import Role
from .comments import Comment, CommentState
from .letters import Letter, LetterState
from .meetings import Meeting
from .members import Member, MemberStatus

MEETING_DAYS_BEFORE = (7, 1)
LETTER_WAIT = timedelta(days=3)
LETTER_DAYS_BEFORE_MEETING = 1       # a letter still waiting is reminded the day before its meeting at the latest
COMMENT_DAYS_BEFORE_DEADLINE = 14
LETTER_SHOWN_FOR = timedelta(days=7)


class ReminderKind(StrEnum):
    MEETING = "hop_chi_bo"
    LETTER_WAITING = "don_cho_xac_nhan"
    LETTER_WAITING_FOR_CELL = "don_cho_chi_bo"
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


def meeting_reminders(meeting: Meeting, members: list[Member], today: date,
                      letter_asked: bool = False) -> list[Reminder]:
    """7 days ahead (from the 7th day to the 2nd before), then 1 day ahead (the day before or,
    if the command did not run then, the day itself). `letter_asked`: whether the cell's local
    practice that year asks an absence letter confirmed by the workplace (local_rules.py,
    WORKPLACE_CONFIRMS_FIRST); without it the member is asked to tell the cell committee. A
    member exempt from a later date is still reminded of the meetings before it."""
    days_left = (meeting.date - today).days
    if days_left < 0:
        return []
    due = 1 if days_left <= 1 else 7 if days_left <= 7 else None
    if due is None:
        return []
    when = meeting.date.strftime("%d/%m/%Y") + (f" lúc {meeting.time}" if meeting.time else "")
    if_absent = ("Nếu không dự được, đồng chí gửi đơn xin vắng trước buổi sinh hoạt." if letter_asked else
                 "Nếu không dự được, đồng chí báo cho chi ủy chi bộ nơi cư trú biết và nêu lý do.")
    text = (f"Nhắc sinh hoạt chi bộ nơi cư trú ngày {when}" + (f" tại {meeting.place}" if meeting.place else "")
            + f". {if_absent}")
    return [Reminder(key=f"{ReminderKind.MEETING}~{meeting.id}~{member.id}~{due}", kind=ReminderKind.MEETING,
                     text=text, path="don-xin-vang/moi", shown_until=meeting.date, member_id=member.id, made_on=today)
            for member in members
            if member.residence_cell_id == meeting.cell_id and member.status == MemberStatus.ACTIVE
            and not member.exempt_on(meeting.date)]


def letter_due_at(letter: Letter, waiting_since: datetime) -> datetime:
    """When a letter still waiting is reminded: 3 days after it began waiting, or the day
    before the first of its meetings still ahead then, whichever comes first (at once for a
    letter that arrives on that day or later)."""
    after_wait = waiting_since + LETTER_WAIT
    ahead = [day for day in letter.dates if day >= waiting_since.date()]
    if not ahead:
        return after_wait
    eve = datetime.combine(min(ahead) - timedelta(days=LETTER_DAYS_BEFORE_MEETING), time.min,
                           tzinfo=waiting_since.tzinfo)
    return max(waiting_since, min(after_wait, eve))


def _meeting_note(letter: Letter, today: date) -> str:
    ahead = [day for day in letter.dates if day >= today]
    return f" Buổi sinh hoạt ngày {min(ahead):%d/%m/%Y}." if ahead else ""


def letter_reminder(letter: Letter, now: datetime) -> Reminder | None:
    """A letter still waiting for the workplace's confirmation, when due (letter_due_at)."""
    if letter.state != LetterState.SUBMITTED or now <= letter_due_at(letter, letter.submitted_at):
        return None
    return Reminder(key=f"{ReminderKind.LETTER_WAITING}~{letter.code}", kind=ReminderKind.LETTER_WAITING,
                    text=(f"Đơn xin vắng {letter.code} của đồng chí {letter.member_name} gửi ngày "
                          f"{letter.submitted_at:%d/%m/%Y} đang chờ cấp ủy cơ sở nơi công tác xác nhận."
                          + _meeting_note(letter, now.date())),
                    path=f"duyet-don-vang/noi-cong-tac/{letter.code}", shown_until=now.date() + LETTER_SHOWN_FOR,
                    unit_id=letter.workplace_id, role=str(Role.WORKPLACE_OFFICER), made_on=now.date())


def cell_letter_reminder(letter: Letter, now: datetime) -> Reminder | None:
    """A letter waiting for the residence cell's decision (sent straight to it, or confirmed by
    the workplace), when due (letter_due_at, counted from when it reached the cell)."""
    if letter.state not in (LetterState.SENT_TO_CELL, LetterState.CONFIRMED):
        return None
    reached = letter.workplace_decided_at if letter.state == LetterState.CONFIRMED else letter.submitted_at
    if reached is None or now <= letter_due_at(letter, reached):
        return None
    return Reminder(key=f"{ReminderKind.LETTER_WAITING_FOR_CELL}~{letter.code}",
                    kind=ReminderKind.LETTER_WAITING_FOR_CELL,
                    text=(f"Đơn xin vắng {letter.code} của đồng chí {letter.member_name} đến chi bộ ngày "
                          f"{reached:%d/%m/%Y} đang chờ chi ủy cho ý kiến." + _meeting_note(letter, now.date())),
                    path=f"duyet-don-vang/chi-bo/{letter.code}", shown_until=now.date() + LETTER_SHOWN_FOR,
                    unit_id=letter.cell_id, role=str(Role.CELL_SECRETARY), made_on=now.date())


def comment_reminder(comment: Comment, today: date) -> Reminder | None:
    """A comment request still to fill, 14 days or less before the deadline the workplace set."""
    if comment.deadline is None or comment.state != CommentState.REQUESTED:
        return None
    days_left = (comment.deadline - today).days
    if not 0 <= days_left <= COMMENT_DAYS_BEFORE_DEADLINE:
        return None
    return Reminder(key=f"{ReminderKind.COMMENT_DEADLINE}~{comment.code}", kind=ReminderKind.COMMENT_DEADLINE,
                    text=(f"Phiếu nhận xét đồng chí {comment.member_name} năm {comment.year} ({comment.code}): "
                          f"cấp ủy cơ sở nơi công tác đề nghị gửi lại chậm nhất ngày {comment.deadline:%d/%m/%Y}."),
                    path=f"phieu-nhan-xet/{comment.code}/dien", shown_until=comment.deadline,
                    unit_id=comment.cell_id, role=str(Role.CELL_SECRETARY), made_on=today)
