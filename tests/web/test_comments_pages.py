"""Mẫu 3-213 on the web: request, fill with prefilled "nhận xét khác", check, submit,
receive, PDF/DOCX/ZIP, and who may do what."""
from __future__ import annotations

import io
import re
import zipfile

import pytest

from forms_service.domain.rating import load_rule_book

from ..demo_calendar import DEMO_ORG, HELD, YEAR

pytestmark = pytest.mark.calendar

# a year whose rule book row applies Đồng Tháp's rating cap to dv-007's cell (Khóm 1, in a ward of
# former Đồng Tháp) without an administrator's switch
CAPPED_YEAR = next(year for year in range(2020, 2101)
                   if load_rule_book().rule_for(DEMO_ORG.locality_of("chi-bo-khom-1"), year))


def _ask(client, who="tat_ca"):
    client.sign_in("capuy")
    return client.post_form("/dich-vu/phieu-nhan-xet/xin-y-kien", {"year": str(YEAR), "who": who})


def _code_of(repos, member_id):
    return next(c.code for c in repos.comments.for_workplace(repos.members.get(member_id).workplace_id, YEAR)
                if c.member_id == member_id)


def _fill_data(client, code, **overrides):
    page = client.get(f"/dich-vu/phieu-nhan-xet/{code}/dien").get_data(as_text=True)
    data = {name: "tot" for name in set(re.findall(r'name="(c_[a-z_]+)"', page))}
    data.update({"proposal": "khong_de_nghi", "other_remarks": "", "signer_name": "Trần Văn Phước"})
    data.update(overrides)
    return page, data


def test_ask_for_all_members_once(client, repos):
    asked = _ask(client)
    assert asked.status_code == 302
    comments = repos.comments.for_workplace("dang-uy-so-giao-duc", YEAR)
    assert len(comments) == 7  # six new, and the demo's comment on dv-002 already sent back
    assert all(c.state == "da_xin_y_kien" for c in comments if c.member_id != "dv-002")
    again = client.post_form("/dich-vu/phieu-nhan-xet/xin-y-kien", {"year": str(YEAR), "who": "tat_ca"})
    assert "Đã xin ý kiến năm" in again.get_data(as_text=True)
    assert len(repos.comments.for_workplace("dang-uy-so-giao-duc", YEAR)) == 7
    [khom1] = [n for n in repos.attendance_numbers.summary("phuong-hoa-an-tay", YEAR) if n.cell_id == "chi-bo-khom-1"]
    assert khom1.comments_requested == 5  # dv-001, dv-002, dv-007 of this workplace; dv-009, dv-013 (demo)


def test_the_routine_request_leaves_out_members_exempt_under_hd_33_and_says_why(client, repos):
    client.sign_in("capuy")
    page = client.get("/dich-vu/phieu-nhan-xet/xin-y-kien").get_data(as_text=True)
    assert "Bùi Thị Hạnh (miễn sinh hoạt nơi cư trú: chỉ xin khi cần)" in page
    asked = client.post_form("/dich-vu/phieu-nhan-xet/xin-y-kien", {"year": str(YEAR), "who": "tat_ca"})
    listing = client.get(asked.headers["Location"]).get_data(as_text=True)
    assert ("Không gửi cho 1 đồng chí được miễn sinh hoạt nơi cư trú theo mục 1.1 Hướng dẫn số 33-HD/BTCTW: "
            "không xin nhận xét định kỳ") in listing
    assert "dv-008" not in [c.member_id for c in repos.comments.for_workplace("dang-uy-so-giao-duc", YEAR)]
    row = re.search(r"<tr>\s*<td>Bùi Thị Hạnh</td>.*?</tr>", listing, re.S).group(0)
    assert "Không xin định kỳ (miễn sinh hoạt nơi cư trú, mục 1.1 Hướng dẫn số 33-HD/BTCTW): chỉ xin khi cần" in row


