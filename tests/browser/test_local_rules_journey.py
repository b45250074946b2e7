"""A local practice switched by the administrator from the home page, in a real Chromium:
with "the workplace confirms first" off for the year, a member's absence letter reaches the
residence cell at once, and the cell decides without waiting for the workplace."""
from __future__ import annotations

import pytest

from tests.conftest import DEMO_PASSWORD
from tests.demo_calendar import AHEAD, YEAR

from .conftest import sign_in
from .test_letter_journey import fits_the_screen, sign_out, the_cell_agrees_and_the_member_sees_it

pytestmark = [pytest.mark.browser, pytest.mark.calendar]

PRACTICE = "Cấp ủy cơ sở nơi công tác xác nhận đơn xin vắng trước khi chi bộ nơi cư trú quyết định"


def test_admin_switches_workplace_confirmation_off_and_the_letter_goes_straight_to_the_cell(live_server, phone):
    sign_in(phone, live_server, "quantri", DEMO_PASSWORD)
    phone.get_by_role("link", name="Quy định của địa phương", exact=False).first.click()
    assert phone.locator("h1").inner_text() == "Quy định của địa phương"
    fits_the_screen(phone)
    # Khóm 1 is in a ward of former Đồng Tháp: the row of that former province holds there
    year_row = phone.locator(f"#noi-cong-tac-xac-nhan-truoc-dong-thap-cu-{YEAR}")
    assert "Đang áp dụng" in year_row.inner_text() and "Báo Đồng Tháp, 02/3/2024" in year_row.inner_text()
    phone.get_by_role("button", name=f"Tắt năm {YEAR} – {PRACTICE}").click()
    assert f"Đã tắt “{PRACTICE}” năm {YEAR}." in phone.locator(".notice").first.inner_text()
    assert "Đang tắt" in year_row.inner_text() and "tắt bởi Quản trị hệ thống (quantri)" in year_row.inner_text()
    sign_out(phone)

    sign_in(phone, live_server, "dangvien", DEMO_PASSWORD)
    phone.get_by_role("link", name="Viết đơn xin vắng sinh hoạt").click()
    phone.get_by_label(f"Sinh hoạt ngày {AHEAD:%d/%m/%Y}", exact=False).check()
    phone.get_by_label("Ốm đau, điều trị bệnh").check()
    phone.get_by_role("button", name="Tiếp tục").click()
    check = phone.locator("main").inner_text()
    assert "đơn được chuyển thẳng đến chi bộ nơi cư trú" in check and "tắt bởi Quản trị hệ thống" in check
    phone.get_by_role("button", name="Gửi đơn").click()
    assert phone.locator("h1").inner_text() == "Đã gửi đơn xin vắng sinh hoạt"
    assert "không phải chờ nơi công tác xác nhận" in phone.locator("main").inner_text()
    code = phone.locator(".reference").inner_text().strip()
    sign_out(phone)

    the_cell_agrees_and_the_member_sees_it(phone, live_server, code,
                                           on_the_letter="Được báo; đơn gửi thẳng chi bộ nơi cư trú")
