"""Passing a page on: the meeting notice on the secretary's meeting page (with or without the letter
sentence, as the province's practice says), the share box of each public form, and the QR code."""
from __future__ import annotations

import html
import re

import pytest

from forms_service.domain.local_rules import WORKPLACE_CONFIRMS_FIRST
from forms_service.services.local_rules import switch
from forms_service.services.notices import letter_asked

from ..demo_calendar import meeting_ahead

pytestmark = pytest.mark.calendar

LETTER_FORM = "http://sotay.test/dich-vu/mau-don/don-xin-vang/"  # PUBLIC_URL of the tests' app
PROVINCE = "tinh-dong-thap"  # the demo's
SHARE_BOX = re.compile(r'<textarea id="chia-se-noi-dung"[^>]*readonly>(.*?)</textarea>', re.S)


def share_text(page: str) -> str:
    found = SHARE_BOX.search(page)
    assert found, "no share box on the page"
    return html.unescape(found.group(1))


def set_letter_practice(repos, meeting, on: bool) -> None:
    """Switch the letter practice for the meeting's ward and year, unless it already stands so."""
    if letter_asked(repos, meeting.cell_id, meeting.date.year) != on:
        switch(repos, "quantri", "Quản trị hệ thống", WORKPLACE_CONFIRMS_FIRST, PROVINCE, meeting.date.year, on,
               commune_id="phuong-hoa-an-tay")


def test_the_meeting_page_has_the_notice_to_send_to_the_cell(client, repos):
    meeting = meeting_ahead(repos)
    set_letter_practice(repos, meeting, True)
    client.sign_in("bithu")
    page = client.get(f"/dich-vu/so-theo-doi/buoi/{meeting.id}").get_data(as_text=True)
    text = share_text(page)
    assert f"{meeting.date:%d/%m/%Y}" in text
    assert meeting.place and f"Địa điểm: {meeting.place}." in text
    # the demo province asks for a letter confirmed by the workplace: the sentence and the form's link
    assert "làm đơn xin vắng" in text and text.rstrip().endswith(LETTER_FORM)
    # the QR code of the same link, for the printed notice
    qr = re.search(r'<img src="([^"]+)" alt="Mã QR mở địa chỉ ([^"]+)"', page)
    assert qr and html.unescape(qr.group(2)) == LETTER_FORM
    svg = client.get(html.unescape(qr.group(1)))
    assert svg.status_code == 200 and svg.mimetype == "image/svg+xml" and b"<svg" in svg.data
    assert LETTER_FORM.encode() in svg.data  # its title names what it encodes


def test_without_the_letter_practice_the_notice_asks_for_no_letter(client, repos):
    meeting = meeting_ahead(repos)
    set_letter_practice(repos, meeting, False)
    client.sign_in("bithu")
    text = share_text(client.get(f"/dich-vu/so-theo-doi/buoi/{meeting.id}").get_data(as_text=True))
    assert f"{meeting.date:%d/%m/%Y}" in text and f"Địa điểm: {meeting.place}." in text
    assert "đơn" not in text and "báo trước cho chi ủy" in text
    assert text.rstrip().endswith("http://sotay.test/thu-tuc/sinh-hoat-dinh-ky/")


def test_each_public_form_page_has_a_share_box_with_its_own_link(client):
    for path in ("/dich-vu/mau-don/", "/dich-vu/mau-don/don-xin-vang/", "/dich-vu/mau-don/phieu-nhan-xet/",
                 "/dich-vu/mau-don/giay-gioi-thieu/"):
        page = client.get(path).get_data(as_text=True)
        title = html.unescape(re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S).group(1)).strip()
        assert share_text(page) == f"Sổ tay 213 – {title}\nhttp://sotay.test{path}", path
        assert 'data-sao-chep hidden>Sao chép</button>' in page  # shown by chia-se.js


def test_the_qr_code_encodes_only_public_links_of_this_site(client):
    for path in ("/thu-tuc/xin-vang/", "/dich-vu/mau-don/don-xin-vang/"):
        response = client.get("/dich-vu/ma-qr.svg", query_string={"lien-ket": path})
        assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    for refused in ("https://example.com/", "//example.com/x", "/dich-vu/so-theo-doi/", "/dich-vu/dang-nhap",
                    "", "thu-tuc/", "/" + "a" * 400):
        response = client.get("/dich-vu/ma-qr.svg", query_string={"lien-ket": refused})
        assert response.status_code == 404, refused
