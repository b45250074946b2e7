""""Cỡ chữ" for older eyes: three sizes, the choice kept across the handbook and the service, and at the
largest size nothing is cut off or overlapping on a 360-px phone (no sideways scrolling: the full-page
screenshot is exactly the screen's width; the boxes of a row do not cover one another)."""
from __future__ import annotations

import io

import pytest
from PIL import Image

from ..conftest import DEMO_PASSWORD
from .conftest import PHONE, sign_in

pytestmark = pytest.mark.browser
WIDTH = PHONE["viewport"]["width"]

# pairs of visible elements, siblings inside these containers, whose boxes intersect
OVERLAPS = """selectors => {
    const found = [];
    const box = el => el.getBoundingClientRect();
    const visible = el => { const r = box(el); return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== "hidden"; };
    for (const container of document.querySelectorAll(selectors)) {
        const kids = Array.from(container.children).filter(visible);
        for (let i = 0; i < kids.length; i++) {
            for (let j = i + 1; j < kids.length; j++) {
                const a = box(kids[i]), b = box(kids[j]);
                const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
                const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
                if (w > 1 && h > 1) { found.push(kids[i].outerHTML.slice(0, 80) + " × " + kids[j].outerHTML.slice(0, 80)); }
            }
        }
    }
    return found;
}"""
HANDBOOK_ROWS = ".md-header__inner, .co-chu, .chia-se__nut, article.md-content__inner, .md-footer__inner"
SERVICE_ROWS = ".header-row, .site-nav, .co-chu, main, .chia-se__nut, .form-group"


def check_fits(page, rows: str) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH, page.url
    shot = Image.open(io.BytesIO(page.screenshot(full_page=True)))
    assert shot.width == WIDTH * PHONE["device_scale_factor"], page.url  # nothing wider than the screen
    assert page.evaluate(OVERLAPS, rows) == [], page.url


def body_text_px(page, selector: str) -> float:
    return page.locator(selector).first.evaluate("el => parseFloat(getComputedStyle(el).fontSize)")


def test_the_largest_size_is_kept_across_pages_and_fits_a_360_px_phone(live_server, phone):
    phone.goto(f"{live_server}/")
    normal = body_text_px(phone, "article p")
    assert normal >= 18  # body text on a phone, before any choice
    sizes = phone.get_by_role("group", name="Cỡ chữ")
    sizes.get_by_role("button", name="Rất lớn").click()
    assert phone.evaluate("document.documentElement.dataset.coChu") == "rat-lon"
    assert sizes.get_by_role("button", name="Rất lớn").get_attribute("aria-pressed") == "true"
    assert body_text_px(phone, "article p") >= normal * 1.3
    check_fits(phone, HANDBOOK_ROWS)

    # the choice follows the reader: the next pages of the handbook, tables and boxes included
    for _ in range(4):
        phone.locator("a.md-footer__link--next").click()
        assert phone.evaluate("document.documentElement.dataset.coChu") == "rat-lon"
        check_fits(phone, HANDBOOK_ROWS)

    # …and into the service, whose whole page grows
    phone.goto(f"{live_server}/")
    phone.get_by_role("link", name="Xem các biểu mẫu").first.click()
    assert phone.get_by_role("group", name="Cỡ chữ").get_by_role("button", name="Rất lớn").get_attribute(
        "aria-pressed") == "true"
    assert body_text_px(phone, "main p") >= 24
    check_fits(phone, SERVICE_ROWS)
    phone.get_by_role("link", name="Điền trên trang và tải về – Đơn xin vắng sinh hoạt (chi bộ nơi cư trú)").click()
    check_fits(phone, SERVICE_ROWS)

    # back to normal, and it stays normal
    phone.get_by_role("group", name="Cỡ chữ").get_by_role("button", name="Thường").click()
    phone.reload()
    assert phone.evaluate("document.documentElement.dataset.coChu") == "thuong"


@pytest.mark.calendar
def test_the_secretarys_meeting_page_fits_at_the_largest_size(live_server, phone):
    sign_in(phone, live_server, "bithu", DEMO_PASSWORD)
    phone.get_by_role("group", name="Cỡ chữ").get_by_role("button", name="Lớn", exact=True).click()
    phone.get_by_role("link", name="Sổ theo dõi sinh hoạt năm", exact=False).click()
    phone.locator("main a[href*='/so-theo-doi/buoi/']").first.click()
    phone.get_by_role("group", name="Cỡ chữ").get_by_role("button", name="Rất lớn").click()
    assert "Thông báo gửi chi bộ" in phone.locator("main").inner_text()
    check_fits(phone, SERVICE_ROWS)
