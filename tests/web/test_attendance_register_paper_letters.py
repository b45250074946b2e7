"""Paper and service side by side: the secretary records a letter handed in on paper (with
its scan, if any; or, where the province asks no letter, a word to the cell); the comment
reads it as "có đơn".
A workplace's "không xác nhận" reaches the cell, which decides. A dated exemption leaves
the member on the attendance of the meetings before its date."""
from __future__ import annotations

import io
from dataclasses import replace
from datetime import timedelta

import pytest

from forms_service.domain.attendance_register import Attendance, attendance_of
from forms_service.domain.local_rules import WORKPLACE_CONFIRMS_FIRST
from forms_service.domain.members import Exemption
from forms_service.services.local_rules import switch

from ..demo_calendar import AHEAD, HELD, YEAR, held_meeting, meeting_ahead
from .letters_helpers import make_letter

pytestmark = pytest.mark.calendar


def paper_page(meeting, member_id="dv-007"):
    return f"/dich-vu/so-theo-doi/buoi/{meeting.id}/vang-co-don/{member_id}"


def test_a_paper_letter_is_recorded_and_the_comment_says_co_don(client, repos):
    june = held_meeting(repos)
    client.sign_in("bithu")
    meeting_page = client.get(f"/dich-vu/so-theo-doi/buoi/{june.id}").get_data(as_text=True)
    assert f'href="{paper_page(june)}"' in meeting_page
    page = client.get(paper_page(june)).get_data(as_text=True)
    assert "Ai xác nhận đơn ở nơi công tác" in page  # the demo province asks the workplace to confirm
    received = HELD - timedelta(days=3)
    saved = client.post_form(paper_page(june), {"way": "vang_co_don_giay", "received_on": f"{received:%d/%m/%Y}",
                                                "confirmed_by": "Đ/c Lê Văn Bình, Phó Bí thư",
                                                "note": "đi công tác Cần Thơ"})
    assert saved.status_code == 302
    entry = attendance_of(repos.meetings.get(june.id))["dv-007"]
    assert entry.status == Attendance.PAPER_LETTER and entry.received_date == received
    assert entry.history[0]["status"] == "vang_khong_ly_do"  # the demo's entry stays in the history
    assert "chi ủy nhận ngày" in client.get(f"/dich-vu/so-theo-doi/buoi/{june.id}").get_data(as_text=True)
    # saving the whole attendance again keeps the paper letter as it is
    client.post_form("/dich-vu/dang-xuat", {}, page="/dich-vu/")
    client.sign_in("capuy")
    client.post_form("/dich-vu/phieu-nhan-xet/xin-y-kien", {"year": str(YEAR), "who": "dv-007"})
    code = next(c.code for c in repos.comments.for_workplace("dang-uy-so-giao-duc", YEAR) if c.member_id == "dv-007")
    client.post_form("/dich-vu/dang-xuat", {}, page="/dich-vu/")
    client.sign_in("bithu")
    form = client.get(f"/dich-vu/phieu-nhan-xet/{code}/dien").get_data(as_text=True)
    assert f"Ngày {HELD:%d/%m/%Y}: có đơn xin vắng được chi ủy đồng ý (đi công tác Cần Thơ)." in form
    assert "không có lý do chính đáng" not in form


def test_a_letter_received_after_the_meeting_or_for_a_member_present_is_refused_at_the_field(client, repos):
    june = held_meeting(repos)
    client.sign_in("bithu")
    late = client.post_form(paper_page(june), {"way": "vang_co_don_giay",
                                               "received_on": f"{HELD + timedelta(days=1):%d/%m/%Y}"})
    text = late.get_data(as_text=True)
    assert late.status_code == 200 and 'class="error-summary"' in text and 'href="#received_on"' in text
    assert "sau ngày sinh hoạt" in text and 'id="received_on-error"' in text
    # dv-001 (Nguyễn Văn An) is recorded present at the held meeting
    present = client.post_form(paper_page(june, "dv-001"), {"way": "vang_co_don_giay",
                                                           "received_on": f"{HELD:%d/%m/%Y}"})
    assert "đã được ghi “có mặt”" in present.get_data(as_text=True)
    empty = client.post_form(paper_page(june), {"way": "vang_co_don_giay", "received_on": ""})
    assert "Vui lòng nhập ngày chi ủy nhận đơn" in empty.get_data(as_text=True)
    entries = attendance_of(repos.meetings.get(june.id))
    assert entries["dv-007"].status == Attendance.UNEXCUSED and entries["dv-001"].status == Attendance.PRESENT


