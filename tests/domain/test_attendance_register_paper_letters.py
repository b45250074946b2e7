"""A letter handed in on paper (and, without a letter practice, a word to the cell) is
read by the register, the comment's "nhận xét khác" and the rating cap exactly as a
letter agreed in the service; a dated exemption keeps the meetings before its date."""
from __future__ import annotations

from datetime import date

import pytest

from forms_service.domain.attendance_register import (ATTENDANCE_LABELS, Attendance, AttendanceEntry, PaperLetter,
                                                      AttendanceRegisterError, absences_of, attendance_of, cell_year_numbers,
                                                      paper_letter_problems, record_attendance, sheet_rows)
from forms_service.domain.comments import prefill_other_remarks
from forms_service.domain.members import Exemption

from .helpers_attendance_register import AT, FakeLetter, attended, meeting, member
from .test_rating import cap

JUNE, DECEMBER = meeting(date(2026, 6, 14)), meeting(date(2026, 12, 12))
ON_TIME = PaperLetter(date(2026, 6, 10), confirmed_by="Đ/c Lê Văn Bình, Phó Bí thư Đảng ủy Sở", note="đi công tác Cần Thơ")


def on_paper(meeting_, member_id="dv-001", paper=ON_TIME, status=Attendance.PAPER_LETTER):
    return record_attendance(meeting_, member_id, status, by="bithu", at=AT, paper=paper)


def test_a_paper_letter_keeps_its_received_date_confirmation_and_note():
    entry = attendance_of(on_paper(JUNE))["dv-001"]
    assert entry.status == Attendance.PAPER_LETTER
    assert entry.received_date == date(2026, 6, 10) and entry.note == "đi công tác Cần Thơ"
    assert entry.confirmed_by.startswith("Đ/c Lê Văn Bình")
    assert AttendanceEntry.from_record(entry.to_record()) == entry


def test_an_entry_stored_before_paper_letters_reads_without_their_fields():
    old = {"member_id": "dv-001", "status": "vang_khong_ly_do", "letter_code": "", "note": "", "recorded_by": "bithu",
           "recorded_at": "2026-06-14T20:00:00+07:00", "history": []}
    entry = AttendanceEntry.from_record(old)
    assert entry.received_on == "" and entry.received_date is None and entry.scan_file is None


def test_a_paper_letter_received_after_the_meeting_is_refused_at_the_date_field():
    late = PaperLetter(date(2026, 6, 15))
    problems = paper_letter_problems(JUNE, "dv-001", late.received_on)
    assert "sau ngày sinh hoạt" in problems["received_on"] and "15/06/2026" in problems["received_on"]
    with pytest.raises(AttendanceRegisterError, match="sau ngày sinh hoạt"):
        on_paper(JUNE, paper=late)
    assert paper_letter_problems(JUNE, "dv-001", JUNE.date) == {}  # handed in on the day: in time
    assert "Vui lòng nhập ngày" in paper_letter_problems(JUNE, "dv-001", None)["received_on"]


def test_no_paper_letter_for_a_meeting_the_member_is_recorded_present_at():
    present = attended(JUNE, "dv-001", Attendance.PRESENT)
    assert "có mặt" in paper_letter_problems(present, "dv-001", date(2026, 6, 10))["received_on"]
    with pytest.raises(AttendanceRegisterError, match="có mặt"):
        on_paper(present)
    assert paper_letter_problems(present, "dv-002", date(2026, 6, 10)) == {}  # another member


def test_a_paper_letter_needs_the_paper():
    with pytest.raises(AttendanceRegisterError):
        attended(JUNE, "dv-001", Attendance.PAPER_LETTER)


def test_the_comment_reads_a_paper_letter_as_a_letter_and_a_report_as_told_to_the_cell():
    service_letter = FakeLetter("VS-1", "dv-001", (DECEMBER.id,))
    meetings = [on_paper(JUNE), attended(DECEMBER, "dv-001", Attendance.EXCUSED, letter=service_letter)]
    paper, service = absences_of("dv-001", meetings, [service_letter])
    assert paper.reason.startswith("có đơn xin vắng được chi ủy đồng ý") and "đi công tác Cần Thơ" in paper.reason
    assert service.reason.startswith("có đơn xin vắng được chi ủy đồng ý")
    remarks = prefill_other_remarks(2026, [paper, service])
    assert "không có lý do" not in remarks and remarks.count("có đơn") == 2
    told = absences_of("dv-001", [on_paper(JUNE, status=Attendance.REPORTED, paper=PaperLetter(date(2026, 6, 13)))])
    assert told[0].reason == "đã báo chi ủy"


def test_the_rating_cap_counts_neither_a_paper_letter_nor_a_report_to_the_cell():
    reported = on_paper(DECEMBER, status=Attendance.REPORTED, paper=PaperLetter(date(2026, 12, 1)))
    assert cap(member(), [on_paper(JUNE), reported]).level is None
    assert cap(member(), [attended(JUNE, "dv-001", Attendance.UNEXCUSED)]).level is not None  # the same rule bites


def test_the_printed_register_writes_a_paper_letter_as_an_agreed_letter():
    rows = sheet_rows([member()], [on_paper(JUNE)], {}, {}, {})
    assert rows[0].attendance == (ATTENDANCE_LABELS[Attendance.EXCUSED],)


def test_a_dated_exemption_keeps_the_meetings_before_its_date_counted():
    exempt_from_september = member(exemption=Exemption.FROM_RESIDENCE_ACTIVITY, exemption_from=date(2026, 9, 1))
    assert exempt_from_september.concerned_by(JUNE.date) and not exempt_from_september.concerned_by(DECEMBER.date)
    june = attended(JUNE, "dv-001", Attendance.UNEXCUSED)
    december = attended(DECEMBER, "dv-002", Attendance.PRESENT)
    numbers = cell_year_numbers("chi-bo-khom-1", 2026, [exempt_from_september, member("dv-002")], [june, december])
    # dv-001: June only (exempt in December); dv-002: December only recorded, June unrecorded but expected
    assert numbers.expected_attendances == 3 and numbers.unexcused == 1 and numbers.present == 1
    always_exempt = member(exemption=Exemption.FROM_RESIDENCE_ACTIVITY)
    assert not always_exempt.concerned_by(JUNE.date)
    assert cell_year_numbers("chi-bo-khom-1", 2026, [always_exempt], [june]).expected_attendances == 0
