"""Register, comments and introductions in a real store, on each of the three stores
(TinyDB file, SQLite, PostgreSQL)."""
from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import pytest

from forms_service.domain.comments import CommentError, comment_form, new_request, receive, save_draft, submit
from forms_service.domain.introductions import issue, receive as receive_introduction
from forms_service.domain.meetings import Meeting, MeetingKind
from forms_service.domain.members import Member
from forms_service.domain.attendance_register import Attendance, PaperLetter, attendance_of, record_attendance
from forms_service.services.attendance_register import refresh_cell_summary
from forms_service.domain.org import Unit, UnitKind

AT = datetime(2026, 12, 13, 9, 0)


@pytest.fixture
def repos(repos):
    return fill(repos)


def fill(repos):
    """A commune with one residence cell of three members working at one Sở."""
    repos.units.save_all([Unit("tinh", UnitKind.PROVINCE, "Tỉnh", None),
                          Unit("phuong-a", UnitKind.COMMUNE, "Đảng ủy phường A", "tinh"),
                          Unit("khom-1", UnitKind.RESIDENCE_CELL, "Chi bộ Khóm 1", "phuong-a"),
                          Unit("so-gd", UnitKind.WORKPLACE, "Đảng ủy Sở", "tinh")])
    for n in range(1, 4):
        repos.members.save(Member(id=f"dv-{n}", full_name=f"Người Số {n}", sex="Nam", birth_date=date(1980, 1, n),
                                  admission_date=date(2005, 1, 1), workplace_id="so-gd", workplace_cell="Chi bộ 1",
                                  residence_cell_id="khom-1"))
    return repos


def test_attendance_update_keeps_other_fields_and_history(repos):
    meeting = repos.meetings.add(Meeting(id="", cell_id="khom-1", date=date(2026, 6, 14), topic="Giữa năm"))
    repos.meetings.update(meeting.id, lambda m: record_attendance(m, "dv-1", Attendance.UNEXCUSED, by="bithu", at=AT))
    repos.meetings.update(meeting.id, lambda m: record_attendance(m, "dv-1", Attendance.PRESENT, by="bithu", at=AT))
    stored = repos.meetings.get(meeting.id)
    assert stored.topic == "Giữa năm"
    entry = attendance_of(stored)["dv-1"]
    assert entry.status == Attendance.PRESENT and entry.history[0]["status"] == "vang_khong_ly_do"
    assert repos.meetings.for_cell("khom-1", 2026) == [stored]


def test_a_paper_letter_and_a_report_to_the_cell_are_stored_with_their_details(repos):
    # PostgreSQL copies each entry into the attendance table, whose status column is checked
    meeting = repos.meetings.add(Meeting(id="", cell_id="khom-1", date=date(2026, 6, 14), topic="Giữa năm"))
    paper = PaperLetter(date(2026, 6, 10), confirmed_by="Đ/c Lê Văn Bình", note="đi công tác")
    repos.meetings.update(meeting.id, lambda m: record_attendance(
        record_attendance(m, "dv-1", Attendance.PAPER_LETTER, by="bithu", at=AT, paper=paper),
        "dv-2", Attendance.REPORTED, by="bithu", at=AT, paper=PaperLetter(date(2026, 6, 13))))
    entries = attendance_of(repos.meetings.get(meeting.id))
    assert entries["dv-1"].status == Attendance.PAPER_LETTER and entries["dv-1"].received_date == date(2026, 6, 10)
    assert entries["dv-1"].confirmed_by == "Đ/c Lê Văn Bình" and entries["dv-1"].note == "đi công tác"
    assert entries["dv-2"].status == Attendance.REPORTED and entries["dv-2"].received_on == "2026-06-13"
    assert repos.check().differences == []


def test_comments_by_workplace_cell_and_code(repos):
    member = repos.members.get("dv-1")
    comments = [new_request(repos.comments.next_code(2026), 2026, repos.members.get(f"dv-{n}"), "capuy", date(2026, 12, 1))
                for n in range(1, 4)]
    repos.comments.add_many(comments)
    assert comments[0].code == "NX-2026-00001"
    assert len(repos.comments.for_workplace("so-gd", 2026)) == 3
    assert {c.member_id for c in repos.comments.for_cell("khom-1", 2026)} == {"dv-1", "dv-2", "dv-3"}
    form = comment_form()
    ratings = {c.id: "dat" for c in form.criteria(comments[0].variant)}
    repos.comments.update(comments[0].code, lambda c: save_draft(c, ratings, "khong_de_nghi", "không có", "Bí Thư"))
    repos.comments.update(comments[0].code, lambda c: submit(c, form, "bithu", AT))
    with pytest.raises(CommentError):
        repos.comments.update(comments[0].code, lambda c: submit(c, form, "bithu", AT))
    repos.comments.update(comments[0].code, lambda c: receive(c, "capuy", AT))
    assert repos.comments.get(comments[0].code).state == "da_nhan"
    assert member.id == repos.comments.get(comments[0].code).member_id
    assert repos.comments.get("NX-2026-09999") is None and repos.comments.for_workplace("so-gd", 2025) == []
    with pytest.raises(KeyError):
        repos.comments.update("NX-2026-09999", lambda c: receive(c, "capuy", AT))