def test_without_a_letter_practice_the_secretary_may_record_that_the_member_told_the_cell(client, repos):
    switch(repos, "quantri", "Quản trị hệ thống", WORKPLACE_CONFIRMS_FIRST, "tinh-dong-thap", YEAR, on=False,
           commune_id="phuong-hoa-an-tay")
    june = held_meeting(repos)
    client.sign_in("bithu")
    page = client.get(paper_page(june)).get_data(as_text=True)
    assert "Báo trực tiếp với chi ủy" in page and "Ai xác nhận đơn ở nơi công tác" not in page
    saved = client.post_form(paper_page(june), {"way": "da_bao_chi_uy", "received_on": f"{HELD:%d/%m/%Y}",
                                                "confirmed_by": "không hỏi nên không lưu"})
    assert saved.status_code == 302
    entry = attendance_of(repos.meetings.get(june.id))["dv-007"]
    assert entry.status == Attendance.REPORTED and entry.confirmed_by == ""


def test_the_letter_practice_does_not_offer_a_report_to_the_cell(client, repos):
    june = held_meeting(repos)
    client.sign_in("bithu")
    assert "Báo trực tiếp với chi ủy" not in client.get(paper_page(june)).get_data(as_text=True)
    client.post_form(paper_page(june), {"way": "da_bao_chi_uy", "received_on": f"{HELD:%d/%m/%Y}"})
    assert attendance_of(repos.meetings.get(june.id))["dv-007"].status == Attendance.PAPER_LETTER


def test_only_the_cells_secretary_records_and_only_for_a_member_the_meeting_concerns(client, repos):
    june = held_meeting(repos)
    client.sign_in("bithu2")
    assert client.get(paper_page(june)).status_code == 403
    client.post_form("/dich-vu/dang-xuat", {}, page="/dich-vu/")
    client.sign_in("bithu")
    assert client.get(paper_page(june, "dv-003")).status_code == 404  # lives in another cell


def test_a_dated_exemption_keeps_the_member_on_the_meetings_before_its_date(client, repos):
    member = repos.members.get("dv-007")
    repos.members.save(replace(member, exemption=Exemption.FROM_RESIDENCE_ACTIVITY, exemption_ground="Đi học",
                               exemption_from=AHEAD))
    client.sign_in("bithu")
    held_page = client.get(f"/dich-vu/so-theo-doi/buoi/{held_meeting(repos).id}").get_data(as_text=True)
    assert "Đặng Văn Hải" in held_page and f'href="{paper_page(held_meeting(repos))}"' in held_page
    ahead_page = client.get(f"/dich-vu/so-theo-doi/buoi/{meeting_ahead(repos).id}").get_data(as_text=True)
    assert "Đặng Văn Hải" not in ahead_page.split("<h2>Điểm danh</h2>")[1]
    attendance_register = client.get("/dich-vu/so-theo-doi/").get_data(as_text=True)
    assert "các buổi trước ngày này vẫn ghi điểm danh" in attendance_register
    assert "Giới hạn xếp loại" not in attendance_register  # the residence cell does not rate