def test_an_exempt_member_is_asked_only_when_needed_with_a_reason_the_cell_reads(client, repos):
    client.sign_in("capuy")
    message = ("Đồng chí Bùi Thị Hạnh được miễn sinh hoạt nơi cư trú theo mục 1.1 Hướng dẫn số 33-HD/BTCTW, "
               "không xin nhận xét định kỳ; chỉ xin khi cần. Vui lòng ghi lý do xin nhận xét.")
    refused = client.post_form("/dich-vu/phieu-nhan-xet/xin-y-kien", {"year": str(YEAR), "who": "dv-008", "because": " "})
    body = refused.get_data(as_text=True)
    assert refused.status_code == 200 and 'class="error-summary"' in body and body.count(message) == 2
    assert "dv-008" not in [c.member_id for c in repos.comments.for_workplace("dang-uy-so-giao-duc", YEAR)]
    asked = client.post_form("/dich-vu/phieu-nhan-xet/xin-y-kien",
                             {"year": str(YEAR), "who": "dv-008", "because": "Xét đề nghị khen thưởng"})
    assert asked.status_code == 302
    code = _code_of(repos, "dv-008")
    comment = repos.comments.get(code)
    assert comment.variant == "mien_sinh_hoat" and comment.asked_because == "Xét đề nghị khen thưởng"
    client.post_form("/dich-vu/dang-xuat", {}, page="/dich-vu/")
    client.sign_in("bithu3")
    page = client.get(f"/dich-vu/phieu-nhan-xet/{code}/dien").get_data(as_text=True)
    assert "xin nhận xét khi cần, vì:</strong> Xét đề nghị khen thưởng" in page


def test_secretary_fills_checks_and_submits_with_prefilled_absences(client, repos):
    _ask(client, "dv-007")
    code = _code_of(repos, "dv-007")
    client.post_form("/dich-vu/dang-xuat", {}, page="/dich-vu/")
    client.sign_in("bithu")
    assert code in client.get("/dich-vu/phieu-nhan-xet/chi-bo").get_data(as_text=True)
    page, data = _fill_data(client, code)
    # the demo records dv-007 absent without reason at the held meeting: prefilled; the rating cap
    # is the workplace's business, not shown to the residence cell secretary
    assert f"Ngày {HELD:%d/%m/%Y}: không có lý do chính đáng." in page
    assert "Lưu ý về xếp loại" not in page and "mức xếp loại cao nhất" not in page
    missing = client.post_form(f"/dich-vu/phieu-nhan-xet/{code}/dien", {**data, "proposal": ""})
    assert "Vui lòng chọn đề nghị của chi ủy." in missing.get_data(as_text=True)
    remarks = f"Vắng sinh hoạt nơi cư trú năm {YEAR}: 1 buổi.\n- Ngày {HELD:%d/%m/%Y}: không có lý do chính đáng."
    saved = client.post_form(f"/dich-vu/phieu-nhan-xet/{code}/dien", {**data, "other_remarks": remarks})
    assert saved.headers["Location"].endswith(f"/phieu-nhan-xet/{code}/kiem-tra")
    check = client.get(f"/dich-vu/phieu-nhan-xet/{code}/kiem-tra").get_data(as_text=True)
    assert "Kiểm tra lại thông tin trước khi gửi" in check and "Không đề nghị" in check and "Sửa" in check
    sent = client.post_form(f"/dich-vu/phieu-nhan-xet/{code}/kiem-tra", {})
    assert sent.headers["Location"].endswith("/da-gui")
    assert code in client.get(sent.headers["Location"]).get_data(as_text=True)
    assert repos.comments.get(code).state == "da_gui"
    assert client.get(f"/dich-vu/phieu-nhan-xet/{code}/dien").status_code == 302  # closed after sending
    actions = [e["action"] for e in repos.audit.entries(target=code)]
    assert actions[:2] == ["gui_nhan_xet", "luu_nhan_xet"]


