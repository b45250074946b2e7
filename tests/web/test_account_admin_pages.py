"""Accounts managed on the web within each officer's reach, paper sign-in codes, the forgotten
password, sessions that end on the server, and the audit trail: each refusal as a person meets it."""
from __future__ import annotations

import re
from dataclasses import replace
from datetime import timedelta

import pytest

from forms_service.domain import clock
from tests.document_text import pdf_text

pytestmark = pytest.mark.calendar

NEW_PASSWORD = "nha toi o khom mot"


def create_member_account(client, username: str, member_id: str, name: str):
    return client.post_form("/dich-vu/tai-khoan/tao", {"role": "dang_vien", "member": member_id, "unit": "",
                                                       "display_name": name, "username": username,
                                                       "email": "", "phone": ""})


def print_slip(client, username: str) -> str:
    """The code printed on the account's slip (a new one each time)."""
    response = client.post_form("/dich-vu/tai-khoan/in-phieu", {"who": username},
                                page=f"/dich-vu/tai-khoan/{username}")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = pdf_text(response.get_data())
    assert username in text and "http://sotay.test/dich-vu/" in text
    return re.search(r"\b([A-Z2-9]{4}-[A-Z2-9]{4})\b", text).group(1)


def sign_in_with_code(client, username: str, code: str):
    return client.post_form("/dich-vu/dang-nhap", {"username": username, "password": code})


def test_commune_officer_creates_a_member_account_and_the_member_signs_in_with_the_slip(app, client, repos):
    client.sign_in("xaphuong")
    assert "Quản lý tài khoản" in client.get("/dich-vu/").get_data(as_text=True)
    created = create_member_account(client, "tranthibich", "dv-002", "Trần Thị Bích")
    assert created.status_code == 302
    assert repos.accounts.get("tranthibich").member_id == "dv-002"
    assert "Chưa in phiếu" in client.get("/dich-vu/tai-khoan/").get_data(as_text=True)
    code = print_slip(client, "tranthibich")
    stored = repos.accounts.get("tranthibich")
    assert code not in str(stored.to_record())   # only its hash is kept

    member = app.test_client()
    answer = sign_in_with_code(member, "tranthibich", code.lower().replace("-", " "))
    assert answer.headers["Location"].endswith("/dich-vu/dat-mat-khau")
    assert "Đăng nhập" in member.get("/dich-vu/").get_data(as_text=True)   # not signed in before a password
    done = member.post_form("/dich-vu/dat-mat-khau", {"new": NEW_PASSWORD, "repeat": NEW_PASSWORD})
    assert done.status_code == 302
    assert "Viết đơn xin vắng sinh hoạt" in member.get("/dich-vu/").get_data(as_text=True)

    again = app.test_client()
    used = sign_in_with_code(again, "tranthibich", code).get_data(as_text=True)
    assert "đã được dùng rồi" in used and "bí thư chi bộ nơi cư trú" in used
    again.sign_in("tranthibich", NEW_PASSWORD)


def test_an_expired_code_is_refused_with_the_way_to_get_a_new_one(app, client, repos):
    client.sign_in("xaphuong")
    create_member_account(client, "danghai", "dv-007", "Đặng Văn Hải")
    code = print_slip(client, "danghai")
    past = (clock.now() - timedelta(minutes=1)).isoformat()
    repos.accounts.update("danghai", lambda a: replace(a, code_expires=past))
    page = sign_in_with_code(app.test_client(), "danghai", code).get_data(as_text=True)
    assert "đã hết hạn" in page and "Để có mã mới" in page


def test_wrong_codes_count_towards_the_lock(app, client):
    client.sign_in("xaphuong")
    create_member_account(client, "danghai", "dv-007", "Đặng Văn Hải")
    code = print_slip(client, "danghai")
    guesser = app.test_client()
    for _ in range(5):
        sign_in_with_code(guesser, "danghai", "AAAA-BBBB")
    page = sign_in_with_code(guesser, "danghai", code).get_data(as_text=True)
    assert "tạm khóa" in page


