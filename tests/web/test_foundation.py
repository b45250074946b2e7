"""Pages and headers every journey relies on."""
from __future__ import annotations

import json

import pytest

from forms_service.web.security import SERVICE_CSP


def test_service_home_anonymous(client):
    page = client.get("/dich-vu/")
    assert page.status_code == 200
    assert "Đăng nhập" in page.get_data(as_text=True)


@pytest.mark.calendar
def test_sign_in_and_out(client):
    client.sign_in("dangvien")
    home = client.get("/dich-vu/").get_data(as_text=True)
    assert "Nguyễn Văn An" in home and "Trang của tôi" in home and "Viết đơn xin vắng sinh hoạt" in home
    out = client.post_form("/dich-vu/dang-xuat", {}, page="/dich-vu/")
    assert out.status_code == 302
    assert "Đăng nhập" in client.get("/dich-vu/").get_data(as_text=True)


def test_wrong_password_is_refused_in_vietnamese(client):
    page = client.post_form("/dich-vu/dang-nhap", {"username": "dangvien", "password": "sai-mat-khau"})
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu chưa đúng." in text
    assert 'class="error-summary"' in text


def test_empty_sign_in_shows_messages_at_field_and_summary(client):
    text = client.post_form("/dich-vu/dang-nhap", {"username": "  ", "password": ""}).get_data(as_text=True)
    assert text.count("Vui lòng nhập tên đăng nhập.") == 2  # summary + field
    assert 'href="#username"' in text


def test_sign_in_is_throttled_after_five_failures(client, repos):
    for _ in range(5):
        client.post_form("/dich-vu/dang-nhap", {"username": "bithu", "password": "sai"})
    text = client.post_form("/dich-vu/dang-nhap", {"username": "bithu", "password": "dongthap213"}).get_data(as_text=True)
    assert "tạm khóa" in text
    assert client.get("/dich-vu/").get_data(as_text=True).count("Đang đăng nhập") == 0
    entries = [e["action"] for e in repos.audit.entries()]
    assert entries.count("dang_nhap_sai") == 5 and "dang_nhap_bi_khoa" in entries


def test_open_redirect_is_refused(client):
    token = client.csrf_token("/dich-vu/dang-nhap")
    response = client.post("/dich-vu/dang-nhap?next=//evil.example/x",
                           data={"username": "dangvien", "password": "dongthap213", "csrf_token": token})
    assert response.headers["Location"] == "/dich-vu/"


def test_post_without_csrf_is_refused_in_vietnamese(client):
    response = client.post("/dich-vu/dang-nhap", data={"username": "dangvien", "password": "dongthap213"})
    assert response.status_code == 400
    assert "mã bảo vệ biểu mẫu" in response.get_data(as_text=True)


@pytest.mark.calendar
def test_change_password(client):
    client.sign_in("capuy")
    bad = client.post_form("/dich-vu/doi-mat-khau", {"current": "dongthap213", "new": "ngan", "repeat": "khac"})
    text = bad.get_data(as_text=True)
    assert "Mật khẩu mới phải có từ 10 đến 128 ký tự." in text
    assert "Hai lần nhập mật khẩu mới chưa giống nhau." in text
    good = client.post_form("/dich-vu/doi-mat-khau", {"current": "dongthap213", "new": "mot cau de nho 2026",
                                                      "repeat": "mot cau de nho 2026"})
    assert good.status_code == 302
    client.post_form("/dich-vu/dang-xuat", {}, page="/dich-vu/")
    client.sign_in("capuy", "mot cau de nho 2026")


def test_security_headers_on_every_kind_of_response(client):
    for path in ("/dich-vu/", "/dich-vu/khong-co", "/healthz", "/dich-vu/dang-nhap"):
        headers = client.get(path).headers
        assert "script-src 'self'" in headers["Content-Security-Policy"]
        assert "unsafe-inline" not in headers["Content-Security-Policy"].split("style-src")[0]
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["X-Frame-Options"] == "DENY"
    assert client.get("/dich-vu/").headers["Content-Security-Policy"] == SERVICE_CSP


def test_session_cookie_is_httponly_and_samesite(client):
    response = client.sign_in("dangvien")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_not_found_page_is_vietnamese(client):
    page = client.get("/dich-vu/khong-co-trang-nay")
    assert page.status_code == 404
    assert "Không tìm thấy trang" in page.get_data(as_text=True)


def test_unhandled_error_gives_vietnamese_500(app, client):
    @app.get("/dich-vu/thu-loi")
    def boom():
        raise RuntimeError("boom")
    app.config["PROPAGATE_EXCEPTIONS"] = False
    page = client.get("/dich-vu/thu-loi")
    assert page.status_code == 500
    assert "Hệ thống gặp sự cố" in page.get_data(as_text=True)


def test_healthz_reports_store(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = json.loads(response.data)
    assert body["store"] == {"readable": True, "writable": True}


def test_audit_records_sign_in(client, repos):
    client.sign_in("xaphuong")
    assert any(e["actor"] == "xaphuong" and e["action"] == "dang_nhap" for e in repos.audit.entries())