def test_the_rating_cap_is_shown_to_the_workplace_not_to_the_residence_cell_secretary(client, repos):
    """The rating is the workplace's decision: the cell fills in and checks its comment without the
    cap. The comment is of CAPPED_YEAR, a year whose rule book row applies the cap by default."""
    client.sign_in("capuy")
    client.post_form("/dich-vu/phieu-nhan-xet/xin-y-kien", {"year": str(CAPPED_YEAR), "who": "dv-007"})
    code = next(c.code for c in repos.comments.for_workplace("dang-uy-so-giao-duc", CAPPED_YEAR)
                if c.member_id == "dv-007")
    assert "Lưu ý về xếp loại" in client.get(f"/dich-vu/phieu-nhan-xet/{code}").get_data(as_text=True)
    client.post_form("/dich-vu/dang-xuat", {}, page="/dich-vu/")
    client.sign_in("bithu")
    page, data = _fill_data(client, code)
    client.post_form(f"/dich-vu/phieu-nhan-xet/{code}/dien", data)
    for seen in (page, client.get(f"/dich-vu/phieu-nhan-xet/{code}/kiem-tra").get_data(as_text=True),
                 client.get(f"/dich-vu/phieu-nhan-xet/{code}").get_data(as_text=True)):
        assert "Lưu ý về xếp loại" not in seen and "mức xếp loại cao nhất" not in seen


def test_where_absences_are_not_written_into_other_remarks_the_secretary_writes_freely_beside_the_attendance_register(
        client, repos):
    from forms_service.domain.local_rules import ABSENCES_IN_OTHER_REMARKS
    from forms_service.services.local_rules import switch
    switch(repos, "quantri", "Quản trị hệ thống", ABSENCES_IN_OTHER_REMARKS, "tinh-dong-thap", YEAR, False,
           commune_id="phuong-hoa-an-tay")
    _ask(client, "dv-007")
    code = _code_of(repos, "dv-007")
    client.post_form("/dich-vu/dang-xuat", {}, page="/dich-vu/")
    client.sign_in("bithu")
    page = client.get(f"/dich-vu/phieu-nhan-xet/{code}/dien").get_data(as_text=True)
    textarea = re.search(r'<textarea[^>]*name="other_remarks"[^>]*>(.*?)</textarea>', page, re.S).group(1)
    assert textarea.strip() == ""
    # the attendance register stays beside the form, with the practice, its source and who switched it
    assert f"Ngày {HELD:%d/%m/%Y}: không có lý do chính đáng" in page and "Sổ theo dõi năm" in page
    assert "Mục “nhận xét khác” để trống, bí thư tự viết" in page
    assert "Điều chi ủy muốn ghi thêm về đồng chí trong năm." in page
    assert "mục này ghi các buổi vắng" not in page and "bài báo gốc" not in page
    assert "Báo Đồng Tháp, 02/3/2024" in page and "tắt bởi Quản trị hệ thống (quantri)" in page


def test_where_they_are_the_form_says_so_with_its_source(client, repos):
    _ask(client, "dv-007")
    code = _code_of(repos, "dv-007")
    client.post_form("/dich-vu/dang-xuat", {}, page="/dich-vu/")
    client.sign_in("bithu")
    page = client.get(f"/dich-vu/phieu-nhan-xet/{code}/dien").get_data(as_text=True)
    assert "Dịch vụ điền sẵn mục “nhận xét khác”" in page
    assert "Bài báo nêu yêu cầu này; năm áp dụng là lựa chọn của sổ tay – cần đối chiếu văn bản gốc" in page
    # the hint under "nhận xét khác" names the province's practice, not the project's article
    assert "Theo cách làm của tỉnh trong sổ quy định địa phương, mục này ghi các buổi vắng" in page
    assert "bài báo gốc" not in page


