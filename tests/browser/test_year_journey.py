"""One year of a residence cell, on a phone-sized screen in a real Chromium: two meetings
scheduled, attendance with one absence excused by an agreed letter and one without
reason, the yearly comment asked for, filled in and submitted, and its PDF."""
from __future__ import annotations

from datetime import date

import pytest

from forms_service.domain import clock
from tests.conftest import DEMO_PASSWORD
from tests.demo_calendar import CAP_THIS_YEAR
from tests.document_text import pdf_text

from .conftest import go_home, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.calendar]
YEAR = clock.today().year
FIRST, SECOND = date(YEAR, 4, 5), date(YEAR, 10, 4)


def sign_out(page):
    page.get_by_role("button", name="Đăng xuất").click()


def fits_the_screen(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, page.url


def schedule(page, when: date, topic: str):
    page.get_by_role("link", name="Lên lịch buổi sinh hoạt").click()
    page.get_by_label("Ngày sinh hoạt").fill(f"{when:%d/%m/%Y}")
    page.get_by_label("Giờ bắt đầu").fill("19:30")
    page.get_by_label("Địa điểm").fill("Nhà văn hóa Khóm 1")
    page.get_by_label("Nội dung").fill(topic)
    page.get_by_role("button", name="Lưu buổi sinh hoạt").click()
    assert page.locator("h1").inner_text() == f"Buổi sinh hoạt ngày {when:%d/%m/%Y}", page.locator("main").inner_text()
    page.get_by_role("link", name=f"Quay lại sổ theo dõi năm {YEAR}").click()


RATING_CAP = "Giới hạn mức xếp loại khi vắng sinh hoạt không có lý do chính đáng"


def mark(page, member: str, status: str):
    page.locator("fieldset", has=page.locator("legend", has_text=member)).get_by_label(status, exact=False).check()


def test_one_year_of_the_attendance_register_ends_in_the_comment_pdf(live_server, phone, tmp_path):
    # the administrator applies the province's rating cap for the year (off until switched on),
    # in a year the rule book has a cap row for
    if CAP_THIS_YEAR:
        sign_in(phone, live_server, "quantri", DEMO_PASSWORD)
        phone.get_by_role("link", name="Quy định của địa phương", exact=False).first.click()
        phone.get_by_role("button", name=f"Bật năm {YEAR} – {RATING_CAP}").click()
        year_row = phone.locator(f"#gioi-han-xep-loai-tinh-dong-thap-{YEAR}")
        assert "Đang áp dụng" in year_row.inner_text()
        assert "bật bởi Quản trị hệ thống (quantri)" in year_row.inner_text()
        sign_out(phone)

    # the cell secretary schedules two meetings
    sign_in(phone, live_server, "bithu", DEMO_PASSWORD)
    phone.get_by_role("link", name=f"Sổ theo dõi sinh hoạt năm {YEAR}", exact=True).click()
    fits_the_screen(phone)
    schedule(phone, FIRST, "Góp ý dự thảo quy ước khóm")
    schedule(phone, SECOND, "Vận động xây dựng đường giao thông nông thôn")
    sign_out(phone)

    # the member asks to miss the first; the workplace confirms; the cell agrees
    sign_in(phone, live_server, "dangvien", DEMO_PASSWORD)
    phone.get_by_role("link", name="Viết đơn xin vắng sinh hoạt").click()
    phone.get_by_label("Góp ý dự thảo quy ước khóm", exact=False).check()
    phone.get_by_label("Đi công tác, làm nhiệm vụ cơ quan giao").check()
    phone.get_by_label("Lý do cụ thể").fill("dự tập huấn tại Cao Lãnh")
    phone.get_by_role("button", name="Tiếp tục").click()
    phone.get_by_role("button", name="Gửi đơn").click()
    letter_code = phone.locator(".reference").inner_text().strip()
    sign_out(phone)
    sign_in(phone, live_server, "capuy", DEMO_PASSWORD)
    phone.get_by_role("link", name="Đơn xin vắng chờ xác nhận", exact=True).click()
    phone.get_by_role("link", name=letter_code).click()
    phone.get_by_label("Xác nhận", exact=True).check()
    phone.get_by_role("button", name="Ghi quyết định").click()
    sign_out(phone)
    sign_in(phone, live_server, "bithu", DEMO_PASSWORD)
    phone.get_by_role("link", name="Đơn xin vắng gửi chi bộ", exact=True).click()
    phone.get_by_role("link", name=letter_code).click()
    phone.get_by_label("Đồng ý cho vắng").check()
    phone.get_by_role("button", name="Ghi quyết định").click()

    # attendance: excused by the agreed letter at the first, absent without reason at the second
    go_home(phone)
    phone.get_by_role("link", name=f"Sổ theo dõi sinh hoạt năm {YEAR}", exact=True).click()
    phone.get_by_role("link", name=f"{FIRST:%d/%m/%Y} lúc 19:30", exact=False).click()
    assert letter_code in phone.locator("main").inner_text()
    fits_the_screen(phone)
    for name in ("Trần Thị Bích", "Đặng Văn Hải", "Ngô Thanh Hùng", "Tô Văn Long", "Đoàn Thị Quyên"):
        mark(phone, name, "Có mặt")
    mark(phone, "Nguyễn Văn An", "Vắng có đơn được đồng ý")
    phone.get_by_role("button", name="Lưu điểm danh").click()
    assert "Đã lưu điểm danh" in phone.locator(".notice").first.inner_text()
    phone.get_by_role("link", name=f"Quay lại sổ theo dõi năm {YEAR}").click()
    phone.get_by_role("link", name=f"{SECOND:%d/%m/%Y} lúc 19:30", exact=False).click()
    mark(phone, "Nguyễn Văn An", "Vắng không có lý do chính đáng")
    phone.get_by_role("button", name="Lưu điểm danh").click()
    assert "Đã lưu điểm danh" in phone.locator(".notice").first.inner_text()
    sign_out(phone)

    # the workplace officer asks for the comments of the year
    sign_in(phone, live_server, "capuy", DEMO_PASSWORD)
    phone.get_by_role("link", name=f"Đảng viên chưa được xin ý kiến chi ủy nơi cư trú năm {YEAR}").click()
    phone.get_by_role("link", name="Xin ý kiến nhận xét").click()
    phone.get_by_label("Xin ý kiến cho").select_option("tat_ca")
    phone.get_by_role("button", name="Gửi phiếu xin ý kiến").click()
    # Bùi Thị Hạnh, exempt from residence activity (HD 33 mục 1.1), is not asked routinely
    sent_notice = phone.locator(".notice").first.inner_text()
    assert "Đã gửi 6 phiếu xin ý kiến" in sent_notice and "Không gửi cho 1 đồng chí được miễn" in sent_notice
    assert ("Tối đa “Hoàn thành nhiệm vụ”" in phone.locator("tr", has_text="Nguyễn Văn An").inner_text()) == CAP_THIS_YEAR
    if CAP_THIS_YEAR:  # the cap and who switched it on are the workplace's to see, when it rates
        assert f"bật bởi Quản trị hệ thống (quantri) ngày {clock.today():%d/%m/%Y}" in phone.locator("main").inner_text()
    sign_out(phone)

    # the cell secretary fills in Nguyễn Văn An's, checks and submits it
    sign_in(phone, live_server, "bithu", DEMO_PASSWORD)
    phone.get_by_role("link", name=f"Phiếu xin ý kiến nhận xét đảng viên năm {YEAR} chờ chi bộ điền").click()
    phone.get_by_role("link", name="Nguyễn Văn An", exact=False).click()
    remarks = phone.get_by_label("Nhận xét khác").input_value()
    assert f"Ngày {FIRST:%d/%m/%Y}: có đơn xin vắng được chi ủy đồng ý" in remarks
    assert f"Ngày {SECOND:%d/%m/%Y}: không có lý do chính đáng." in remarks
    assert phone.locator(".rating-cap").count() == 0  # the rating is the workplace's business
    fits_the_screen(phone)
    for level in ("Nêu gương tốt", "Gương mẫu", "Tham gia chưa đầy đủ", "Thường xuyên", "Tích cực"):
        phone.get_by_label(level, exact=True).check()
    phone.get_by_label("Không đề nghị").check()
    phone.get_by_label("Họ và tên bí thư chi bộ (người ký)").fill("Trần Văn Phước")
    phone.get_by_role("button", name="Tiếp tục").click()
    assert phone.locator("h1").inner_text() == "Kiểm tra lại thông tin trước khi gửi"
    fits_the_screen(phone)
    phone.get_by_role("button", name="Gửi phiếu nhận xét").click()
    assert phone.locator("h1").inner_text() == "Đã gửi phiếu nhận xét"
    code = phone.locator(".reference").inner_text().strip()

    # its PDF lists both absences; the rating cap stays on the screens (the rating is the workplace's)
    with phone.expect_download() as download:
        phone.get_by_role("link", name="Tải phiếu (PDF)").click()
    target = tmp_path / "phieu.pdf"
    download.value.save_as(target)
    flat = pdf_text(target.read_bytes())
    assert "Nhận xét khác" in flat and code in flat
    assert f"Ngày {FIRST:%d/%m/%Y}: có đơn xin vắng được chi ủy đồng ý" in flat
    assert f"Ngày {SECOND:%d/%m/%Y}: không có lý do chính đáng." in flat
    assert "Lưu ý về xếp loại" not in flat and "mức xếp loại cao nhất" not in flat
