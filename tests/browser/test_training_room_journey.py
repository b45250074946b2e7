"""The training room as a trainer and two trainees use it, in a real Chromium: the
administrator makes a room of two seats and downloads the seat cards; two trainees play the
late-letter case at the same time, each in their own seat, and neither sees the other's
letter; the trainer's view shows both seats' progress; a reset brings both back to the start
and tells the trainees, who sign in again."""
from __future__ import annotations

import pytest

from forms_service.domain import clock
from forms_service.domain.training_room import case_calendar
from tests.conftest import DEMO_PASSWORD
from tests.document_text import pdf_text

from .conftest import PHONE, go_home, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.calendar]
CLASS_PASSWORD = "lophoc-2026"


def sign_out(page) -> None:
    page.get_by_role("button", name="Đăng xuất").click()


def open_trainers_view(page) -> None:
    go_home(page)
    page.get_by_role("link", name="Phòng tập huấn", exact=False).click()
    assert page.locator("h1").inner_text() == "Phòng tập huấn"


def progress_of(page, seat: str) -> list[str]:
    """The seat's row of the trainer's view: letters sent, decided, attendance, comments, introductions."""
    return page.locator(f"#cho-{seat} td").all_inner_texts()


def test_two_seats_play_the_late_letter_case_apart_and_a_reset_brings_both_back(live_server, browser, phone, tmp_path):
    recent = case_calendar(clock.today()).recent
    trainer = phone
    sign_in(trainer, live_server, "quantri", DEMO_PASSWORD)
    open_trainers_view(trainer)
    trainer.get_by_label("Số chỗ ngồi", exact=False).fill("2")
    trainer.get_by_label("Mật khẩu của lớp (để trống thì máy tự đặt)").fill(CLASS_PASSWORD)
    trainer.get_by_role("button", name="Tạo phòng tập").click()
    assert trainer.locator("h1").inner_text() == "Đã tạo phòng tập"
    with trainer.expect_download() as download:
        trainer.get_by_role("button", name="Tải thẻ chỗ ngồi (PDF)").click()
    cards = tmp_path / "the.pdf"
    download.value.save_as(cards)
    text = pdf_text(cards.read_bytes())
    assert text.count("Phòng tập huấn – Chỗ ngồi") == 2 and CLASS_PASSWORD in text
    assert "hv01-dangvien" in text and "hv02-dangvien" in text

    contexts = [browser.new_context(**PHONE) for _ in range(2)]
    try:
        seats = [context.new_page() for context in contexts]
        names = ["hv01", "hv02"]
        # the two trainees, step by step in turn: the room holds both letters at once
        for page, seat in zip(seats, names):
            sign_in(page, live_server, f"{seat}-dangvien", CLASS_PASSWORD)   # an account named on the card
        for page in seats:
            page.get_by_role("link", name="Viết đơn xin vắng sinh hoạt").click()
        for page in seats:
            page.get_by_label(f"Sinh hoạt ngày {recent:%d/%m/%Y}", exact=False).check()   # the meeting already held
            page.get_by_label("Đi công tác, làm nhiệm vụ cơ quan giao").check()
        for page, seat in zip(seats, names):
            page.get_by_label("Lý do cụ thể").fill(f"được cử đi xử lý sự cố ở công trình ({seat})")
            page.get_by_role("button", name="Tiếp tục").click()
        for page in seats:
            page.get_by_role("button", name="Gửi đơn").click()
            assert page.locator("h1").inner_text() == "Đã gửi đơn xin vắng sinh hoạt"
        codes = [page.locator(".reference").inner_text().strip() for page in seats]
        assert codes[0] != codes[1]
        for page, own, other in zip(seats, codes, reversed(codes)):
            go_home(page)
            page.get_by_role("link", name="Đơn của tôi", exact=False).first.click()
            mine = page.locator("main").inner_text()
            assert own in mine and other not in mine

        # each seat's workplace confirms and its cell agrees: each sees its own letter only
        for page, seat, own, other in zip(seats, names, codes, reversed(codes)):
            sign_out(page)
            sign_in(page, live_server, f"{seat}-capuy", CLASS_PASSWORD)
            page.get_by_role("link", name="Đơn xin vắng chờ xác nhận", exact=True).click()
            assert other not in page.locator("main").inner_text()
            page.get_by_role("link", name=own).click()
            page.get_by_label("Xác nhận", exact=True).check()
            page.get_by_role("button", name="Ghi quyết định").click()
            sign_out(page)
            sign_in(page, live_server, f"{seat}-bithu", CLASS_PASSWORD)
            page.get_by_role("link", name="Đơn xin vắng gửi chi bộ", exact=True).click()
            assert other not in page.locator("main").inner_text()
            page.get_by_role("link", name=own).click()
            assert "Gửi sau ngày sinh hoạt" in page.locator("main").inner_text()   # the letter came late
            page.get_by_label("Đồng ý cho vắng").check()
            page.get_by_role("button", name="Ghi quyết định").click()
            assert "Chi bộ nơi cư trú đồng ý" in page.locator(".notice").first.inner_text()

        open_trainers_view(trainer)
        assert progress_of(trainer, "hv01")[:2] == ["1", "1"] and progress_of(trainer, "hv02")[:2] == ["1", "1"]

        trainer.get_by_role("link", name="Làm lại phòng tập").click()
        trainer.get_by_label("Tôi hiểu", exact=False).check()
        trainer.get_by_role("button", name="Làm lại phòng tập").click()
        assert "Đã làm lại phòng tập" in trainer.locator(".notice").first.inner_text()
        assert progress_of(trainer, "hv01")[:2] == ["0", "0"] and progress_of(trainer, "hv02")[:2] == ["0", "0"]

        # the trainees, signed in at the reset: their next page says so, and they sign in again
        for page, seat in zip(seats, names):
            go_home(page)
            assert page.locator("h1").inner_text() == "Phòng tập đã được làm lại"
            page.get_by_role("link", name="Đăng nhập lại").click()
            page.get_by_label("Tên đăng nhập").fill(f"{seat}-dangvien")
            page.get_by_label("Mật khẩu").fill(CLASS_PASSWORD)
            page.get_by_role("button", name="Đăng nhập").click()
            assert page.locator("h1").inner_text() == "Trang của tôi"
            page.get_by_role("link", name="Đơn của tôi", exact=False).first.click()
            assert not any(code in page.locator("main").inner_text() for code in codes)
    finally:
        for context in contexts:
            context.close()