def count_a_meeting(repos):
    meeting = repos.meetings.add(Meeting(id="", cell_id="khom-1", date=date(2026, 6, 14)))
    for member_id, status in (("dv-1", Attendance.PRESENT), ("dv-2", Attendance.PRESENT), ("dv-3", Attendance.UNEXCUSED)):
        repos.meetings.update(meeting.id, lambda m, i=member_id, s=status: record_attendance(m, i, s, by="b", at=AT))
    repos.comments.add_many([new_request("NX-2026-00009", 2026, repos.members.get("dv-1"), "capuy", date(2026, 12, 1))])
    refresh_cell_summary(repos, "khom-1", 2026)
    refresh_cell_summary(repos, "khom-1", 2026)  # replaces, never duplicates


def test_summary_is_one_record_per_cell_and_year(repos):
    count_a_meeting(repos)
    [numbers] = repos.attendance_numbers.summary("phuong-a", 2026)
    assert (numbers.working_members, numbers.meetings_held, numbers.present, numbers.unexcused) == (3, 1, 2, 1)
    assert numbers.comments_requested == 1 and numbers.comments_returned == 0
    assert repos.attendance_numbers.summary("phuong-a", 2025) == [] and repos.attendance_numbers.summary("tinh", 2026) == []


def test_the_summaries_of_several_communes_are_read_together(repos):
    count_a_meeting(repos)
    [numbers] = repos.attendance_numbers.summary("phuong-a", 2026)
    other = replace(numbers, cell_id="khom-7", present=9)
    repos.attendance_numbers.save_summary("phuong-b", other)
    assert repos.attendance_numbers.of_communes(["phuong-b", "phuong-a", "phuong-z"], 2026) == {
        "phuong-a": [numbers], "phuong-b": [other], "phuong-z": []}
    assert repos.attendance_numbers.of_communes(["phuong-a"], 2025) == {"phuong-a": []}
    assert repos.attendance_numbers.of_communes([], 2026) == {}


def test_meetings_of_a_cell_by_date_with_ids_per_day(repos):
    later = repos.meetings.add(Meeting(id="", cell_id="khom-1", date=date(2026, 12, 6), time="19:30"))
    first = repos.meetings.add(Meeting(id="", cell_id="khom-1", date=date(2026, 6, 14)))
    second = repos.meetings.add(Meeting(id="", cell_id="khom-1", date=date(2026, 6, 14), kind=MeetingKind.EXTRA))
    next_year = repos.meetings.add(Meeting(id="", cell_id="khom-1", date=date(2027, 1, 10)))
    assert (first.id, second.id) == ("khom-1~20260614-1", "khom-1~20260614-2")
    assert repos.meetings.for_cell("khom-1", 2026) == [first, second, later]
    assert repos.meetings.for_cell("khom-1") == [first, second, later, next_year]
    assert repos.meetings.upcoming("khom-1", date(2026, 12, 6)) == [later, next_year]
    assert repos.meetings.get("khom-1~20991231-1") is None and repos.meetings.get("no-such-id") is None
    repos.meetings.save(replace(later, place="Nhà văn hóa khóm 1"))
    assert repos.meetings.get(later.id).place == "Nhà văn hóa khóm 1"
    with pytest.raises(KeyError):
        repos.meetings.update("khom-1~20991231-1", lambda m: m)


def test_introduction_issue_receive_moves_member_to_cell(repos):
    member = repos.members.get("dv-1")
    intro = issue(repos.introductions.next_code(2026), "1-GGT/ĐU", member, "phuong-a", None, date(2026, 3, 1), "capuy")
    repos.introductions.add(intro)
    assert [i.code for i in repos.introductions.waiting_for_commune("phuong-a")] == [intro.code]
    holder = {}

    def change(current):
        received, holder["member"] = receive_introduction(current, repos.members.get("dv-1"), date(2026, 3, 5),
                                                          "khom-1", "Văn phòng", "xaphuong", AT)
        return received
    repos.introductions.update(intro.code, change)
    repos.members.save(holder["member"])
    assert repos.introductions.waiting_for_commune("phuong-a") == []
    assert repos.introductions.latest_for_member("dv-1").assigned_cell_id == "khom-1"
    assert repos.members.get("dv-1").history[-1]["change"].startswith("Tiếp nhận")
    assert repos.introductions.get("GT-2026-09999") is None and repos.introductions.latest_for_member("dv-2") is None
    with pytest.raises(KeyError):
        repos.introductions.update("GT-2026-09999", lambda i: i)


def test_a_scan_of_a_paper_letter_is_kept_under_its_own_numbered_code(repos):
    # the kept-documents contract: codes numbered per prefix and year, images kept as well as PDF/DOCX
    first, second = repos.kept.next_code("DG", 2026), repos.kept.next_code("DG", 2026)
    assert (first, second) == ("DG-2026-00001", "DG-2026-00002") and repos.kept.next_code("DG", 2027) == "DG-2027-00001"
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256))
    repos.kept.put(first, "png", png)
    assert repos.kept.get(first, "png").content == png and repos.kept.get(first, "jpg") is None
