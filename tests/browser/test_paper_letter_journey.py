"""Paper and service side by side, on a phone-sized screen in a real Chromium: the cell
secretary records a letter handed in on paper for a member's absence at the meeting already
held, and the yearly comment's "nhận xét khác" then says "có đơn" for that meeting."""
from __future__ import annotations

from datetime import timedelta

import pytest

from tests.conftest import DEMO_PASSWORD
from tests.demo_calendar import HELD, YEAR

from .conftest import go_home, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.calendar]


def sign_out(page):
    page.get_by_role("button", name="Đăng xuất").click()


def fits_the_screen(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, page.url


def test_a_paper_letter_recorded_by_the_secretary_reads_co_don_in_the_comment(live_server, phone):
    # the demo records Đặng Văn Hải absent without reason at the meeting already held; he had
    # handed the secretary a letter on paper, confirmed by his workplace
    sign_in(phone, live_server, "bithu", DEMO_PASSWORD)
    phone.get_by_role("link", name=f"Sổ theo dõi sinh hoạt năm {YEAR}", exact=True).click()
    phone.get_by_role("link", name=f"{HELD:%d/%m/%Y}", exact=False).first.click()
    assert phone.locator("h1").inner_text() == f"Buổi sinh hoạt ngày {HELD:%d/%m/%Y}"
    phone.get_by_role("link", name="Ghi vắng có đơn giấy cho Đặng Văn Hải", exact=False).click()
    assert phone.locator("h1").inner_text() == "Vắng có đơn: Đặng Văn Hải"
    fits_the_screen(phone)
    # a date after the meeting is refused at the field, with the error summary
    phone.get_by_label("Ngày chi ủy nhận đơn hoặc nhận báo vắng").fill(f"{HELD + timedelta(days=2):%d/%m/%Y}")
    phone.get_by_role("button", name="Lưu vắng có đơn").click()
    assert "sau ngày sinh hoạt" in phone.locator(".error-summary").inner_text()
    assert "sau ngày sinh hoạt" in phone.locator(".field-error").first.inner_text()
    phone.get_by_label("Ngày chi ủy nhận đơn hoặc nhận báo vắng").fill(f"{HELD - timedelta(days=2):%d/%m/%Y}")
    phone.get_by_label("Ai xác nhận đơn ở nơi công tác").fill("Đ/c Lê Văn Bình, Phó Bí thư Đảng ủy Sở")
    phone.get_by_label("Lý do vắng, ghi chú").fill("đi công tác Cần Thơ theo quyết định cử")
    phone.get_by_role("button", name="Lưu vắng có đơn").click()
    assert "Đã ghi vắng có đơn được đồng ý (đơn giấy) cho đồng chí Đặng Văn Hải" in \
        phone.locator(".notice").first.inner_text()
    assert f"chi ủy nhận ngày {HELD - timedelta(days=2):%d/%m/%Y}" in phone.locator("main").inner_text()
    sign_out(phone)

    # the workplace asks for the year's comments
    sign_in(phone, live_server, "capuy", DEMO_PASSWORD)
    phone.get_by_role("link", name=f"Đảng viên chưa được xin ý kiến chi ủy nơi cư trú năm {YEAR}").click()
    phone.get_by_role("link", name="Xin ý kiến nhận xét").click()
    phone.get_by_label("Xin ý kiến cho").select_option("tat_ca")
    phone.get_by_role("button", name="Gửi phiếu xin ý kiến").click()
    sign_out(phone)

    # the secretary opens Đặng Văn Hải's comment form: "nhận xét khác" says the absence had a letter
    sign_in(phone, live_server, "bithu", DEMO_PASSWORD)
    phone.get_by_role("link", name=f"Phiếu xin ý kiến nhận xét đảng viên năm {YEAR} chờ chi bộ điền").click()
    phone.get_by_role("link", name="Đặng Văn Hải", exact=False).click()
    remarks = phone.get_by_label("Nhận xét khác").input_value()
    assert f"Ngày {HELD:%d/%m/%Y}: có đơn xin vắng được chi ủy đồng ý (đi công tác Cần Thơ theo quyết định cử)." \
        in remarks
    assert "không có lý do chính đáng" not in remarks
    fits_the_screen(phone)
    go_home(phone)
