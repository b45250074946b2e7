"""The absence letter through the web: member, workplace, residence cell; bad input."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest

from forms_service.domain import clock
from forms_service.domain.letters import LetterState

from ..conftest import tinydb_only
from ..demo_calendar import AHEAD
from .letters_helpers import code_from, decide, meeting_ahead_id, send_checked, submit_letter, write_letter

pytestmark = pytest.mark.calendar


def sign_out(client):
    client.post_form("/dich-vu/dang-xuat", {}, page="/dich-vu/")


def test_letter_from_member_to_workplace_to_cell(client, repos):
    client.sign_in("dangvien")
    written = write_letter(client, meetings=[meeting_ahead_id()])
    assert written.status_code == 302 and written.headers["Location"].endswith("/don-xin-vang/moi/kiem-tra")
    check = client.get("/dich-vu/don-xin-vang/moi/kiem-tra").get_data(as_text=True)
    assert "Kiểm tra lại thông tin" in check and "dự hội nghị tại Cần Thơ" in check
    assert check.count(">Thay đổi<") == 3
    sent, _, _ = send_checked(client)
    code = code_from(sent.headers["Location"])
    confirmation = client.get(sent.headers["Location"]).get_data(as_text=True)
    assert code in confirmation and "Việc tiếp theo" in confirmation and "don.pdf" in confirmation
    assert code in client.get("/dich-vu/don-xin-vang/").get_data(as_text=True)
    assert "Đơn xin vắng sinh hoạt của đồng chí đang chờ xử lý" in client.get("/dich-vu/").get_data(as_text=True)
    sign_out(client)

    client.sign_in("capuy")
    assert "chờ xác nhận" in client.get("/dich-vu/").get_data(as_text=True)
    assert code in client.get("/dich-vu/duyet-don-vang/noi-cong-tac/").get_data(as_text=True)
    assert decide(client, "noi-cong-tac", code, "xac_nhan").status_code == 302
    assert f">{code}</a>" not in client.get("/dich-vu/duyet-don-vang/noi-cong-tac/").get_data(as_text=True)
    sign_out(client)

    client.sign_in("bithu")
    listing = client.get("/dich-vu/duyet-don-vang/chi-bo/").get_data(as_text=True)
    assert code in listing and "Đi công tác: dự hội nghị tại Cần Thơ" in listing
    refused = decide(client, "chi-bo", code, "khong_dong_y", "")
    assert refused.status_code == 400 and "vui lòng ghi rõ lý do" in refused.get_data(as_text=True)
    assert decide(client, "chi-bo", code, "dong_y", "Đồng ý, nhớ nắm lại nội dung").status_code == 302
    letter = repos.letters.get(code)
    assert letter.is_agreed and letter.state == LetterState.AGREED
    assert [h["action"] for h in letter.history] == ["gui_don", "xac_nhan", "dong_y"]
    actions = [e["action"] for e in repos.audit.entries(target=code)]
    assert {"don_xin_vang.gui_don", "don_xin_vang.xac_nhan", "don_xin_vang.dong_y"} <= set(actions)
    again = decide(client, "chi-bo", code, "khong_dong_y", "đổi ý")
    assert again.status_code == 409
    assert repos.letters.get(code).state == LetterState.AGREED
    sign_out(client)

    client.sign_in("dangvien")
    detail = client.get(f"/dich-vu/don-xin-vang/{code}").get_data(as_text=True)
    assert "Chi bộ nơi cư trú đồng ý" in detail and "Rút đơn này" not in detail
    pdf = client.get(f"/dich-vu/don-xin-vang/{code}/don.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")
    docx = client.get(f"/dich-vu/don-xin-vang/{code}/don.docx")
    assert docx.status_code == 200 and docx.data.startswith(b"PK")


def test_member_withdraws_until_decided(client, repos):
    client.sign_in("dangvien")
    code = submit_letter(client)
    assert "Rút đơn này" in client.get(f"/dich-vu/don-xin-vang/{code}").get_data(as_text=True)
    response = client.post_form(f"/dich-vu/don-xin-vang/{code}/rut", {"note": "Sắp xếp được để dự"},
                                page=f"/dich-vu/don-xin-vang/{code}")
    assert response.status_code == 302
    assert repos.letters.get(code).state == LetterState.WITHDRAWN
    assert code not in [x.code for x in repos.letters.waiting_for_workplace("dang-uy-so-giao-duc")]
    again = client.post_form(f"/dich-vu/don-xin-vang/{code}/rut", {"note": ""}, page="/dich-vu/don-xin-vang/")
    assert again.status_code == 409 and "không thể thực hiện" in again.get_data(as_text=True)


def test_double_post_makes_one_letter(client, repos):
    client.sign_in("dangvien")
    write_letter(client, meetings=[meeting_ahead_id()])
    first, token, csrf = send_checked(client)
    second = client.post("/dich-vu/don-xin-vang/moi/kiem-tra", data={"token": token, "csrf_token": csrf})
    assert first.status_code == second.status_code == 302
    assert first.headers["Location"] == second.headers["Location"]
    assert len(repos.letters.for_member("dv-001")) == 1


def test_letter_after_the_meeting_is_accepted_and_marked_late(client, repos):
    client.sign_in("dangvien")
    past = clock.today() - timedelta(days=10)
    code = submit_letter(client, meetings=[], other_date=past.strftime("%d/%m/%Y"))
    letter = repos.letters.get(code)
    assert letter.late and letter.other_dates == (past,)
    assert "Gửi muộn" in client.get(f"/dich-vu/don-xin-vang/{code}").get_data(as_text=True)


@pytest.mark.parametrize("data, message", [
    ({"meetings": [], "other_date": "", "reason_kind": "om_dau", "reason_text": ""},
     "Vui lòng chọn ít nhất một buổi sinh hoạt"),
    ({"reason_kind": ""}, "Vui lòng chọn lý do vắng."),
    ({"reason_kind": "khac", "reason_text": ""}, "Với “Lý do khác”, vui lòng ghi rõ lý do."),
    ({"reason_text": "x" * 501}, "không được dài quá 500 ký tự"),
    ({"meetings": [meeting_ahead_id("chi-bo-khom-2")]}, "không thuộc chi bộ nơi đồng chí cư trú"),
    ({"meetings": ["khong-co~20260101-1"]}, "không thuộc chi bộ nơi đồng chí cư trú"),
    ({"meetings": [], "other_date": "01/01/2020"}, "đã quá một năm"),
    ({"meetings": [], "other_date": "31/02/2026"}, "ngày"),
])
def test_bad_input_is_refused_with_a_clear_message(client, repos, data, message):
    client.sign_in("dangvien")
    form = {"meetings": [meeting_ahead_id()], "other_date": "", "reason_kind": "cong_tac",
            "reason_text": "dự hội nghị"}
    form.update(data)
    response = client.post_form("/dich-vu/don-xin-vang/moi", form)
    text = response.get_data(as_text=True)
    assert response.status_code == 200 and 'class="error-summary"' in text
    assert message in text
    assert client.get("/dich-vu/don-xin-vang/moi/kiem-tra").status_code == 302  # nothing to check yet
    assert repos.letters.for_member("dv-001") == []


def test_change_link_keeps_the_answers(client):
    client.sign_in("dangvien")
    write_letter(client, meetings=[meeting_ahead_id()], reason_kind="om_dau", reason_text="sốt cao")
    page = client.get("/dich-vu/don-xin-vang/moi").get_data(as_text=True)
    assert "sốt cao</textarea>" in page
    assert re.search(r'<input checked[^>]*value="om_dau"', page)
    assert re.search(r'value="chi-bo-khom-1~\d{8}-1" checked', page)


def test_another_members_letter_is_neither_shown_nor_changed(client, repos):
    client.sign_in("dangvien")
    code = submit_letter(client)
    sign_out(client)
    client.sign_in("dangvien2")
    assert client.get(f"/dich-vu/don-xin-vang/{code}").status_code == 403
    assert client.get(f"/dich-vu/don-xin-vang/{code}/don.pdf").status_code == 403
    withdraw = client.post_form(f"/dich-vu/don-xin-vang/{code}/rut", {}, page="/dich-vu/don-xin-vang/")
    assert withdraw.status_code == 403
    assert client.get("/dich-vu/don-xin-vang/VS-2026-99999").status_code == 404
    assert client.get("/dich-vu/don-xin-vang/khong-phai-ma").status_code == 404
    assert repos.letters.get(code).state == LetterState.SUBMITTED
    assert f">{code}</a>" not in client.get("/dich-vu/don-xin-vang/").get_data(as_text=True)


@tinydb_only  # a full disk under the TinyDB files; tests/reliability/test_database_down.py is PostgreSQL's
def test_store_error_on_send_keeps_the_answers(client, repos, monkeypatch):
    import errno

    from forms_service.storage.tinydb import atomic
    client.sign_in("dangvien")
    write_letter(client, meetings=[meeting_ahead_id()], reason_text="giữ lại nội dung này")

    def disk_full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(atomic, "write_atomically", disk_full)
    response, _, _ = send_checked(client)
    text = response.get_data(as_text=True)
    assert response.status_code == 200 and "Chưa gửi được đơn" in text and "giữ lại nội dung này" in text
    monkeypatch.undo()
    sent, _, _ = send_checked(client)
    assert sent.status_code == 302 and len(repos.letters.for_member("dv-001")) == 1


@tinydb_only  # compares the store's files before and after
def test_public_fill_in_stores_nothing(client, data_dir):
    before = {p.relative_to(data_dir): p.read_bytes() for p in data_dir.rglob("*") if p.is_file()}
    page = client.get("/dich-vu/mau-don/don-xin-vang/").get_data(as_text=True)
    assert "không lưu" in page
    data = {"full_name": "Trần Văn Bình", "meeting_date": f"{AHEAD:%d/%m/%Y}", "reason_kind": "om_dau",
            "reason_text": "nằm viện", "cell_name": "Chi bộ Khóm 3", "dinh_dang": "pdf"}
    pdf = client.post_form("/dich-vu/mau-don/don-xin-vang/", data)
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    docx = client.post_form("/dich-vu/mau-don/don-xin-vang/", data | {"dinh_dang": "docx"})
    assert docx.data.startswith(b"PK")
    bad = client.post_form("/dich-vu/mau-don/don-xin-vang/", {"full_name": "", "meeting_date": "hôm qua"})
    assert bad.status_code == 200 and "Vui lòng nhập họ và tên." in bad.get_data(as_text=True)
    after = {p.relative_to(data_dir): p.read_bytes() for p in data_dir.rglob("*") if p.is_file()}
    assert before == after


def test_public_list_and_blank_forms(client):
    listing = client.get("/dich-vu/mau-don/").get_data(as_text=True)
    assert "Đơn xin vắng sinh hoạt" in listing and "/dich-vu/mau-don/don-xin-vang/mau-trang.pdf" in listing
    assert client.get("/dich-vu/mau-don/don-xin-vang/mau-trang.pdf").data.startswith(b"%PDF")
    assert client.get("/dich-vu/mau-don/don-xin-vang/mau-trang.docx").data.startswith(b"PK")


def test_verification_shows_state_and_initials_only(client):
    client.sign_in("dangvien")
    code = submit_letter(client)
    sign_out(client)
    assert client.get("/dich-vu/kiem-tra/").status_code == 200
    redirect = client.get(f"/dich-vu/kiem-tra/?ma={code.lower()}")
    assert redirect.headers["Location"].endswith(f"/dich-vu/kiem-tra/{code}")
    page = client.get(f"/dich-vu/kiem-tra/{code}")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "N.V.A" in text and "Đã gửi, chờ nơi công tác xác nhận" in text
    assert "Nguyễn Văn An" not in text and "Cần Thơ" not in text
    assert client.get("/dich-vu/kiem-tra/VS-2026-99999").status_code == 404
    assert client.get("/dich-vu/kiem-tra/abc").status_code == 404
