"""The residence cell's register of meetings and attendance (Quy định 213, khoản 3 Điều 4):
meetings, who came (the attendance form's answers checked one by one against the domain's
rules, then saved all together in one unit of work — or, if any is refused, none of them),
paper letters, and the yearly per-cell numbers that oversight reads."""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Callable, Iterable

from ..domain.attendance_register import (SCAN_PREFIX, Attendance, AttendanceEntry, AttendanceRegisterError,
                                          CellYearNumbers, PaperLetter, SheetRow, cell_year_numbers, excusing_letter,
                                          joined_cell_on, record_attendance as attend, scan_format, sheet_rows)
from ..domain.comments import NOT_REQUESTED_LABEL
from ..domain.letters import Letter
from ..domain.meetings import Meeting
from ..domain.members import Member, MemberStatus
from ..domain.org import OrgStructure, Unit, UnitKind, sort_by_person
from ..domain import clock
from ..storage import Repositories
from ..storage.contract import KeptFile

# ways of an absence recorded with their own details (attendance_register_paper), kept as they are by the
# attendance form
KEPT_AS_RECORDED = (Attendance.PAPER_LETTER, Attendance.REPORTED)


def meeting(repos: Repositories, meeting_id: str) -> Meeting | None:
    return repos.meetings.get(meeting_id)


def cell_meetings(repos: Repositories, cell_id: str, year: int | None = None) -> list[Meeting]:
    """The cell's meetings of `year` (of every year when None)."""
    return repos.meetings.for_cell(cell_id, year)


def commune_numbers(repos: Repositories, org: OrgStructure, commune_id: str,
                    year: int) -> list[tuple[Unit, CellYearNumbers]]:
    """Every cell of the commune, with its stored summary (zeros for a cell with nothing yet)."""
    return _with_every_cell(org, commune_id, year, repos.attendance_numbers.summary(commune_id, year))


def communes_numbers(repos: Repositories, org: OrgStructure, communes: list[Unit],
                     year: int) -> list[tuple[Unit, list[tuple[Unit, CellYearNumbers]]]]:
    """`commune_numbers` of several communes (a whole province) with one read of the store."""
    stored = repos.attendance_numbers.of_communes([commune.id for commune in communes], year)
    return [(commune, _with_every_cell(org, commune.id, year, stored[commune.id])) for commune in communes]


def _with_every_cell(org: OrgStructure, commune_id: str, year: int,
                     stored: list[CellYearNumbers]) -> list[tuple[Unit, CellYearNumbers]]:
    by_cell = {n.cell_id: n for n in stored}
    return [(cell, by_cell.get(cell.id, CellYearNumbers(cell.id, year)))
            for cell in org.children(commune_id, UnitKind.RESIDENCE_CELL)]


def count_cell_year(repos: Repositories, cell_id: str, year: int) -> tuple[str, CellYearNumbers] | None:
    """(commune, the cell's numbers of the year) counted from its meetings, members and comments."""
    commune_id = repos.units.structure().commune_of(cell_id)
    if commune_id is None:
        return None
    comments = repos.comments.for_cell(cell_id, year)
    return commune_id, cell_year_numbers(cell_id, year, repos.members.of_cell(cell_id),
                                         repos.meetings.for_cell(cell_id, year),
                                         comments_requested=len(comments),
                                         comments_returned=sum(1 for c in comments if c.is_returned))


def refresh_cell_summary(repos: Repositories, cell_id: str, year: int) -> CellYearNumbers | None:
    """Recount one cell's year and store it."""
    counted = count_cell_year(repos, cell_id, year)
    if counted is None:
        return None
    repos.attendance_numbers.save_summary(*counted)
    return counted[1]


def refresh_summaries(repos: Repositories, cell_ids: Iterable[str | None], year: int) -> None:
    """Every named cell's summary, in a steady order (so two changes never wait on each other)."""
    for cell_id in sorted({c for c in cell_ids if c}):
        refresh_cell_summary(repos, cell_id, year)


def schedule_meeting(repos: Repositories, by: str, meeting: Meeting, token: str) -> tuple[Meeting, bool]:
    """A new meeting of a cell; the same form posted twice makes one meeting.
    Returns (meeting, True) for a new one, (the earlier one, False) for a repeat."""
    with repos.transaction():
        earlier = repos.tokens.used(token)
        if earlier:
            return repos.meetings.get(earlier), False
        meeting = repos.meetings.add(meeting)
        repos.tokens.use(token, meeting.id)
        repos.audit.record(by, "len_lich_sinh_hoat", meeting.id, ngay=meeting.date.isoformat())
        refresh_summaries(repos, [meeting.cell_id], meeting.date.year)
    return meeting, True


def record_attendance(repos: Repositories, by: str, meeting_id: str, change: Callable[[Meeting], Meeting],
                      **details) -> Meeting:
    """Apply the attendance `change` (domain steps, checked before) to the locked meeting."""
    with repos.transaction():
        saved = repos.meetings.update(meeting_id, change)
        repos.audit.record(by, "ghi_diem_danh", meeting_id, **details)
        refresh_summaries(repos, [saved.cell_id], saved.date.year)
    return saved


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


