"""From the site's root, as a person: the administrator uploads a spreadsheet of five members
with one bad row, reads the reason, fixes the file, uploads it again, confirms, and finds the
five in the commune's list."""
from __future__ import annotations

import pytest
from openpyxl import Workbook

from tests.conftest import DEMO_PASSWORD

from .conftest import go_home, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.calendar]
HEADER = ["ma_dang_vien", "ho_ten", "gioi_tinh", "ngay_sinh", "ngay_vao_dang", "ma_noi_cong_tac",
          "chi_bo_noi_cong_tac", "ma_chi_bo_cu_tru", "ten_dang_nhap"]
NAMES = ["Đặng Thị Hoa", "Lý Văn Kiên", "Trịnh Thị Lan", "Mai Văn Minh", "Hồ Thị Nga"]


def spreadsheet(path, cells: list[str]):
    workbook = Workbook()
    workbook.active.append(HEADER)
    for number, (name, cell) in enumerate(zip(NAMES, cells), start=1):
        workbook.active.append([f"dv-hat-{number}", name, "Nữ" if "Thị" in name else "Nam", "05/03/1985",
                                "19/05/2010", "dang-uy-so-giao-duc", "Chi bộ Văn phòng", cell, f"hat.{number}"])
    workbook.save(path)
    return path


GOOD_CELLS = ["chi-bo-khom-1", "chi-bo-khom-2", "chi-bo-khom-1", "chi-bo-khom-2", "chi-bo-khom-1"]


def import_five_fixing_one_row(page, tmp_path) -> None:
    """From the upload page: a file with one bad row, its reason read on the preview, the fixed
    file uploaded again and confirmed. Ends on the confirmation with the accounts just created."""
    with_a_mistake = GOOD_CELLS[:3] + ["chi-bo-khom-9"] + GOOD_CELLS[4:]
    page.get_by_label("Đảng viên (kèm tài khoản)").check()
    page.get_by_label("Tệp danh sách (.xlsx hoặc .csv)").set_input_files(
        spreadsheet(tmp_path / "danh-sach.xlsx", with_a_mistake))
    page.get_by_role("button", name="Xem trước").click()
    main = page.locator("main")
    assert "Có 1 dòng cần sửa" in main.inner_text()
    assert "không có chi bộ nơi cư trú mã “chi-bo-khom-9”" in main.inner_text()
    assert page.get_by_role("button", name="Xác nhận", exact=False).count() == 0

    page.get_by_role("link", name="Tải lên tệp đã sửa").click()
    page.get_by_label("Đảng viên (kèm tài khoản)").check()
    page.get_by_label("Tệp danh sách (.xlsx hoặc .csv)").set_input_files(
        spreadsheet(tmp_path / "danh-sach-da-sua.xlsx", GOOD_CELLS))
    page.get_by_role("button", name="Xem trước").click()
    assert main.inner_text().count("Sẽ thêm mới") == 5
    page.get_by_role("button", name="Xác nhận, lưu 5 dòng mới").click()
    assert page.locator("h1").inner_text() == "Đã lưu danh sách"
    created = page.locator("#tai-khoan-vua-tao").inner_text()
    assert all(f"hat.{n}" in created for n in range(1, 6))


def test_the_administrator_onboards_five_members_from_a_spreadsheet(live_server, phone, tmp_path):
    sign_in(phone, live_server, "quantri", DEMO_PASSWORD)
    phone.get_by_role("link", name="Tài khoản, đơn vị, nhập danh sách").click()
    phone.get_by_role("link", name="Nhập từ tệp Excel").click()
    import_five_fixing_one_row(phone, tmp_path)

    go_home(phone)
    phone.get_by_role("link", name="Tài khoản, đơn vị, nhập danh sách").click()
    phone.get_by_role("link", name="Đảng ủy phường Hòa An Tây").click()
    listed = phone.locator("main table").inner_text()
    assert all(name in listed for name in NAMES)
    assert listed.count("Chưa đăng nhập lần đầu") >= 5