def test_nobody_reaches_outside_their_unit_or_gives_a_role_above_their_own(client, repos):
    client.sign_in("xaphuong2")   # the other commune
    assert client.get("/dich-vu/tai-khoan/bithu").status_code == 403
    assert client.post_form("/dich-vu/tai-khoan/bithu/ngung", {"reason": "chi_ngung", "day": "01/01/2026"},
                            page="/dich-vu/tai-khoan/").status_code == 403
    assert '/tai-khoan/bithu"' not in client.get("/dich-vu/tai-khoan/").get_data(as_text=True)
    refused = client.post_form("/dich-vu/tai-khoan/in-phieu", {"who": "bithu"}, page="/dich-vu/tai-khoan/")
    assert refused.status_code == 400 and repos.accounts.get("bithu").code_hash == ""
    above = client.post_form("/dich-vu/tai-khoan/tao", {"role": "quan_tri", "unit": "", "member": "",
                                                        "display_name": "Người Lạ", "username": "nguoila"})
    assert above.status_code == 200 and repos.accounts.get("nguoila") is None
    assert "Lựa chọn không hợp lệ." in above.get_data(as_text=True)   # not a role offered to a commune
    other_cell = client.post_form("/dich-vu/tai-khoan/tao", {"role": "bi_thu_chi_bo", "unit": "chi-bo-khom-1",
                                                             "member": "", "display_name": "Người Lạ",
                                                             "username": "nguoila"})
    assert "không thuộc phạm vi" in other_cell.get_data(as_text=True) and repos.accounts.get("nguoila") is None


def test_a_cell_secretary_only_issues_codes_for_the_cells_members(client, repos):
    client.sign_in("bithu")
    assert "Tạo tài khoản mới" not in client.get("/dich-vu/tai-khoan/").get_data(as_text=True)
    assert client.get("/dich-vu/tai-khoan/tao").status_code == 403
    code = print_slip(client, "dangvien")
    assert len(code) == 9
    assert client.post_form("/dich-vu/tai-khoan/dangvien/khoa", {},
                            page="/dich-vu/tai-khoan/dangvien").status_code == 403
    assert client.get("/dich-vu/tai-khoan/dangvien3").status_code in (403, 404)
    assert client.get("/dich-vu/tai-khoan/capuy").status_code == 403


def test_signing_out_ends_the_session_on_the_server(app, client):
    client.sign_in("dangvien")
    name = app.config["SESSION_COOKIE_NAME"]
    cookie = client.get_cookie(name).value
    thief = app.test_client()
    thief.set_cookie(name, cookie)
    assert "Viết đơn xin vắng sinh hoạt" in thief.get("/dich-vu/").get_data(as_text=True)   # a copied cookie…
    client.post_form("/dich-vu/dang-xuat", {}, page="/dich-vu/")
    assert "Viết đơn xin vắng sinh hoạt" not in thief.get("/dich-vu/").get_data(as_text=True)


def test_an_officer_ends_every_session_of_an_account(app, client):
    member = app.test_client()
    member.sign_in("dangvien")
    client.sign_in("capuy")
    client.post_form("/dich-vu/tai-khoan/dangvien/ket-thuc-phien", {}, page="/dich-vu/tai-khoan/dangvien")
    assert "Viết đơn xin vắng sinh hoạt" not in member.get("/dich-vu/").get_data(as_text=True)


def test_deactivating_a_member_who_left_ends_sessions_keeps_records_and_leaves_the_lists(app, client, repos):
    member = app.test_client()
    member.sign_in("dangvien2")
    audit_lines = len(repos.audit.entries(limit=10000))
    client.sign_in("xaphuong")
    bad = client.post_form("/dich-vu/tai-khoan/dangvien2/ngung", {"reason": "tu_tran", "day": "31/02/2026"},
                           page="/dich-vu/tai-khoan/dangvien2")
    assert bad.status_code == 400 and repos.accounts.get("dangvien2").active
    today = clock.today().strftime("%d/%m/%Y")
    client.post_form("/dich-vu/tai-khoan/dangvien2/ngung", {"reason": "chuyen_tinh", "day": today},
                     page="/dich-vu/tai-khoan/dangvien2")
    assert not repos.accounts.get("dangvien2").active
    gone = repos.members.get("dv-009")
    assert gone.left_reason == "chuyen_tinh" and not gone.concerned_by(clock.today() + timedelta(days=1))
    assert gone.concerned_by(clock.today() - timedelta(days=1))
    assert "Viết đơn xin vắng sinh hoạt" not in member.get("/dich-vu/").get_data(as_text=True)
    refused = app.test_client().post_form("/dich-vu/dang-nhap", {"username": "dangvien2",
                                                                 "password": "dongthap213"})
    assert "ngừng sử dụng" in refused.get_data(as_text=True)
    assert len(repos.audit.entries(limit=10000)) > audit_lines
    workplace = app.test_client()
    workplace.sign_in("capuy2")
    assert "Ngô Thanh Hùng" not in workplace.get("/dich-vu/phieu-nhan-xet/xin-y-kien").get_data(as_text=True)


