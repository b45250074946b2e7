"""The printed register (sổ theo dõi sinh hoạt) read as a reviewer reads it: the demo cell's
members and meetings with who came, in the party-document layout; the blank one with rows to
fill by hand and the note on how to fill it; the attendance words the service itself uses."""
from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from forms_service.cli import main
from forms_service.documents.printed_register import (printed_register_context, printed_register_docx,
                                                      printed_register_pdf)
from forms_service.domain import clock
from forms_service.domain.attendance_register import (ATTENDANCE_LABELS, PRINTED_AS, Attendance, record_attendance,
                                                      printed_register_wording, sheet_rows)
from forms_service.domain.demo import demo_data
from forms_service.domain.meetings import Meeting
from forms_service.domain.members import Member
from forms_service.domain.org import Unit
from forms_service.services.attendance_register import PrintedRegister
from tests.demo_calendar import AHEAD, HELD, YEAR
from tests.document_text import docx_text, pdf_text
from tests.pdf_layout import read_layout

pytestmark = pytest.mark.calendar

KHOM_1 = ["Nguyễn Văn An", "Trần Thị Bích", "Đặng Văn Hải", "Ngô Thanh Hùng", "Tô Văn Long", "Đoàn Thị Quyên"]


@pytest.fixture(scope="module")
def samples(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("printed-register-samples")
    assert main(["samples", str(folder)]) == 0
    return folder


def test_filled_register_holds_the_demo_cells_members_meetings_and_attendance(samples):
    for printed in (pdf_text((samples / "so-theo-doi.pdf").read_bytes()),
                    docx_text((samples / "so-theo-doi.docx").read_bytes())):
        assert "CHI BỘ KHÓM 1" in printed and "ĐẢNG ỦY PHƯỜNG HÒA AN TÂY" in printed and f"Năm {YEAR}" in printed
        for name in KHOM_1:
            assert name in printed
        assert "Võ Quốc Đạt" not in printed  # a member of another cell
        assert f"Buổi 1 ngày {HELD:%d/%m/%Y}" in printed and f"Buổi 2 ngày {AHEAD:%d/%m/%Y}" in printed
        assert "Đảng ủy Sở Giáo dục và Đào tạo" in printed and "Chi bộ Công ty Cấp nước Sen Hồng" in printed
        assert "Chi bộ đã gửi nhận xét" in printed and "Chưa xin ý kiến" in printed
        assert "T/M CHI ỦY" in printed and "BÍ THƯ" in printed


def test_each_member_row_shows_what_was_recorded_at_the_held_meeting(samples):
    """The demo records Đặng Văn Hải absent without reason at the held meeting, the others present."""
    layout = read_layout((samples / "so-theo-doi.pdf").read_bytes())
    header = layout.find(f"ngày {HELD:%d/%m/%Y}", page=2)
    for name in KHOM_1:
        row = next(p for p in layout.on(2) if p.text == name)
        cell = [p.text for p in layout.on(2) if abs(p.top - row.top) < 1 and header.x0 - 5 < p.x0 < header.x1]
        expected = "Vắng không có" if name == "Đặng Văn Hải" else "Có mặt"
        assert cell and cell[0].startswith(expected), (name, cell)


def test_register_parts_in_the_party_document_layout(samples):
    for name in ("so-theo-doi", "so-theo-doi-mau-trang"):
        layout = read_layout((samples / f"{name}.pdf").read_bytes())
        assert layout.pages == 2
        title, year = layout.find("SỔ THEO DÕI SINH HOẠT", page=1), layout.find("Năm ", page=1)
        assert (title.size, title.bold) == (15, True) and year.bold and year.top > title.bottom
        members = layout.find("I. Đảng viên đang công tác", page=1)
        meetings = layout.find("II. Các buổi sinh hoạt", page=2)  # the attendance starts its own page
        how = layout.find("III. Cách ghi sổ", page=2)
        assert all((p.size, p.bold) == (14, True) for p in (members, meetings, how))
        cell = layout.find("Họ và tên", page=1)
        assert (cell.size, cell.bold) == (12, True)
        assert layout.find("213-QĐ/TW", page=2).size == 12
        assert layout.find("Mẫu sổ tham khảo").size == 9.5  # the note, in the footer


def test_blank_register_has_numbered_rows_to_fill_and_the_attendance_words(samples):
    printed = pdf_text((samples / "so-theo-doi-mau-trang.pdf").read_bytes())
    assert "Năm 20……" in printed and "Nguyễn Văn An" not in printed
    rows = printed_register_wording()["blank_rows"]["blank"]
    layout = read_layout((samples / "so-theo-doi-mau-trang.pdf").read_bytes())
    for page in (1, 2):
        numbers = [p.text for p in layout.on(page) if p.text.isdigit() and p.top > 25]
        assert numbers == [str(n) for n in range(1, rows + 1)], (page, numbers)
    for status, label in ATTENDANCE_LABELS.items():  # a paper letter is written like any agreed letter
        assert (f"“{label}”" in printed) == (status not in PRINTED_AS), label
    assert "khoản 3 Điều 4 Quy định số 213-QĐ/TW" in printed
    assert "Buổi 1" in printed and "Buổi 3" in printed and "ngày ……/……/………" in printed  # dates to write in


def test_attendance_words_are_those_of_the_data_and_of_the_attendance_page():
    assert {str(status): label for status, label in ATTENDANCE_LABELS.items()} == printed_register_wording()["attendance"]


def _printed_register_with(meetings: list[Meeting], members: list[Member]) -> PrintedRegister:
    data = demo_data()
    units = {u["id"]: Unit.from_record(u) for u in data["units"]}
    rows = sheet_rows(members, meetings, {"dang-uy-so-giao-duc": "Đảng ủy Sở Giáo dục và Đào tạo"},
                      {members[0].id: date(YEAR, 1, 5)}, {m.id: "Chưa xin ý kiến" for m in members})
    return PrintedRegister(units["chi-bo-khom-1"], units["phuong-hoa-an-tay"], YEAR, meetings, rows)


def test_more_meetings_than_a_table_holds_run_on_in_a_second_table_in_the_pdf_and_the_docx():
    data = demo_data()
    members = [Member.from_record(m) for m in data["members"] if m["id"] in ("dv-001", "dv-007")]
    first = date(YEAR, 1, 10)
    meetings = [Meeting(id=f"chi-bo-khom-1~{n}", cell_id="chi-bo-khom-1", date=first + timedelta(days=30 * n))
                for n in range(4)]
    meetings[3] = record_attendance(meetings[3], "dv-007", Attendance.FORCE_MAJEURE, by="bithu", at=clock.now(),
                                    note="nước lũ")
    context = printed_register_context(_printed_register_with(meetings, members))
    assert [len(t["headers"]) for t in context["attendance_tables"]] == [3, 3]
    for printed in (pdf_text(printed_register_pdf(context)), docx_text(printed_register_docx(context))):
        assert f"Buổi 4 ngày {meetings[3].date:%d/%m/%Y}" in printed and "Buổi 6" in printed
        assert "Vắng vì lý do bất khả kháng" in printed
        assert f"05/01/{YEAR}" in printed  # the introduction letter's date


def test_a_member_exempt_or_not_yet_in_the_cell_was_not_concerned_by_a_meeting():
    data = demo_data()
    exempt = Member.from_record(next(m for m in data["members"] if m["id"] == "dv-008"))
    newcomer = Member.from_record(next(m for m in data["members"] if m["id"] == "dv-001"))
    newcomer = newcomer.with_change(date(YEAR, 6, 1), "chuyen_chi_bo", residence_cell_id="chi-bo-khom-2")
    meetings = [Meeting(id="a", cell_id="chi-bo-khom-1", date=date(YEAR, 3, 1)),
                Meeting(id="b", cell_id="chi-bo-khom-1", date=date(YEAR, 9, 1))]
    rows = sheet_rows([exempt, newcomer], meetings, {}, {}, {})
    assert rows[0].attendance == ("–", "–")
    assert rows[1].attendance == ("–", "")
