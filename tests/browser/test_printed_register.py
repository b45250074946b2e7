"""The printed register (sổ theo dõi sinh hoạt), reached as a person reaches it from the site's
root: anyone downloads the blank one from the forms page or from the handbook's page on it; a
cell secretary downloads the filled one of their cell and year from their home page."""
from __future__ import annotations

import pytest

from tests.conftest import DEMO_PASSWORD
from tests.demo_calendar import AHEAD, HELD, YEAR
from tests.document_text import pdf_text

from .conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.calendar]
BLANK_TITLE = "Sổ theo dõi sinh hoạt của đảng viên đang công tác"


def _downloaded_text(page, link, tmp_path, name: str) -> str:
    with page.expect_download() as download:
        link.click()
    target = tmp_path / name
    download.value.save_as(target)
    assert target.read_bytes().startswith(b"%PDF")
    return pdf_text(target.read_bytes())


def _is_the_blank_register(text: str) -> None:
    assert "SỔ THEO DÕI SINH HOẠT" in text and "Năm 20……" in text and "Cách ghi sổ" in text
    assert "Nguyễn Văn An" not in text


def test_anyone_downloads_the_blank_register_from_the_forms_page(live_server, phone, tmp_path):
    phone.goto(f"{live_server}/")
    phone.get_by_role("link", name="Xem các biểu mẫu").first.click()
    assert phone.locator("h1").inner_text() == "Mẫu đơn, biểu mẫu"
    link = phone.get_by_role("link", name=f"Mẫu trống (PDF) – {BLANK_TITLE}")
    _is_the_blank_register(_downloaded_text(phone, link, tmp_path, "so-trang.pdf"))


def test_anyone_downloads_the_blank_register_from_the_handbooks_course(live_server, phone, tmp_path):
    phone.goto(f"{live_server}/")
    phone.locator("label.md-header__button[for=__search]").first.click()
    phone.keyboard.type("so theo doi sinh hoat", delay=20)
    result = phone.locator(".md-search-result__item").filter(has_text="Sổ theo dõi sinh hoạt để in").first
    result.wait_for(timeout=15000)
    result.locator("a").first.click()
    assert phone.locator("h1").inner_text() == "Sổ theo dõi sinh hoạt để in, cho chi bộ ghi tay"
    link = phone.get_by_role("link", name="Tải sổ trắng (PDF)")
    _is_the_blank_register(_downloaded_text(phone, link, tmp_path, "so-trang.pdf"))


def test_secretary_downloads_the_filled_register_of_their_cell(live_server, phone, tmp_path):
    sign_in(phone, live_server, "bithu", DEMO_PASSWORD)
    phone.get_by_role("link", name=f"Sổ theo dõi sinh hoạt năm {YEAR}").click()
    link = phone.get_by_role("link", name=f"Tải sổ theo dõi năm {YEAR} (PDF)")
    text = _downloaded_text(phone, link, tmp_path, "so-theo-doi.pdf")
    assert "CHI BỘ KHÓM 1" in text and f"Năm {YEAR}" in text
    for name in ("Nguyễn Văn An", "Trần Thị Bích", "Đặng Văn Hải", "Ngô Thanh Hùng", "Tô Văn Long", "Đoàn Thị Quyên"):
        assert name in text
    assert f"ngày {HELD:%d/%m/%Y}" in text and f"ngày {AHEAD:%d/%m/%Y}" in text
    assert "Có mặt" in text and "Vắng không có lý do chính đáng" in text