def test_forgotten_password_says_who_to_ask_and_never_whether_the_name_exists(app, client, repos):
    sign_in_page = client.get("/dich-vu/dang-nhap").get_data(as_text=True)
    assert "Quên mật khẩu?" in sign_in_page
    page = client.get("/dich-vu/quen-mat-khau").get_data(as_text=True)
    assert "bí thư chi bộ nơi cư trú" in page and "cấp ủy nơi công tác" in page


def test_a_reset_link_works_once_within_the_hour(app, client, repos):
    app.config["SMTP_HOST"] = "mail.invalid"
    repos.accounts.update("dangvien", lambda a: replace(a, email="an@example.vn"))
    known = client.post_form("/dich-vu/quen-mat-khau", {"username": "dangvien"}).get_data(as_text=True)
    unknown = client.post_form("/dich-vu/quen-mat-khau", {"username": "khongcoai"}).get_data(as_text=True)
    assert known == unknown.replace("khongcoai", "dangvien")
    [mail] = [m for m in repos.outbox.waiting(limit=1000) if m["kind"] == "mat_khau"]
    link = mail["details"]["link"].removeprefix("http://sotay.test")
    client.post_form("/dich-vu/quen-mat-khau", {"username": "dangvien"})
    assert len([m for m in repos.outbox.waiting(limit=1000) if m["kind"] == "mat_khau"]) == 1   # throttled
    assert client.post_form(link, {"new": NEW_PASSWORD, "repeat": NEW_PASSWORD}).status_code == 302
    assert "Viết đơn xin vắng sinh hoạt" in client.get("/dich-vu/").get_data(as_text=True)
    twice = app.test_client().get(link)
    assert twice.status_code == 410 and "Quên mật khẩu?" in twice.get_data(as_text=True)


def test_the_audit_trail_is_filtered_and_bounded_by_reach(client):
    client.sign_in("xaphuong")
    create_member_account(client, "danghai", "dv-007", "Đặng Văn Hải")
    mine = client.get("/dich-vu/nhat-ky?person=danghai").get_data(as_text=True)
    assert "Tạo tài khoản" in mine
    client.post_form("/dich-vu/dang-xuat", {}, page="/dich-vu/")
    client.sign_in("xaphuong2")
    theirs = client.get("/dich-vu/nhat-ky?person=danghai").get_data(as_text=True)
    assert "Tạo tài khoản" not in theirs
    later = (clock.today() + timedelta(days=2)).strftime("%d/%m/%Y")
    client.post_form("/dich-vu/dang-xuat", {}, page="/dich-vu/")
    client.sign_in("quantri")
    assert "Tạo tài khoản" in client.get("/dich-vu/nhat-ky?person=danghai").get_data(as_text=True)
    assert "Tạo tài khoản" not in client.get(f"/dich-vu/nhat-ky?person=danghai&since={later}").get_data(as_text=True)


def test_the_forms_before_signing_in_never_err_whatever_is_typed(app, client, repos):
    """Fuzzing of the three forms the crawler cannot reach (they need a code, mail, or a link)."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from tests.security.test_fuzz_forms import PROFILE, problem_with, text

    app.config["SMTP_HOST"] = "mail.invalid"
    client.sign_in("xaphuong")
    create_member_account(client, "danghai", "dv-007", "Đặng Văn Hải")
    code = print_slip(client, "danghai")
    client.post_form("/dich-vu/dang-xuat", {}, page="/dich-vu/")
    sign_in_with_code(client, "danghai", code)
    repos.accounts.update("dangvien", lambda a: replace(a, email="an@example.vn"))
    client.post_form("/dich-vu/quen-mat-khau", {"username": "dangvien"})
    [mail] = [m for m in repos.outbox.waiting(limit=1000) if m["kind"] == "mat_khau"]
    link = mail["details"]["link"].removeprefix("http://sotay.test")
    field = st.one_of(st.none(), text)

    @settings(PROFILE)
    @given(st.sampled_from(["/dich-vu/dat-mat-khau", "/dich-vu/quen-mat-khau", link]), field, field, field)
    def post_anything(path, new, repeat, username):
        data = {k: v for k, v in {"new": new, "repeat": repeat, "username": username}.items() if v is not None}
        data["csrf_token"] = client.csrf_token("/dich-vu/quen-mat-khau")
        response = client.post(path, data=data)
        assert problem_with(response) is None, f"POST {path} {data!r}"

    post_anything()
