"""Attendance: the four statuses, corrections with history, the two-a-year check."""
from __future__ import annotations

from datetime import date

import pytest

from forms_service.domain.attendance_register import (Attendance, AttendanceRegisterError, absences_of, attendance_of,
                                                      cell_year_numbers, excusing_letter, meetings_shortfall)

from .helpers_attendance_register import FakeLetter, attended, meeting, member

JUNE, DECEMBER = meeting(date(2026, 6, 14)), meeting(date(2026, 12, 12))


def test_excused_needs_an_agreed_letter_naming_the_meeting():
    with pytest.raises(AttendanceRegisterError):
        attended(JUNE, "dv-001", Attendance.EXCUSED)
    with pytest.raises(AttendanceRegisterError):
        attended(JUNE, "dv-001", Attendance.EXCUSED, letter=FakeLetter("VS-1", "dv-001", (JUNE.id,), agreed=False))
    with pytest.raises(AttendanceRegisterError):
        attended(JUNE, "dv-001", Attendance.EXCUSED, letter=FakeLetter("VS-1", "dv-001", (DECEMBER.id,)))
    done = attended(JUNE, "dv-001", Attendance.EXCUSED, letter=FakeLetter("VS-1", "dv-001", (JUNE.id,)))
    assert attendance_of(done)["dv-001"].letter_code == "VS-1"


def test_force_majeure_needs_a_note():
    with pytest.raises(AttendanceRegisterError):
        attended(JUNE, "dv-001", Attendance.FORCE_MAJEURE, note="  ")
    assert attendance_of(attended(JUNE, "dv-001", Attendance.FORCE_MAJEURE, note="bão"))["dv-001"].note == "bão"


def test_correction_keeps_the_earlier_entry():
    first = attended(JUNE, "dv-001", Attendance.UNEXCUSED)
    same = attended(first, "dv-001", Attendance.UNEXCUSED)
    assert same is first  # nothing changed, no history entry
    corrected = attended(first, "dv-001", Attendance.PRESENT)
    entry = attendance_of(corrected)["dv-001"]
    assert entry.status == Attendance.PRESENT
    assert [h["status"] for h in entry.history] == ["vang_khong_ly_do"]


def test_excusing_letter_finds_only_agreed_letters_of_the_member():
    letters = [FakeLetter("VS-1", "dv-002", (JUNE.id,)), FakeLetter("VS-2", "dv-001", (JUNE.id,), agreed=False),
               FakeLetter("VS-3", "dv-001", (JUNE.id, DECEMBER.id))]
    assert excusing_letter(letters, JUNE.id, "dv-001").code == "VS-3"
    assert excusing_letter(letters[:2], JUNE.id, "dv-001") is None


def test_at_least_two_meetings_a_year():
    assert meetings_shortfall([], 2026) == 2
    assert meetings_shortfall([JUNE], 2026) == 1
    assert meetings_shortfall([JUNE, DECEMBER, meeting(date(2025, 6, 1))], 2026) == 0


def test_absences_tell_date_and_reason():
    letter = FakeLetter("VS-1", "dv-001", (JUNE.id,))
    meetings = [attended(DECEMBER, "dv-001", Attendance.UNEXCUSED), attended(JUNE, "dv-001", Attendance.EXCUSED, letter=letter)]
    absences = absences_of("dv-001", meetings, [letter])
    assert [a.meeting.date for a in absences] == [JUNE.date, DECEMBER.date]
    assert "đi công tác Hà Nội" in absences[0].reason and absences[1].reason == "không có lý do chính đáng"


def test_cell_year_numbers_count_held_meetings_and_attending_members():
    from forms_service.domain.members import Exemption
    members = [member("dv-001"), member("dv-002"), member("dv-008", exemption=Exemption.FROM_RESIDENCE_ACTIVITY)]
    june = attended(attended(JUNE, "dv-001", Attendance.PRESENT), "dv-002", Attendance.UNEXCUSED)
    numbers = cell_year_numbers("chi-bo-khom-1", 2026, members, [june, DECEMBER])
    assert numbers.working_members == 3 and numbers.meetings_held == 1 and numbers.meetings_scheduled == 2
    assert numbers.expected_attendances == 2 and numbers.present == 1 and numbers.unexcused == 1
    assert numbers.attendance_rate == 0.5
