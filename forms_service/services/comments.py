"""The yearly comment (Mẫu 3-213): asked by the workplace, filled in and sent by the
residence cell, received by the workplace."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Iterable

from ..domain import clock
from ..domain.comments import (REASON_NEEDED, Comment, CommentError, asked_only_when_needed, comment_form,
                               new_request, other_remarks_to_start, receive, save_draft, still_asked, submit,
                               with_current_variant)
from ..domain.local_rules import ABSENCES_IN_OTHER_REMARKS, PracticeStatus
from ..domain.members import Member
from ..domain.attendance_register import Absence, absences_of, joined_cell_on, meetings_counted
from ..storage import Repositories
from . import kept_documents
from .local_rules import practice_status
from .attendance_register import refresh_summaries


def request(repos: Repositories, by: str, workplace_id: str, year: int, members: list[Member], token: str,
            on: date | None = None, deadline: date | None = None, because: str = "") -> tuple[list[Comment], bool]:
    """Ask the residence cells for the comments of `members` not asked yet this year, to be
    sent back by `deadline` if the workplace sets one. Members exempt under HD 33 mục 1.1 are
    left out (see left_out) unless the workplace says `because` it needs their comment.
    Returns (the new requests, True), or (the requests of an earlier post of the same form,
    False). CommentError if every one of them was asked already or left out."""
    on = on or clock.today()
    with repos.transaction():
        earlier = repos.tokens.used(token)
        if earlier:
            return [c for c in map(repos.comments.get, earlier.split()) if c], False
        already = {c.member_id for c in repos.comments.for_workplace(workplace_id, year)}
        not_yet = [m for m in members if m.id not in already]
        skipped = set() if because.strip() else {m.id for m in left_out(not_yet, year, on)}
        chosen = [m for m in not_yet if m.id not in skipped]
        if not chosen and len(members) == 1 and skipped:
            raise CommentError(REASON_NEEDED.format(name=members[0].full_name))
        if not chosen and skipped:
            raise CommentError(f"Đã xin ý kiến năm {year} cho các đồng chí phải nhận xét định kỳ rồi; {len(skipped)} "
                               "đồng chí còn lại được miễn sinh hoạt nơi cư trú theo mục 1.1 Hướng dẫn số "
                               "33-HD/BTCTW: không xin nhận xét định kỳ.")
        if not chosen:
            raise CommentError(f"Đã xin ý kiến năm {year} cho {'các' if len(members) > 1 else ''} đồng chí này rồi.")
        comments = [new_request(repos.comments.next_code(year), year, m, by, on, deadline, because) for m in chosen]
        repos.comments.add_many(comments)
        repos.tokens.use(token, " ".join(c.code for c in comments))
        repos.audit.record(by, "xin_y_kien_nhan_xet", workplace_id, nam=year, ma=[c.code for c in comments],
                           han=deadline.isoformat() if deadline else None, ly_do=because.strip() or None)
        refresh_summaries(repos, [c.cell_id for c in comments], year)
    return comments, True


def left_out(members: list[Member], year: int, on: date | None = None) -> list[Member]:
    """The members a routine request for `year` leaves out: exempt from residence activity
    under HD 33 mục 1.1 (their comment is asked only when needed, with the reason)."""
    on = on or clock.today()
    return [m for m in members if asked_only_when_needed(m, year, on)]


def as_filled_now(repos: Repositories, comment: Comment) -> Comment:
    """The comment with the form the cell fills in today: the exempt variant if the member is
    exempt from residence activity now, even from a date after the workplace asked."""
    member = repos.members.get(comment.member_id)
    return with_current_variant(comment, member, clock.today()) if member else comment


def save(repos: Repositories, by: str, code: str, ratings: dict, proposal: str, other_remarks: str,
         signer_name: str) -> Comment:
    with repos.transaction():
        saved = repos.comments.update(code, lambda c: save_draft(as_filled_now(repos, c), ratings, proposal,
                                                                 other_remarks, signer_name))
        repos.audit.record(by, "luu_nhan_xet", code)
    return saved


def send(repos: Repositories, by: str, code: str) -> Comment:
    """The cell sends the filled-in comment (CommentError if an answer is missing); it records
    whether the Front work committee of the area had given its opinion."""
    with repos.transaction():
        sent_at = clock.calendar_now()  # its day is written on the comment as the day it was sent
        saved = repos.comments.update(code, lambda c: submit(as_filled_now(repos, c), comment_form(), by, sent_at,
                                                             _front_consulted_on(repos, c)))
        repos.audit.record(by, "gui_nhan_xet", code)
        kept_documents.queue(repos, code)
        refresh_summaries(repos, [saved.cell_id], saved.year)
    return saved


def _front_consulted_on(repos: Repositories, comment: Comment) -> date | None:
    opinion = repos.front_committee.get(comment.cell_id, comment.member_id, comment.year)
    return opinion.given_on if opinion else None


def mark_received(repos: Repositories, by: str, code: str) -> Comment:
    with repos.transaction():
        saved = repos.comments.update(code, lambda c: receive(c, by, clock.calendar_now()))
        repos.audit.record(by, "nhan_phieu_nhan_xet", code)
        if repos.kept.digest(code, "pdf") is None:  # sent before copies were kept
            kept_documents.queue(repos, code)
        refresh_summaries(repos, [saved.cell_id], saved.year)
    return saved


def get(repos: Repositories, code: str) -> Comment | None:
    return repos.comments.get(code)


def for_workplace(repos: Repositories, workplace_id: str, year: int) -> list[Comment]:
    return repos.comments.for_workplace(workplace_id, year)


def for_cell(repos: Repositories, cell_id: str, year: int) -> list[Comment]:
    """The cell's comments of the year that it still has to give or has given (still_asked)."""
    return [c for c in repos.comments.for_cell(cell_id, year)
            if c.is_returned or still_asked(c, repos.members.get(c.member_id))]


def waiting_in_cell(repos: Repositories, cell_id: str, year: int) -> list[Comment]:
    """The comments the cell still has to write this year."""
    return [c for c in for_cell(repos, cell_id, year) if not c.is_returned]


def member_comments(repos: Repositories, member: Member, years: Iterable[int]) -> list[tuple[int, Comment | None]]:
    """Each of `years` with the comment asked for on the member that year, if any."""
    rows = []
    for year in years:
        found = [c for c in repos.comments.for_workplace(member.workplace_id, year) if c.member_id == member.id]
        rows.append((year, found[0] if found else None))
    return rows


@dataclass(frozen=True)
class OtherRemarksStart:
    """The attendance the secretary sees beside the form, and what "nhận xét khác" starts with."""
    absences: list[Absence]
    counted_meetings: int
    practice: PracticeStatus       # whether the absences are written into "nhận xét khác" here
    text: str


def other_remarks_start(repos: Repositories, comment: Comment) -> OtherRemarksStart:
    """The year's absences of the member from the cell's attendance register, and the text "nhận xét
    khác" starts with under the practice of the cell's province that year."""
    member = repos.members.get(comment.member_id)
    joined = joined_cell_on(member) if member and member.residence_cell_id == comment.cell_id else None
    counted = meetings_counted(repos.meetings.for_cell(comment.cell_id, comment.year), comment.year, joined)
    absences = absences_of(comment.member_id, counted, repos.letters.for_member(comment.member_id))
    practice = practice_status(repos, ABSENCES_IN_OTHER_REMARKS, comment.cell_id, comment.year)
    text = other_remarks_to_start(comment.year, absences, comment_form().data["other_remarks"]["none_text"],
                                  practice.on)
    return OtherRemarksStart(absences, len(counted), practice, text)
