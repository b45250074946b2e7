"""The register's yearly summary per residence cell, for oversight.

Attendance itself lives in the meetings (`MeetingRepository.update`). Oversight must not
read every meeting of a commune, so each change of attendance, of a cell's list or of a
comment refreshes one small record per cell and year, kept in one file per commune and
year (`register-summary/<commune>.<year>`): a commune has tens of cells, so the file
stays tiny, and the oversight page reads one file per commune.
"""
from __future__ import annotations

from ...domain import clock
from ...domain.register import CellYearNumbers, cell_year_numbers
from .schema import stamp, upgrade
from .store import Store



class RegisterRepository:
    def __init__(self, store: Store):
        self.store = store

    def _shard(self, commune_id: str, year: int):
        return self.store.shard("register-summary", f"{commune_id}.{year}")

    def summary(self, commune_id: str, year: int) -> list[CellYearNumbers]:
        return [CellYearNumbers.from_record(upgrade("register-summary", doc))
                for doc in self._shard(commune_id, year).all()]

    def save_summary(self, commune_id: str, numbers: CellYearNumbers) -> None:
        self._shard(commune_id, numbers.year).put("cell_id", stamp("register-summary", numbers.to_record()))


def refresh_cell_summary(repos, cell_id: str, year: int) -> CellYearNumbers | None:
    """Recount one cell's year from its meetings, members and comments, and store it."""
    commune_id = repos.units.structure().commune_of(cell_id)
    if commune_id is None:
        return None
    comments = repos.comments.for_cell(cell_id, year)
    numbers = cell_year_numbers(cell_id, year, repos.members.of_cell(cell_id), repos.meetings.for_cell(cell_id, year),
                                comments_requested=len(comments),
                                comments_returned=sum(1 for c in comments if c.is_returned))
    repos.register.save_summary(commune_id, numbers)
    return numbers


def seed_demo_register(repos) -> None:
    """Demo: the held meeting's attendance in every cell, with one absence
    without reason and one by force majeure; a waiting introduction letter; yearly
    comments in each state (one sent back, one filled but not sent, one still to fill);
    and the oversight summaries."""

    from ...domain.comments import comment_form, new_request, prefill_other_remarks, save_draft, submit
    from ...domain.introductions import introduction_form, issue
    from ...domain.register import absences_of
    from ...domain.org import UnitKind
    from ...domain.register import Attendance, record_attendance

    today = clock.today()
    special = {"dv-007": (Attendance.UNEXCUSED, ""), "dv-004": (Attendance.FORCE_MAJEURE, "nước lũ ngập đường về khóm")}
    at = clock.now()
    cells = repos.units.structure().of_kind(UnitKind.RESIDENCE_CELL)
    for cell in cells:
        members = [m for m in repos.members.of_cell(cell.id) if m.attends_residence_meetings]
        # the first of the demo's two meetings is the one already held (see demo_meeting_dates)
        for meeting in repos.meetings.for_cell(cell.id, today.year)[:1]:

            def attend(current, members=members):
                for member in members:
                    status, note = special.get(member.id, (Attendance.PRESENT, ""))
                    current = record_attendance(current, member.id, status, by="du-lieu-mau", at=at, note=note)
                return current
            repos.meetings.update(meeting.id, attend)
    member = repos.members.get("dv-014")
    if member is not None:
        number = f"{repos.introductions.next_number(member.workplace_id, today.year)}-{introduction_form()['number_symbol']}"
        repos.introductions.add(issue(repos.introductions.next_code(today.year), number, member, "phuong-hoa-an-tay",
                                      member.residence_cell_id, today, "du-lieu-mau", "Phạm Văn Sáu"))
    form = comment_form()
    officers = {"dang-uy-so-giao-duc": "capuy", "dang-uy-benh-vien-tinh": "capuy2"}
    for member_id, steps in (("dv-002", 2), ("dv-009", 1), ("dv-013", 0)):
        member = repos.members.get(member_id)
        if member is None:
            continue
        comment = new_request(repos.comments.next_code(today.year), today.year, member,
                              officers.get(member.workplace_id, "du-lieu-mau"), today)
        if steps:
            remarks = prefill_other_remarks(today.year, absences_of(
                member.id, repos.meetings.for_cell(member.residence_cell_id, today.year)))
            comment = save_draft(comment, {c.id: "tot" for c in form.criteria(comment.variant)}, "khong_de_nghi",
                                 remarks, "Trần Văn Phước")
        if steps == 2:
            comment = submit(comment, form, "bithu", at)
        repos.comments.add_many([comment])
    for cell in cells:
        refresh_cell_summary(repos, cell.id, today.year)
