"""A real server and a real Chromium (Debian's package, driven by Playwright), on the default
store (the root conftest's `backend`): what they prove (pages, links, keyboard, phone layout)
does not depend on the store."""
from __future__ import annotations

import threading

import pytest
from werkzeug.serving import make_server

PHONE = {"viewport": {"width": 360, "height": 740}, "device_scale_factor": 2, "is_mobile": True,
         "has_touch": True, "locale": "vi-VN"}


@pytest.fixture
def live_server(app):
    """The app on 127.0.0.1 and a free port, threaded like a small production server."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture
def phone(browser):
    """A new phone-sized browser context; console errors (CSP violations…) fail the test."""
    context = browser.new_context(**PHONE, accept_downloads=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.console_errors = errors
    yield page
    context.close()
    assert not errors, f"console errors in the browser: {errors}"


def sign_in(page, base_url: str, username: str, password: str, lands_home: bool = True) -> None:
    """As a person does: the site's root (the only address typed), the handbook's link into the
    service, then "Đăng nhập". Ends on the person's home page, "Trang của tôi"."""
    page.goto(f"{base_url}/")
    page.get_by_role("link", name="Vào dịch vụ").first.click()
    page.locator(".site-nav").get_by_role("link", name="Đăng nhập").click()
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    if lands_home:
        assert page.locator("h1").inner_text() == "Trang của tôi", page.locator("main").inner_text()


def go_home(page) -> None:
    """The top bar's way back to the signed-in person's home page."""
    page.locator(".site-nav").get_by_role("link", name="Trang của tôi").click()