def test_a_letter_the_workplace_declines_reaches_the_cell_with_its_opinion(client, repos):
    code = make_letter(repos, "dv-001", steps=[])
    client.sign_in("capuy")
    assert "đơn đều được chuyển đến chi bộ nơi cư trú" in client.get(
        f"/dich-vu/duyet-don-vang/noi-cong-tac/{code}").get_data(as_text=True)
    declined = client.post_form(f"/dich-vu/duyet-don-vang/noi-cong-tac/{code}",
                                {"decision": "khong_xac_nhan", "note": "chưa rõ lịch công tác"})
    assert declined.status_code == 302
    client.post_form("/dich-vu/dang-xuat", {}, page="/dich-vu/")
    client.sign_in("bithu")
    assert code in client.get("/dich-vu/duyet-don-vang/chi-bo/").get_data(as_text=True)
    page = client.get(f"/dich-vu/duyet-don-vang/chi-bo/{code}").get_data(as_text=True)
    assert "chưa rõ lịch công tác" in page and "chi bộ nơi cư trú vẫn là nơi quyết định" in page
    agreed = client.post_form(f"/dich-vu/duyet-don-vang/chi-bo/{code}", {"decision": "dong_y", "note": ""})
    assert agreed.status_code == 302 and repos.letters.get(code).is_agreed


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64  # the signature is what the register reads of an image
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_the_scan_of_a_paper_letter_is_kept_and_opened_from_the_register(client, repos):
    june = held_meeting(repos)
    client.sign_in("bithu")
    form = {"way": "vang_co_don_giay", "received_on": f"{HELD:%d/%m/%Y}"}
    refused = client.post_form(paper_page(june), {**form, "scan": (io.BytesIO(b"MZ\x90\x00 not an image"), "don.exe")},
                               content_type="multipart/form-data")
    text = refused.get_data(as_text=True)
    assert "Bản chụp phải là ảnh JPEG, ảnh PNG hoặc tệp PDF." in text and 'href="#scan"' in text
    large = b"\xff\xd8\xff" + b"\x00" * 1_600_000
    too_large = client.post_form(paper_page(june), {**form, "scan": (io.BytesIO(large), "don.jpg")},
                                 content_type="multipart/form-data")
    assert "Tệp bản chụp lớn quá (1,6 MB); tối đa 1,5 MB." in too_large.get_data(as_text=True)
    assert attendance_of(repos.meetings.get(june.id))["dv-007"].status == Attendance.UNEXCUSED  # nothing saved
    saved = client.post_form(paper_page(june), {**form, "scan": (io.BytesIO(PNG), "don.png")},
                             content_type="multipart/form-data")
    assert saved.status_code == 302
    entry = attendance_of(repos.meetings.get(june.id))["dv-007"]
    assert entry.scan.startswith(f"DG-{YEAR}-") and entry.scan.endswith(".png")
    page = client.get(f"/dich-vu/so-theo-doi/buoi/{june.id}").get_data(as_text=True)
    assert f'href="{paper_page(june)}/ban-chup"' in page
    opened = client.get(f"{paper_page(june)}/ban-chup")
    assert opened.status_code == 200 and opened.mimetype == "image/png" and opened.data == PNG
    # saved again without a new file: the scan stays; with a PDF: replaced
    client.post_form(paper_page(june), {**form, "note": "đi công tác"}, content_type="multipart/form-data")
    assert attendance_of(repos.meetings.get(june.id))["dv-007"].scan == entry.scan
    client.post_form(paper_page(june), {**form, "scan": (io.BytesIO(PDF), "don.pdf")},
                     content_type="multipart/form-data")
    assert client.get(f"{paper_page(june)}/ban-chup").mimetype == "application/pdf"
    # the commune officer who oversees the cell may open it; another cell's secretary may not
    client.post_form("/dich-vu/dang-xuat", {}, page="/dich-vu/")
    client.sign_in("xaphuong")
    assert client.get(f"{paper_page(june)}/ban-chup").status_code == 200
    client.post_form("/dich-vu/dang-xuat", {}, page="/dich-vu/")
    client.sign_in("bithu2")
    assert client.get(f"{paper_page(june)}/ban-chup").status_code == 403
    client.post_form("/dich-vu/dang-xuat", {}, page="/dich-vu/")
    client.sign_in("bithu")
    assert client.get(f"{paper_page(june, 'dv-001')}/ban-chup").status_code == 404  # present, no scan
