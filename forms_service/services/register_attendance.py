"""Recording who came to a meeting of the residence cell (Quy định 213, khoản 3 Điều 4): the
members the meeting concerns, the agreed letters that excuse them, and the attendance form's
answers checked one by one against the domain's rules, then saved all together in one unit of
work — or, if any is refused, none of them."""
from __future__ import annotations

from dataclasses import dataclass, replace

from ..domain import clock
from ..domain.letters import Letter
from ..domain.meetings import Meeting
from ..domain.members import Member
from ..domain.org import sort_by_person
from ..domain.register import Attendance, RegisterError, excusing_letter, joined_cell_on, record_attendance
from ..storage import Repositories
from .register import refresh_summaries

# ways of an absence recorded with their own details (register_paper), kept as they are by the attendance form
KEPT_AS_RECORDED = (Attendance.PAPER_LETTER, Attendance.REPORTED)


@dataclass(frozen=True)
class Answer:
    """One member's line of the attendance form."""
    member_id: str
    status: Attendance
    note: str = ""


def concerned_members(repos: Repositories, cell_id: str, meeting: Meeting) -> list[Member]:
    """The members the meeting concerns: in the cell on its day, and not yet exempt then
    (an exemption from a later date leaves them on this meeting's attendance)."""
    return [m for m in sort_by_person(repos.members.of_cell(cell_id)) if m.concerned_by(meeting.date)
            and ((j := joined_cell_on(m)) is None or j <= meeting.date)]


def excusing_letters(repos: Repositories, meeting: Meeting, members: list[Member]) -> dict[str, Letter]:
    """The member's agreed absence letter that names this meeting, by member."""
    found = {}
    for letter in repos.letters.for_cell(meeting.cell_id, meeting.date.year):
        for member in members:
            if excusing_letter([letter], meeting.id, member.id):
                found[member.id] = letter
    return found


def record(repos: Repositories, by: str, meeting: Meeting, answers: list[Answer], letters: dict[str, Letter],
           commune_attendees: str) -> dict[str, str]:
    """Check every answer against the meeting as shown, then save them all with the commune's
    attendees; {member_id: why} for the answers refused, in which case nothing is saved."""
    now = clock.now()
    answers = [a for a in answers if a.status not in KEPT_AS_RECORDED]  # their own page keeps their details
    refused = {}
    for answer in answers:
        try:  # checked before writing, so nothing is half saved
            record_attendance(meeting, answer.member_id, answer.status, by=by, at=now,
                              letter=letters.get(answer.member_id), note=answer.note)
        except RegisterError as error:
            refused[answer.member_id] = str(error)
    if refused:
        return refused

    def apply(current: Meeting) -> Meeting:
        for answer in answers:
            current = record_attendance(current, answer.member_id, answer.status, by=by, at=now,
                                        letter=letters.get(answer.member_id), note=answer.note)
        return replace(current, commune_attendees=commune_attendees)

    with repos.transaction():
        saved = repos.meetings.update(meeting.id, apply)
        repos.audit.record(by, "ghi_diem_danh", meeting.id, so_nguoi=len(answers),
                           vang_khong_ly_do=[a.member_id for a in answers if a.status == Attendance.UNEXCUSED])
        refresh_summaries(repos, [saved.cell_id], saved.date.year)
    return {}
