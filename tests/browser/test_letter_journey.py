"""One absence letter from member to workplace to residence cell, on a phone-sized
screen in a real Chromium, and its PDF."""
from __future__ import annotations

import unicodedata

import pytest

from tests.document_text import pdf_text

from tests.conftest import DEMO_PASSWORD
from tests.demo_calendar import AHEAD

from .conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.calendar]


def sign_out(page):
    page.get_by_role("button", name="Đăng xuất").click()


def fits_the_screen(page):
    page.wait_for_load_state()   # a page still arriving has no document to measure yet
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, page.url


def the_cell_agrees_and_the_member_sees_it(phone, live_server, code: str, on_the_letter: str = "") -> None:
    """The secretary opens the letter from the home page (reading `on_the_letter` there) and
    agrees; the member then finds it agreed on their own list. Ends on the member's letter."""
    sign_in(phone, live_server, "bithu", DEMO_PASSWORD)
    phone.get_by_role("link", name="Đơn xin vắng gửi chi bộ", exact=True).click()
    phone.get_by_role("link", name=code).click()
    assert on_the_letter in phone.locator("main").inner_text()
    phone.get_by_label("Đồng ý cho vắng").check()
    phone.get_by_role("button", name="Ghi quyết định").click()
    assert "Chi bộ nơi cư trú đồng ý" in phone.locator(".notice").first.inner_text()
    sign_out(phone)

    sign_in(phone, live_server, "dangvien", DEMO_PASSWORD)
    phone.get_by_role("link", name="Đơn của tôi", exact=False).first.click()
    phone.get_by_role("link", name=code).click()
    assert "Chi bộ nơi cư trú đồng ý" in phone.locator(".tag").first.inner_text()


def test_letter_from_member_to_workplace_to_cell(live_server, phone, tmp_path):
    sign_in(phone, live_server, "dangvien", DEMO_PASSWORD)
    phone.get_by_role("link", name="Viết đơn xin vắng sinh hoạt").click()
    fits_the_screen(phone)
    phone.get_by_label(f"Sinh hoạt ngày {AHEAD:%d/%m/%Y}", exact=False).check()  # the demo's meeting ahead
    phone.get_by_label("Đi công tác, làm nhiệm vụ cơ quan giao").check()
    phone.get_by_label("Lý do cụ thể").fill("dự hội nghị tại Cần Thơ")
    phone.get_by_role("button", name="Tiếp tục").click()
    assert phone.locator("h1").inner_text() == "Kiểm tra lại thông tin"
    fits_the_screen(phone)
    phone.get_by_role("button", name="Gửi đơn").click()
    assert phone.locator("h1").inner_text() == "Đã gửi đơn xin vắng sinh hoạt"
    code = phone.locator(".reference").inner_text().strip()
    fits_the_screen(phone)
    sign_out(phone)

    sign_in(phone, live_server, "capuy", DEMO_PASSWORD)
    phone.get_by_role("link", name="Đơn xin vắng chờ xác nhận", exact=True).click()
    phone.get_by_role("link", name=code).click()
    fits_the_screen(phone)
    phone.get_by_label("Xác nhận", exact=True).check()
    phone.get_by_role("button", name="Ghi quyết định").click()
    assert f"Đã ghi quyết định cho đơn {code}" in phone.locator(".notice").first.inner_text()
    sign_out(phone)

    the_cell_agrees_and_the_member_sees_it(phone, live_server, code)
    with phone.expect_download() as download:
        phone.get_by_role("link", name="Tải đơn (PDF)").click()
    target = tmp_path / "don.pdf"
    download.value.save_as(target)
    text = flat = pdf_text(target.read_bytes())
    assert unicodedata.is_normalized("NFC", text)
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text
    assert "Nguyễn Văn An" in flat and "dự hội nghị tại Cần Thơ" in flat and code in flat
