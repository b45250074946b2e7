"""The yearly comment of the residence cell on a working member (Mẫu 3-213).

The workplace committee asks (the request part); the residence cell secretary fills
it in (criteria with levels, the cell's proposal, "nhận xét khác") and submits it; the
workplace officer marks it received. Titles, criteria and levels come from
data/forms/mau-3-213.json, with their sources and what is unconfirmed.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, replace
from datetime import date, datetime
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from .access import Relation, define
from .attendance_register import Absence
from .members import Exemption, Member, MemberStatus

FORM_FILE = Path(__file__).resolve().parents[2] / "data" / "forms" / "mau-3-213.json"

REQUEST = define("comment.request", WORKPLACE_OFFICER=Relation.WORKPLACE)
LIST_WORKPLACE = define("comment.list_workplace", WORKPLACE_OFFICER=Relation.UNIT)
VIEW = define("comment.view", WORKPLACE_OFFICER=Relation.WORKPLACE, CELL_SECRETARY=Relation.CELL,
              COMMUNE_OFFICER=Relation.COMMUNE, ADMIN=Relation.ANY)
LIST_CELL = define("comment.list_cell", CELL_SECRETARY=Relation.UNIT)
FILL = define("comment.fill", CELL_SECRETARY=Relation.CELL)
RECEIVE = define("comment.receive", WORKPLACE_OFFICER=Relation.WORKPLACE)
# The member sees only where their comment stands, never what the cell wrote.
VIEW_OWN_STATE = define("comment.view_own_state", MEMBER=Relation.OWN)


# What the workplace is told when it asks for the comment of a member exempt under HD 33
# mục 1.1 without the reason ("khi cần" only); the page shows it at the reason field.
REASON_NEEDED = ("Đồng chí {name} được miễn sinh hoạt nơi cư trú theo mục 1.1 Hướng dẫn số 33-HD/BTCTW, "
                 "không xin nhận xét định kỳ; chỉ xin khi cần. Vui lòng ghi lý do xin nhận xét.")

DATE_FIELDS = ("requested_on", "submitted_on", "received_on", "front_consulted_on", "deadline")


class CommentState(StrEnum):
    REQUESTED = "da_xin_y_kien"
    SUBMITTED = "da_gui"
    RECEIVED = "da_nhan"


STATE_LABELS = {
    CommentState.REQUESTED: "Đang chờ chi bộ nơi cư trú nhận xét",
    CommentState.SUBMITTED: "Chi bộ đã gửi nhận xét",
    CommentState.RECEIVED: "Cấp ủy cơ sở nơi công tác đã nhận",
}
NOT_REQUESTED_LABEL = "Chưa xin ý kiến"  # no comment asked for the year yet


class Variant(StrEnum):
    FULL = "day_du"                 # member attends residence meetings
    EXEMPT = "mien_sinh_hoat"       # HD 33 §1.1: exempt from residence activity


@dataclass(frozen=True)
class Criterion:
    id: str
    text: str
    duty: str
    levels: tuple[tuple[str, str], ...]  # (id, label)

    def level_label(self, level_id: str) -> str:
        return dict(self.levels).get(level_id, "")


@dataclass(frozen=True)
class CommentForm:
    """The wording of Mẫu 3-213 as kept in data/."""
    data: dict

    def criteria(self, variant: Variant) -> tuple[Criterion, ...]:
        return tuple(Criterion(c["id"], c["text"], c["duty"], tuple(tuple(x) for x in c["levels"]))
                     for c in self.data["variants"][str(variant)]["criteria"])

    def variant_label(self, variant: Variant) -> str:
        return self.data["variants"][str(variant)]["label"]

    @property
    def proposals(self) -> tuple[tuple[str, str], ...]:
        return tuple(tuple(x) for x in self.data["proposal"]["options"])

    def proposal_label(self, proposal_id: str) -> str:
        return dict(self.proposals).get(proposal_id, "")

    def front_line(self, consulted_on: date | None) -> str:
        """The line a sent comment prints when the Front work committee of the area had given
        its opinion, with the day it did; nothing when it had not: the form the secretary signs
        must not state a coordination that did not happen."""
        if consulted_on is None:
            return ""
        return self.data["comment_part"]["front_line"].format(date=f"{consulted_on:%d/%m/%Y}")

    @property
    def front_fill_in_line(self) -> str:
        """The line of a comment part not filled in on the web, for the secretary to complete
        by hand if the committee gave an opinion."""
        return self.data["comment_part"]["front_fill_in_line"]


@lru_cache(maxsize=2)
def comment_form(path: Path = FORM_FILE) -> CommentForm:
    return CommentForm(json.loads(Path(path).read_text(encoding="utf-8")))


def variant_for(member: Member, on: date) -> Variant:
    """The exempt variant for a member exempt from residence activity on `on` (HD 33 mục 1.1),
    whenever in the year the exemption began; the full one otherwise."""
    return Variant.EXEMPT if exempt_from_residence_activity(member, on) else Variant.FULL


def exempt_from_residence_activity(member: Member, on: date) -> bool:
    """Introduced, but exempt from residence activity on `on` (HD 33 mục 1.1)."""
    return member.exemption == Exemption.FROM_RESIDENCE_ACTIVITY and member.exempt_on(on)


def asked_only_when_needed(member: Member, year: int, today: date) -> bool:
    """Whether the member is left out of the routine comment of `year`: HD 33 mục 1.1 asks no
    routine yearly comment of a member exempt from residence activity, only one when needed
    (cadre work, commendation, discipline...).

    "Exempt for that year" is read as exempt on the day the year's comments are asked: today
    while the year runs, its last day once it is past. The request goes out near the year's
    end, so a member exempt from September is left out like one exempt since January (the
    cell would fill the exempt form anyway, see variant_for), and one whose exemption was
    lifted is asked again. The member's record keeps no end date of an exemption, so no
    earlier day of the year could be judged."""
    return exempt_from_residence_activity(member, min(today, date(year, 12, 31)))


def with_current_variant(comment: "Comment", member: Member, on: date) -> "Comment":
    """An open comment follows the member's exemption as it stands `on` (a decision taken after
    the workplace asked changes the form the cell fills in); a sent one keeps its form."""
    if comment.state != CommentState.REQUESTED:
        return comment
    return replace(comment, variant=variant_for(member, on))


class CommentError(ValueError):
    """A step the comment cannot take; the message is Vietnamese, for the page."""


@dataclass(frozen=True)
class Comment:
    code: str
    year: int
    member_id: str
    member_name: str
    workplace_id: str
    cell_id: str
    variant: Variant
    state: CommentState = CommentState.REQUESTED
    requested_on: date | None = None
    requested_by: str = ""
    deadline: date | None = None      # by when the workplace asks the cell to send it back
    # why the workplace asks, when it asks "khi cần" about a member exempt under HD 33 mục 1.1
    # (no routine comment is asked of them); empty for a routine request
    asked_because: str = ""
    ratings: dict = field(default_factory=dict)      # criterion id -> level id
    proposal: str = ""
    other_remarks: str = ""
    signer_name: str = ""
    submitted_on: date | None = None
    submitted_by: str = ""
    received_on: date | None = None
    # the day the Front work committee of the area gave the opinion the cell had before it
    # when it sent the comment; None when the committee gave none
    front_consulted_on: date | None = None
    history: tuple = field(default=())

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]

    @property
    def is_returned(self) -> bool:
        """The residence cell has sent its comment back (oversight counts these)."""
        return self.state != CommentState.REQUESTED

    def to_record(self) -> dict:
        record = asdict(self)
        for key in DATE_FIELDS:
            record[key] = record[key].isoformat() if record[key] else None
        record["variant"], record["state"] = str(self.variant), str(self.state)
        record["history"] = list(self.history)
        return record

    @classmethod
    def from_record(cls, record: dict) -> "Comment":
        data = {k: v for k, v in record.items() if k != "v"}
        for key in DATE_FIELDS:
            data[key] = date.fromisoformat(data[key]) if data.get(key) else None
        data["variant"], data["state"] = Variant(data["variant"]), CommentState(data["state"])
        data["history"] = tuple(data.get("history", ()))
        return cls(**data)

    def _moved(self, to: CommentState, by: str, at: datetime, **updates) -> "Comment":
        entry = {"at": at.isoformat(timespec="seconds"), "by": by, "from": str(self.state), "to": str(to)}
        return replace(self, state=to, history=self.history + (entry,), **updates)


def new_request(code: str, year: int, member: Member, by: str, on: date, deadline: date | None = None,
                because: str = "") -> Comment:
    """The workplace's request; of a member exempt under HD 33 mục 1.1 only with the reason it
    is needed (`because`), which the comment keeps for the cell to read."""
    if member.residence_cell_id is None:
        raise CommentError(f"Đồng chí {member.full_name} chưa có chi bộ nơi cư trú: cần giới thiệu về nơi cư trú trước.")
    when_needed = asked_only_when_needed(member, year, on)
    because = because.strip() if when_needed else ""
    if when_needed and not because:
        raise CommentError(REASON_NEEDED.format(name=member.full_name))
    return Comment(code=code, year=year, member_id=member.id, member_name=member.full_name,
                   workplace_id=member.workplace_id, cell_id=member.residence_cell_id,
                   variant=variant_for(member, on), requested_on=on, requested_by=by, deadline=deadline,
                   asked_because=because)


def still_asked(comment: Comment, member: Member | None) -> bool:
    """Whether the cell still has a comment to give: a written one always stays (a record of what
    was said); one not yet written goes once the member has left the party, died or moved
    province, like every list that asks for work about them."""
    return comment.is_returned or member is None or member.status != MemberStatus.LEFT


def save_draft(comment: Comment, ratings: dict, proposal: str, other_remarks: str, signer_name: str) -> Comment:
    """The secretary's answers, kept until submitted; only while the comment is open."""
    if comment.state != CommentState.REQUESTED:
        raise CommentError("Phiếu đã gửi, không sửa được nữa.")
    return replace(comment, ratings=dict(ratings), proposal=proposal, other_remarks=other_remarks.strip(),
                   signer_name=signer_name.strip())


