"""The cell secretary's register: schedule, attendance with letters, corrections, access."""
from __future__ import annotations

import re

import pytest

from forms_service.domain.attendance_register import Attendance, attendance_of

from ..demo_calendar import FREE_DAY, HELD, YEAR, held_meeting, meeting_ahead

pytestmark = pytest.mark.calendar


def test_register_page_lists_meetings_and_members_without_a_rating_cap(client):
    client.sign_in("bithu")
    page = client.get("/dich-vu/so-theo-doi/").get_data(as_text=True)
    assert "Chi bộ Khóm 1" in page and "Nguyễn Văn An" in page
    assert HELD.strftime("%d/%m/%Y") in page
    # the demo records dv-007 absent without reason at the held meeting; rating is the workplace's
    # business, so the residence cell's register shows no cap, whether the year has the rule or not
    assert "Giới hạn xếp loại" not in page and "tối đa “" not in page


def test_schedule_a_meeting_with_errors_then_saved(client, repos):
    client.sign_in("bithu")
    bad = client.post_form("/dich-vu/so-theo-doi/buoi-moi", {"on": "31/02/2026", "place": "", "topic": "", "kind": "dinh_ky"})
    text = bad.get_data(as_text=True)
    assert "Vui lòng nhập địa điểm sinh hoạt." in text and 'class="error-summary"' in text
    good = client.post_form("/dich-vu/so-theo-doi/buoi-moi", {"on": FREE_DAY.strftime("%d/%m/%Y"), "time": "19:30", "place": "Nhà văn hóa",
                                                              "topic": "Bầu cử", "kind": "bat_thuong",
                                                              "commune_attendees": "Đ/c Sáu, Phó Bí thư"})
    assert good.status_code == 302
    meeting = next(m for m in repos.meetings.for_cell("chi-bo-khom-1", YEAR) if m.date == FREE_DAY)
    assert meeting.kind == "bat_thuong" and meeting.commune_attendees == "Đ/c Sáu, Phó Bí thư"
    assert repos.audit.entries(target=meeting.id)[0]["action"] == "len_lich_sinh_hoat"


def _form_for(client, meeting_id):
    """The attendance form's field names by member name, and the roster as drawn, read from the page."""
    page = client.get(f"/dich-vu/so-theo-doi/buoi/{meeting_id}").get_data(as_text=True)
    names = dict(re.findall(r'<fieldset id="(trang-thai-[^"]+)">\s*<legend>([^<]+)</legend>', page))
    roster = re.search(r'name="roster" type="hidden" value="([^"]*)"', page).group(1)
    return {name: field for field, name in names.items()} | {"roster": roster}, page


def test_attendance_excused_needs_agreed_letter_and_correction_keeps_history(client, repos):
    client.sign_in("bithu")
    december = meeting_ahead(repos)
    fields, page = _form_for(client, december.id)
    # dv-013 (Tô Văn Long) has an agreed demo letter for the meeting ahead: offered with its code
    letter = next(x for x in repos.letters.for_member("dv-013") if x.is_agreed)
    assert letter.code in page and f'href="/dich-vu/don-xin-vang/{letter.code}"' in page
    assert client.get(f"/dich-vu/don-xin-vang/{letter.code}").status_code == 200  # the secretary may open it
    assert 'name="trang-thai-dv-001" type="radio" value="vang_co_don"' not in page  # Nguyễn Văn An: no agreed letter
    refused = client.post_form(f"/dich-vu/so-theo-doi/buoi/{december.id}",
                               {fields["Nguyễn Văn An"]: "vang_co_don", "roster": fields["roster"]})
    assert refused.status_code == 200 and 'href="#trang-thai-dv-001-0"' in refused.get_data(as_text=True)
    data = {fields["Tô Văn Long"]: "vang_co_don", fields["Trần Thị Bích"]: "bat_kha_khang", "roster": fields["roster"]}
    refused = client.post_form(f"/dich-vu/so-theo-doi/buoi/{december.id}", data)
    assert "Trần Thị Bích: Vui lòng ghi rõ lý do bất khả kháng." in refused.get_data(as_text=True)
    assert attendance_of(repos.meetings.get(december.id)) == {}  # nothing half saved
    data = {fields["Tô Văn Long"]: "vang_co_don", fields["Nguyễn Văn An"]: "vang_khong_ly_do",
            fields["Trần Thị Bích"]: "bat_kha_khang", "ghi-chu-dv-002": "bão số 5", "roster": fields["roster"]}
    assert client.post_form(f"/dich-vu/so-theo-doi/buoi/{december.id}", data).status_code == 302
    entries = attendance_of(repos.meetings.get(december.id))
    assert entries["dv-013"].status == Attendance.EXCUSED and entries["dv-013"].letter_code == letter.code
    assert entries["dv-002"].note == "bão số 5"
    client.post_form(f"/dich-vu/so-theo-doi/buoi/{december.id}", {**data, fields["Nguyễn Văn An"]: "co_mat"})
    corrected = attendance_of(repos.meetings.get(december.id))["dv-001"]
    assert corrected.status == Attendance.PRESENT and corrected.history[0]["status"] == "vang_khong_ly_do"
    assert "Đã sửa. Ghi trước đó: Vắng không có lý do chính đáng" in client.get(
        f"/dich-vu/so-theo-doi/buoi/{december.id}").get_data(as_text=True)
    [summary] = [n for n in repos.attendance_numbers.summary("phuong-hoa-an-tay", YEAR) if n.cell_id == "chi-bo-khom-1"]
    assert summary.meetings_held == 2


