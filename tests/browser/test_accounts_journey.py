"""Issue 19's "done when", as people meet it, from the site's root only: the administrator gives a
commune officer an account on a printed slip; the officer opens it with the code, sets a password,
imports a spreadsheet of five members (one bad row fixed after the preview) and prints their slips
from the confirmation; a member signs in with the slip, writes an absence letter, forgets the
password and gets a new code from the cell secretary; the officer deactivates another member, who
can no longer sign in and leaves the workplace's list of members to ask a comment on."""
from __future__ import annotations

import re

import pytest

from forms_service.domain import clock
from tests.conftest import DEMO_PASSWORD
from tests.demo_calendar import AHEAD
from tests.document_text import pdf_text

from .conftest import go_home, sign_in
from .test_onboarding_journey import NAMES, import_five_fixing_one_row

pytestmark = [pytest.mark.browser, pytest.mark.calendar]

OFFICER_PASSWORD = "uy vien phuong hoa an"
MEMBER_PASSWORD = "nha toi o khom mot"
CODE = re.compile(r"\b([A-Z2-9]{4}-[A-Z2-9]{4})\b")


def sign_out(page):
    page.get_by_role("button", name="Đăng xuất", exact=True).click()


def printed_codes(page, button: str, tmp_path) -> dict[str, str]:
    """Press the print button; the slips' user names and codes, read from the PDF."""
    with page.expect_download() as download:
        page.get_by_role("button", name=button).click()
    target = tmp_path / "phieu.pdf"
    download.value.save_as(target)
    text = pdf_text(target.read_bytes())
    names = re.findall(r"Tên đăng nhập:\s*(\S+)", text)
    return dict(zip(names, CODE.findall(text)))


def open_with_code(page, base_url: str, username: str, code: str, password: str) -> None:
    sign_in(page, base_url, username, code, lands_home=False)
    assert page.locator("h1").inner_text() == "Đặt mật khẩu của đồng chí"
    page.get_by_label("Mật khẩu mới", exact=True).fill(password)
    page.get_by_label("Nhập lại mật khẩu mới").fill(password)
    page.get_by_role("button", name="Lưu mật khẩu và vào trang của tôi").click()
    assert page.locator("h1").inner_text() == "Trang của tôi"


def workplace_asks_about(page, base_url: str) -> str:
    sign_in(page, base_url, "capuy", DEMO_PASSWORD)
    page.get_by_role("link", name="Xin ý kiến nhận xét năm", exact=False).click()
    text = page.locator("main").inner_text()
    sign_out(page)
    return text


def test_accounts_from_the_administrator_to_the_members(live_server, phone, tmp_path):
    sign_in(phone, live_server, "quantri", DEMO_PASSWORD)
    phone.get_by_role("link", name="Quản lý tài khoản").click()
    phone.get_by_role("link", name="Tạo tài khoản mới").click()
    phone.get_by_label("Vai trò").select_option(label="Đảng ủy xã, phường")
    phone.get_by_label("Đơn vị").select_option(label="Đảng ủy phường Hòa An Tây")
    phone.get_by_label("Họ và tên").fill("Lê Thị Hoa")
    phone.get_by_label("Tên đăng nhập").fill("lethihoa")
    phone.get_by_role("button", name="Tạo tài khoản").click()
    officer_code = printed_codes(phone, "In phiếu đăng nhập", tmp_path)["lethihoa"]
    sign_out(phone)

    open_with_code(phone, live_server, "lethihoa", officer_code, OFFICER_PASSWORD)
    phone.get_by_role("link", name="Nhập danh sách đảng viên, tài khoản, chi bộ từ tệp Excel").click()
    import_five_fixing_one_row(phone, tmp_path)
    codes = printed_codes(phone, "In phiếu mã đăng nhập", tmp_path)
    assert set(codes) == {f"hat.{n}" for n in range(1, 6)}
    sign_out(phone)
    assert NAMES[1] in workplace_asks_about(phone, live_server)

    open_with_code(phone, live_server, "hat.1", codes["hat.1"], MEMBER_PASSWORD)
    phone.get_by_role("link", name="Viết đơn xin vắng sinh hoạt").click()
    phone.get_by_label(f"Sinh hoạt ngày {AHEAD:%d/%m/%Y}", exact=False).check()
    phone.get_by_label("Đi công tác, làm nhiệm vụ cơ quan giao").check()
    phone.get_by_label("Lý do cụ thể").fill("dự tập huấn tại Cao Lãnh")
    phone.get_by_role("button", name="Tiếp tục").click()
    phone.get_by_role("button", name="Gửi đơn").click()
    assert phone.locator("h1").inner_text() == "Đã gửi đơn xin vắng sinh hoạt"
    sign_out(phone)

    # the member forgets the password: the sign-in page says who gives a new code
    sign_in(phone, live_server, "hat.1", "quen mat roi", lands_home=False)
    phone.get_by_role("link", name="Quên mật khẩu?").click()
    assert "bí thư chi bộ nơi cư trú" in phone.locator("main").inner_text()

    sign_in(phone, live_server, "bithu", DEMO_PASSWORD)
    phone.get_by_role("link", name="Quản lý tài khoản").click()
    phone.get_by_role("link", name=NAMES[0]).click()
    new_code = printed_codes(phone, "In phiếu đăng nhập", tmp_path)["hat.1"]
    sign_out(phone)
    open_with_code(phone, live_server, "hat.1", new_code, MEMBER_PASSWORD + " moi")
    sign_out(phone)

    sign_in(phone, live_server, "lethihoa", OFFICER_PASSWORD)
    phone.get_by_role("link", name="Quản lý tài khoản").click()
    phone.get_by_role("link", name=NAMES[1]).click()
    phone.get_by_label("Vì sao ngừng").select_option(label="Chuyển sinh hoạt đảng ra ngoài tỉnh")
    phone.get_by_label("Từ ngày").fill(clock.today().strftime("%d/%m/%Y"))
    phone.get_by_role("button", name="Ngừng tài khoản").click()
    assert "Đã ngừng" in phone.locator("main").inner_text()
    sign_out(phone)

    sign_in(phone, live_server, "hat.2", codes["hat.2"], lands_home=False)
    assert "ngừng sử dụng" in phone.locator(".error-summary").inner_text()
    assert NAMES[1] not in workplace_asks_about(phone, live_server)