def missing_answers(comment: Comment, form: CommentForm) -> list[str]:
    missing = [f"Chưa chọn mức cho tiêu chí: {c.text}" for c in form.criteria(comment.variant)
               if comment.ratings.get(c.id) not in dict(c.levels)]
    if comment.proposal not in dict(form.proposals):
        missing.append("Chưa chọn đề nghị của chi ủy.")
    if not comment.signer_name:
        missing.append("Chưa ghi họ tên người ký (bí thư chi bộ).")
    return missing


def submit(comment: Comment, form: CommentForm, by: str, at: datetime,
           front_consulted_on: date | None = None) -> Comment:
    if comment.state != CommentState.REQUESTED:
        raise CommentError("Phiếu này đã được gửi.")
    missing = missing_answers(comment, form)
    if missing:
        raise CommentError(" ".join(missing))
    return comment._moved(CommentState.SUBMITTED, by, at, submitted_on=at.date(), submitted_by=by,
                          front_consulted_on=front_consulted_on)


def receive(comment: Comment, by: str, at: datetime) -> Comment:
    if comment.state != CommentState.SUBMITTED:
        raise CommentError("Chỉ nhận được phiếu chi bộ đã gửi.")
    return comment._moved(CommentState.RECEIVED, by, at, received_on=at.date())


def other_remarks_to_start(year: int, absences: Iterable[Absence], none_text: str,
                           absences_in_other_remarks: bool) -> str:
    """What "nhận xét khác" (mục 7) holds when the secretary first opens the form. Writing
    each absence's reason there is a local practice (local_rules.py, ABSENCES_IN_OTHER_REMARKS):
    where it applies, the service writes them in; elsewhere the secretary writes freely."""
    return prefill_other_remarks(year, absences, none_text) if absences_in_other_remarks else ""


def prefill_other_remarks(year: int, absences: Iterable[Absence], none_text: str = "không có") -> str:
    """Every absence of the year with its date and reason, or that there was none."""
    absences = list(absences)
    if not absences:
        return f"Vắng sinh hoạt nơi cư trú năm {year}: {none_text}."
    lines = [f"Vắng sinh hoạt nơi cư trú năm {year}: {len(absences)} buổi."]
    lines += [f"- Ngày {a.meeting.date:%d/%m/%Y}: {a.reason}." for a in absences]
    return "\n".join(lines)


def comment_code(year: int, number: int) -> str:
    """The reference code printed on the form, numbered per year (NX-2026-00012)."""
    return f"NX-{year}-{number:05d}"