def record_answers(repos: Repositories, by: str, meeting: Meeting, answers: list[Answer],
                   letters: dict[str, Letter], commune_attendees: str) -> dict[str, str]:
    """Check every answer against the meeting as shown, then save them all with the commune's
    attendees; {member_id: why} for the answers refused, in which case nothing is saved."""
    now = clock.now()
    answers = [a for a in answers if a.status not in KEPT_AS_RECORDED]  # their own page keeps their details
    refused = {}
    for answer in answers:
        try:  # checked before writing, so nothing is half saved
            attend(meeting, answer.member_id, answer.status, by=by, at=now,
                   letter=letters.get(answer.member_id), note=answer.note)
        except AttendanceRegisterError as error:
            refused[answer.member_id] = str(error)
    if refused:
        return refused

    def apply(current: Meeting) -> Meeting:
        for answer in answers:
            current = attend(current, answer.member_id, answer.status, by=by, at=now,
                             letter=letters.get(answer.member_id), note=answer.note)
        return replace(current, commune_attendees=commune_attendees)

    with repos.transaction():
        saved = repos.meetings.update(meeting.id, apply)
        repos.audit.record(by, "ghi_diem_danh", meeting.id, so_nguoi=len(answers),
                           vang_khong_ly_do=[a.member_id for a in answers if a.status == Attendance.UNEXCUSED])
        refresh_summaries(repos, [saved.cell_id], saved.date.year)
    return {}


def record_paper_absence(repos: Repositories, by: str, meeting_id: str, member_id: str, way: Attendance,
                         paper: PaperLetter, scan: bytes | None = None) -> Meeting:
    """A letter handed in on paper (or a word to the cell) for one member's absence, with
    the letter's scan or photo when one is given: the scan is kept through the kept
    documents (on either store) in the same unit of work as the entry that names it.
    AttendanceRegisterError (checked first, nothing saved) for a refused entry or scan."""
    format_ = scan_format(scan) if scan else None
    with repos.transaction():
        if scan:
            code = repos.kept.next_code(SCAN_PREFIX, clock.today().year)
            repos.kept.put(code, format_, scan)
            paper = replace(paper, scan=f"{code}.{format_}")
        saved = repos.meetings.update(meeting_id, lambda meeting: attend(
            meeting, member_id, way, by=by, at=clock.now(), paper=paper))
        repos.audit.record(by, "ghi_vang_co_don", meeting_id, thanh_vien=member_id, cach=str(way),
                           ban_chup=paper.scan)
        refresh_summaries(repos, [saved.cell_id], saved.date.year)
    return saved


def paper_scan(repos: Repositories, entry: AttendanceEntry) -> KeptFile | None:
    """The kept scan of a paper letter recorded in the register, if it has one."""
    found = entry.scan_file
    return repos.kept.get(*found) if found else None


def check_summaries(repos: Repositories, years: Iterable[int], repair: bool = False) -> list[str]:
    """Every cell's summary of `years` recounted from the records and compared with the
    stored one; returns the differences (and stores the recount when `repair`)."""
    from ..domain.org import UnitKind

    org = repos.units.structure()
    differences = []
    for year in years:
        stored = {}
        for commune in org.of_kind(UnitKind.COMMUNE):
            stored |= {numbers.cell_id: numbers for numbers in repos.attendance_numbers.summary(commune.id, year)}
        for cell in org.of_kind(UnitKind.RESIDENCE_CELL):
            counted = count_cell_year(repos, cell.id, year)
            if counted is None or stored.get(cell.id) == counted[1]:
                continue
            numbers = counted[1]
            if cell.id not in stored and not (numbers.meetings_scheduled or numbers.comments_requested):
                continue  # a year the cell has no register for: nothing for oversight to show
            differences.append(f"số liệu tổng hợp của {cell.id} năm {year} khác với sổ theo dõi")
            if repair:
                repos.attendance_numbers.save_summary(*counted)
    return differences


@dataclass(frozen=True)
class PrintedRegister:
    """A cell's register of one year, as the printed register shows it."""
    cell: Unit
    commune: Unit | None
    year: int
    meetings: list[Meeting]
    rows: list[SheetRow]


def printed_register(repos: Repositories, cell_id: str, year: int) -> PrintedRegister | None:
    """The cell's working members (with their workplace, the date of their introduction
    letter and where the year's comment stands), the meetings of the year and who came."""
    org = repos.units.structure()
    cell = org.get(cell_id)
    if cell is None:
        return None
    members = sort_by_person([m for m in repos.members.of_cell(cell_id) if m.status == MemberStatus.ACTIVE])
    meetings = sorted(repos.meetings.for_cell(cell_id, year), key=lambda m: (m.date, m.time))
    workplaces = {m.workplace_id: unit.name for m in members if (unit := org.get(m.workplace_id))}
    introduced = {m.id: found.issued_on for m in members if (found := repos.introductions.latest_for_member(m.id))}
    comments = {c.member_id: c.state_label for c in repos.comments.for_cell(cell_id, year)}
    states = {m.id: comments.get(m.id, NOT_REQUESTED_LABEL) for m in members}
    return PrintedRegister(cell, org.parent(cell_id), year, meetings,
                             sheet_rows(members, meetings, workplaces, introduced, states))
