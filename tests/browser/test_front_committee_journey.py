"""The Front work committee, on a phone, from the site's root: it gives its opinion on a
working member of its area; the cell secretary then finds it beside Mẫu 3-213."""
from __future__ import annotations

import pytest

from forms_service.domain import clock
from tests.conftest import DEMO_PASSWORD

from .conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.calendar]
OPINION = "Đồng chí gương mẫu, tham gia dọn vệ sinh khu phố và họp tổ dân phố đầy đủ."


def test_front_committee_opinion_reaches_the_secretary_filling_the_comment(live_server, phone):
    year = clock.today().year
    sign_in(phone, live_server, "mattran", DEMO_PASSWORD)
    phone.get_by_role("link", name=f"Ý kiến về đảng viên đang công tác năm {year}").click()
    phone.get_by_role("link", name="Tô Văn Long").click()
    phone.get_by_label("Ý kiến của Ban công tác Mặt trận khu dân cư").fill(OPINION)
    phone.get_by_role("button", name="Lưu ý kiến").click()
    assert "Đã lưu ý kiến" in phone.locator("main").inner_text()
    assert "Đã có ý kiến" in phone.locator("li", has_text="Tô Văn Long").inner_text()
    phone.get_by_role("button", name="Đăng xuất").click()

    sign_in(phone, live_server, "bithu", DEMO_PASSWORD)
    phone.get_by_role("link", name=f"Phiếu cần nhận xét năm {year}").click()
    phone.get_by_role("link", name="Tô Văn Long", exact=False).click()
    opinion = phone.get_by_role("region", name="Ý kiến của Ban công tác Mặt trận khu dân cư")
    assert OPINION in opinion.inner_text()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
