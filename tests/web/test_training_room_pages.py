"""The trainer's pages: the administrator makes a room, prints the seat cards, sees each
seat's progress, resets and removes it after confirming; others are refused; a trainee
signed in when the room is reset is told so and signed out."""
from __future__ import annotations

import io

import pdfplumber
import pytest

from tests.document_text import pdf_text

pytestmark = pytest.mark.calendar

PAGE = "/dich-vu/quan-tri/phong-tap/"
PASSWORD = "lophoc-2026"


def make_room(client, seats: int = 2):
    client.sign_in("quantri")
    return client.post_form(PAGE + "tao", {"seats": str(seats), "password": PASSWORD}, page=PAGE)


def test_the_administrator_reaches_the_room_from_home_and_makes_it(client):
    client.sign_in("quantri")
    assert f'href="{PAGE}"' in client.get("/dich-vu/").get_data(as_text=True)
    made = client.post_form(PAGE + "tao", {"seats": "2", "password": PASSWORD}, page=PAGE)
    page = made.get_data(as_text=True)
    assert made.status_code == 200 and PASSWORD in page and "hv02-mattran" in page
    view = client.get(PAGE).get_data(as_text=True)
    assert 'id="cho-hv01"' in view and 'id="cho-hv02"' in view and 'id="cho-hv03"' not in view
    assert view.count(">chưa bắt đầu</span>") == 2
    again = client.post_form(PAGE + "tao", {"seats": "3"}, page=PAGE)
    assert again.status_code == 400 and "Đã có phòng tập 2 chỗ ngồi" in again.get_data(as_text=True)


def test_sixty_seats_are_refused_with_a_message_at_the_field(client):
    client.sign_in("quantri")
    refused = client.post_form(PAGE + "tao", {"seats": "60"}, page=PAGE)
    page = refused.get_data(as_text=True)
    assert refused.status_code == 400
    assert "tối đa 40 chỗ ngồi; đã yêu cầu 60" in page and "error-summary" in page
    assert 'id="cho-hv01"' not in page
    short = client.post_form(PAGE + "tao", {"seats": "2", "password": "ngan"}, page=PAGE)
    assert short.status_code == 400 and "Mật khẩu của lớp phải có từ 10 đến 128 ký tự." in short.get_data(as_text=True)


def test_other_roles_are_refused(client):
    client.sign_in("bithu")
    assert client.get(PAGE).status_code == 403
    assert client.get(PAGE + "lam-lai").status_code == 403


def test_seat_cards_one_page_per_seat_name_accounts_that_sign_in(client, app):
    make_room(client, seats=3)
    wrong = client.post_form(PAGE + "the-cho-ngoi", {"class_password": "khong-dung-1"}, page=PAGE)
    assert wrong.status_code == 400 and "Mật khẩu của lớp không đúng" in wrong.get_data(as_text=True)
    cards = client.post_form(PAGE + "the-cho-ngoi", {"class_password": PASSWORD}, page=PAGE)
    assert cards.mimetype == "application/pdf"
    with pdfplumber.open(io.BytesIO(cards.data)) as pdf:
        assert len(pdf.pages) == 3
    text = pdf_text(cards.data)
    assert "hv03-bithu" in text and PASSWORD in text and "Chỗ ngồi 02" in text
    client.post_form("/dich-vu/dang-xuat", {}, page="/dich-vu/")
    client.sign_in("hv03-capuy", PASSWORD)
    assert "Trang của tôi" in client.get("/dich-vu/").get_data(as_text=True)


def test_reset_asks_for_confirmation_and_signs_trainees_out_with_a_word(app, client):
    make_room(client)
    trainee = app.test_client()
    trainee.sign_in("hv01-dangvien", PASSWORD)
    assert trainee.get("/dich-vu/").status_code == 200

    unconfirmed = client.post_form(PAGE + "lam-lai", {})
    assert unconfirmed.status_code == 400 and "Hãy đánh dấu ô xác nhận" in unconfirmed.get_data(as_text=True)
    assert trainee.get("/dich-vu/").status_code == 200     # nothing happened yet

    done = client.post_form(PAGE + "lam-lai", {"confirm": "y"})
    assert done.status_code == 303
    assert "Đã làm lại phòng tập" in client.get(PAGE).get_data(as_text=True)
    told = trainee.get("/dich-vu/don-xin-vang/")
    assert "Phòng tập đã được làm lại" in told.get_data(as_text=True)
    after = trainee.get("/dich-vu/don-xin-vang/")
    assert after.status_code == 302 and "/dich-vu/dang-nhap" in after.headers["Location"]
    trainee.sign_in("hv01-dangvien", PASSWORD)     # the same class password after the reset


@pytest.mark.parametrize("step", ["xoa"])
def test_removal_leaves_the_province_and_closes_the_seats(app, client, repos, step):
    before = {a.username for a in repos.accounts.all()}
    make_room(client)
    trainee = app.test_client()
    trainee.sign_in("hv02-bithu", PASSWORD)
    assert client.post_form(PAGE + step, {"confirm": "y"}).status_code == 303
    assert {a.username for a in repos.accounts.all()} == before
    assert "Phòng tập đã được xóa" in trainee.get("/dich-vu/").get_data(as_text=True)
    assert "Chưa có phòng tập nào để xóa" not in client.get(PAGE).get_data(as_text=True)
    again = client.post_form(PAGE + step, {"confirm": "y"})
    assert again.status_code == 303
    assert "Chưa có phòng tập nào để xóa" in client.get(PAGE).get_data(as_text=True)


def test_the_province_s_figures_leave_the_room_out(client):
    from forms_service.domain import clock
    from forms_service.domain.training_room import room_data
    make_room(client)
    room = room_data()["commune"]["name"]
    assert "Đảng ủy xã" in client.get("/dich-vu/giam-sat/").get_data(as_text=True)
    assert room not in client.get("/dich-vu/giam-sat/").get_data(as_text=True)
    table = client.get(f"/dich-vu/giam-sat/nam-{clock.today().year}.csv").get_data(as_text=True)
    assert "Chi bộ" in table and room not in table

