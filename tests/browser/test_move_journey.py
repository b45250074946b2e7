"""A member moves to another commune, on a phone, from the site's root: the workplace records
the move (a commune, never a cell), the old cell sees the member moving, the new commune
receives the letter and refers the member to one of its cells, whose secretary then finds
them in the attendance register (khoản 1 Điều 4 Quy định số 213-QĐ/TW)."""
from __future__ import annotations

import pytest

from forms_service.domain import clock
from tests.conftest import DEMO_PASSWORD

from .conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.calendar]
MEMBER = "Nguyễn Văn An"   # works at the education department, lives in Khóm 1 (phường Hòa An Tây)


def sign_out(page):
    page.get_by_role("button", name="Đăng xuất").click()


def test_a_move_goes_through_the_new_commune_to_the_new_cell(live_server, phone):
    sign_in(phone, live_server, "capuy", DEMO_PASSWORD)
    phone.get_by_role("link", name="Giấy giới thiệu và báo thay đổi của đảng viên").click()
    phone.get_by_role("link", name=f"Báo thay đổi của {MEMBER}").click()
    phone.get_by_role("radio", name="Chuyển nơi cư trú", exact=False).check()
    phone.get_by_role("combobox", name="Đảng ủy xã, phường nơi cư trú mới", exact=False).select_option(
        label="Đảng ủy xã Mỹ Lợi Đông")
    phone.get_by_label("Địa chỉ nơi cư trú mới").fill("Tổ 3, ấp Mỹ Thạnh, xã Mỹ Lợi Đông")
    phone.get_by_role("button", name="Lưu thay đổi").click()
    code = phone.locator("h1").inner_text().removeprefix("Giấy giới thiệu ").strip()
    assert code.startswith(f"GT-{clock.today().year}-")
    main = phone.locator("main").inner_text()
    assert "gửi Đảng ủy xã Mỹ Lợi Đông" in main and "Việc tiếp theo" in main
    assert "vẫn sinh hoạt ở Chi bộ Khóm 1" in main
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    sign_out(phone)

    sign_in(phone, live_server, "bithu", DEMO_PASSWORD)
    phone.get_by_role("link", name="Giấy giới thiệu đảng viên về chi bộ", exact=False).click()
    assert MEMBER in phone.locator("li", has_text="Đảng ủy xã Mỹ Lợi Đông").inner_text()
    sign_out(phone)

    sign_in(phone, live_server, "xaphuong2", DEMO_PASSWORD)
    phone.get_by_role("link", name="Giấy giới thiệu chờ tiếp nhận").click()
    phone.get_by_role("link", name=MEMBER, exact=False).click()
    phone.get_by_label("Giới thiệu về sinh hoạt tại chi bộ").select_option(label="Chi bộ Ấp Mỹ Thạnh")
    phone.get_by_role("button", name="Lưu tiếp nhận").click()
    assert f"Đã tiếp nhận đồng chí {MEMBER} về Chi bộ Ấp Mỹ Thạnh" in phone.locator(".notice").first.inner_text()
    sign_out(phone)

    sign_in(phone, live_server, "bithu4", DEMO_PASSWORD)
    phone.get_by_role("link", name="Sổ theo dõi sinh hoạt năm", exact=False).click()
    assert MEMBER in phone.locator("main").inner_text()
