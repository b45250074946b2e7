"""Signing in on a phone-sized screen, in a real Chromium."""
from __future__ import annotations

import pytest

from tests.conftest import DEMO_PASSWORD

from .conftest import sign_in

pytestmark = pytest.mark.browser


@pytest.mark.calendar
def test_member_signs_in_on_a_phone(live_server, phone):
    sign_in(phone, live_server, "dangvien", DEMO_PASSWORD)
    assert phone.locator("h1").inner_text() == "Trang của tôi"
    assert "Nguyễn Văn An" in phone.locator(".who").inner_text()
    # nothing sticks out sideways on a 360 px screen
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360


def test_wrong_password_summary_takes_focus(live_server, phone):
    sign_in(phone, live_server, "dangvien", "sai-mat-khau", lands_home=False)
    summary = phone.locator(".error-summary")
    assert "Tên đăng nhập hoặc mật khẩu chưa đúng." in summary.inner_text()
    assert phone.evaluate("document.activeElement.classList.contains('error-summary')")