def test_an_exemption_decided_after_the_request_gives_the_cell_the_exempt_form(client, repos):
    from forms_service.domain import clock
    _ask(client, "dv-007")
    code = _code_of(repos, "dv-007")
    assert repos.comments.get(code).variant == "day_du"
    # the workplace exempts dv-007 from residence activity from today, after it asked
    decided = client.post_form("/dich-vu/gioi-thieu/mien/dv-007", {
        "exemption": "mien_sinh_hoat", "ground": "HD 33 mục 1.1: đi học tập trung 18 tháng",
        "applies_from": f"{clock.today():%d/%m/%Y}"})
    assert decided.status_code == 302
    client.post_form("/dich-vu/dang-xuat", {}, page="/dich-vu/")
    client.sign_in("bithu")
    page, data = _fill_data(client, code)
    assert "Đảng viên được miễn sinh hoạt nơi cư trú (mục 1.1 Hướng dẫn số 33-HD/BTCTW)" in page
    client.post_form(f"/dich-vu/phieu-nhan-xet/{code}/dien", data)
    client.post_form(f"/dich-vu/phieu-nhan-xet/{code}/kiem-tra", {})
    sent = repos.comments.get(code)
    assert sent.state == "da_gui" and sent.variant == "mien_sinh_hoat"


def test_workplace_receives_and_downloads_pdf_docx_and_zip(client, repos):
    _ask(client, "dv-001")
    code = _code_of(repos, "dv-001")
    client.post_form("/dich-vu/dang-xuat", {}, page="/dich-vu/")
    client.sign_in("bithu")
    _, data = _fill_data(client, code)
    client.post_form(f"/dich-vu/phieu-nhan-xet/{code}/dien", data)
    client.post_form(f"/dich-vu/phieu-nhan-xet/{code}/kiem-tra", {})
    client.post_form("/dich-vu/dang-xuat", {}, page="/dich-vu/")
    client.sign_in("capuy")
    home = client.get("/dich-vu/").get_data(as_text=True)
    assert "chờ xác nhận" in home
    client.post_form(f"/dich-vu/phieu-nhan-xet/{code}/da-nhan", {}, page=f"/dich-vu/phieu-nhan-xet/{code}")
    assert repos.comments.get(code).state == "da_nhan"
    pdf = client.get(f"/dich-vu/phieu-nhan-xet/{code}.pdf")
    assert pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")
    docx = client.get(f"/dich-vu/phieu-nhan-xet/{code}.docx")
    assert docx.data.startswith(b"PK")
    from forms_service.domain import clock
    from forms_service.services import kept_documents
    waiting = client.get(f"/dich-vu/phieu-nhan-xet/nam-{YEAR}.zip")  # the demo's dv-002 not printed yet: queued
    assert waiting.status_code == 302
    assert "đang được chuẩn bị" in client.get(waiting.headers["Location"]).get_data(as_text=True)
    kept_documents.render_due(repos, "http://sotay.test", clock.now(), lambda: True)  # the worker's round
    archive = zipfile.ZipFile(io.BytesIO(client.get(f"/dich-vu/phieu-nhan-xet/nam-{YEAR}.zip").data))
    assert f"{code} Nguyễn Văn An.pdf" in archive.namelist() and len(archive.namelist()) == 2  # + the demo's dv-002


def test_access_is_by_workplace_and_cell(client, repos):
    _ask(client, "dv-001")
    code = _code_of(repos, "dv-001")
    client.post_form("/dich-vu/dang-xuat", {}, page="/dich-vu/")
    for username, status in (("capuy2", 403), ("bithu2", 403), ("dangvien", 403), ("xaphuong", 200)):
        client.sign_in(username)
        assert client.get(f"/dich-vu/phieu-nhan-xet/{code}").status_code == status, username
        assert client.get(f"/dich-vu/phieu-nhan-xet/{code}/dien").status_code == 403, username
        client.post_form("/dich-vu/dang-xuat", {}, page="/dich-vu/")