def test_other_cells_and_members_cannot_touch_the_register(client, repos):
    june = held_meeting(repos)
    client.sign_in("bithu2")
    assert client.get(f"/dich-vu/so-theo-doi/buoi/{june.id}").status_code == 403
    assert client.get("/dich-vu/so-theo-doi/?chi_bo=chi-bo-khom-1").status_code == 403
    client.post_form("/dich-vu/dang-xuat", {}, page="/dich-vu/")
    client.sign_in("dangvien")
    assert client.get("/dich-vu/so-theo-doi/buoi-moi").status_code == 403
    client.post_form("/dich-vu/dang-xuat", {}, page="/dich-vu/")
    client.sign_in("xaphuong")  # the commune officer may read its cells' register, not write it
    assert client.get(f"/dich-vu/so-theo-doi/buoi/{june.id}").status_code == 200
    assert 'action="/dich-vu/so-theo-doi/buoi/' not in client.get(f"/dich-vu/so-theo-doi/buoi/{june.id}").get_data(as_text=True)


def test_anonymous_is_sent_to_sign_in(client):
    assert client.get("/dich-vu/so-theo-doi/buoi-moi").status_code == 302


def test_attendance_is_not_saved_when_the_roster_changed_since_the_page_was_drawn(client, repos):
    """Answers are named by member id; if a member joined or left meanwhile, nothing is saved."""
    from dataclasses import replace

    client.sign_in("bithu")
    december = meeting_ahead(repos)
    fields, _ = _form_for(client, december.id)
    assert fields["Nguyễn Văn An"] == "trang-thai-dv-001"
    leaving = repos.members.get("dv-002")  # Trần Thị Bích moves away before the form is sent
    repos.members.save(replace(leaving, residence_cell_id=None))
    page = client.post_form(f"/dich-vu/so-theo-doi/buoi/{december.id}",
                            {fields["Nguyễn Văn An"]: "vang_khong_ly_do", fields["Trần Thị Bích"]: "co_mat",
                             "roster": fields["roster"]}, page=f"/dich-vu/so-theo-doi/buoi/{december.id}")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "Danh sách đảng viên của chi bộ đã thay đổi" in text
    assert attendance_of(repos.meetings.get(december.id)) == {}
    assert "Trần Thị Bích" not in text.split("<h2>Điểm danh</h2>")[1]


def test_printed_register_for_the_cell_and_year_asked_and_only_for_those_who_see_the_register(client, repos):
    from tests.document_text import docx_text, pdf_text

    client.sign_in("bithu")
    page = client.get(f"/dich-vu/so-theo-doi/?nam={YEAR}").get_data(as_text=True)
    address = re.search(r'href="([^"]*ban-in\.pdf[^"]*)"', page).group(1).replace("&amp;", "&")
    pdf = client.get(address)
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert f'filename="So theo doi sinh hoat Chi bo Khom 1 nam {YEAR}.pdf"' in pdf.headers["Content-Disposition"]
    text = pdf_text(pdf.data)
    assert "Nguyễn Văn An" in text and HELD.strftime("%d/%m/%Y") in text and f"Năm {YEAR}" in text
    docx = client.get(address.replace("ban-in.pdf", "ban-in.docx"))
    assert docx.status_code == 200 and "Nguyễn Văn An" in docx_text(docx.data)
    last_year = pdf_text(client.get(f"/dich-vu/so-theo-doi/ban-in.pdf?nam={YEAR - 1}").data)
    assert f"Năm {YEAR - 1}" in last_year and HELD.strftime("%d/%m/%Y") not in last_year
    # another cell's register: refused to this secretary, given to the commune that oversees it
    assert client.get("/dich-vu/so-theo-doi/ban-in.pdf?chi_bo=chi-bo-ap-tan-hoa").status_code == 403
    client.post_form("/dich-vu/dang-xuat", {}, page="/dich-vu/")
    client.sign_in("xaphuong")
    assert client.get("/dich-vu/so-theo-doi/ban-in.pdf?chi_bo=chi-bo-khom-1").status_code == 200
    assert client.get("/dich-vu/so-theo-doi/ban-in.pdf?chi_bo=chi-bo-ap-tan-hoa").status_code == 403
    client.post_form("/dich-vu/dang-xuat", {}, page="/dich-vu/")
    client.sign_in("dangvien")
    assert client.get("/dich-vu/so-theo-doi/ban-in.pdf?chi_bo=chi-bo-khom-1").status_code == 403


def test_blank_register_for_anyone_from_the_forms_page(client):
    page = client.get("/dich-vu/mau-don/").get_data(as_text=True)
    assert "Sổ theo dõi sinh hoạt của đảng viên đang công tác" in page
    for suffix, magic in (("pdf", b"%PDF"), ("docx", b"PK")):
        assert f'href="/dich-vu/mau-don/so-theo-doi/mau-trang.{suffix}"' in page
        response = client.get(f"/dich-vu/mau-don/so-theo-doi/mau-trang.{suffix}")
        assert response.status_code == 200 and response.data.startswith(magic)
