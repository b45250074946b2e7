"""Lists an officer takes away: found from the officer's pages, in four formats that agree."""
from __future__ import annotations

import csv
import html
import io
import re

import pytest
from openpyxl import load_workbook

from forms_service.domain import clock
from forms_service.domain.access import Actor, Role
from forms_service.services import importing
from tests.document_text import pdf_text

pytestmark = pytest.mark.calendar

NEW_MEMBER = ("ma_dang_vien,ho_ten,gioi_tinh,ngay_sinh,ngay_vao_dang,ma_noi_cong_tac,chi_bo_noi_cong_tac,"
              "ma_chi_bo_cu_tru,ten_dang_nhap\n"
              "dv-moi-1,Phạm Thị Ánh,Nữ,01/02/1990,03/02/2015,dang-uy-so-giao-duc,Chi bộ Văn phòng,chi-bo-khom-2,"
              "anh.pt\n").encode()


def follow(client, page: str, text: str) -> str:
    """The address of the link reading `text` on `page`."""
    body = client.get(page).get_data(as_text=True)
    match = re.search(r'<a href="([^"]+)"[^>]*>' + re.escape(text), body)
    assert match, f"no link “{text}” on {page}"
    return html.unescape(match.group(1))


def test_the_commune_list_in_four_formats_from_the_officers_home(client, repos):
    importing.save(repos, Actor("xaphuong", Role.COMMUNE_OFFICER, "phuong-hoa-an-tay"), "dang-vien",
                   importing.read_rows("a.csv", NEW_MEMBER, "dang-vien"), "a.csv")
    client.sign_in("xaphuong")
    page_url = follow(client, "/dich-vu/", "Danh sách đảng viên trong xã, phường")
    page = html.unescape(client.get(page_url).get_data(as_text=True))
    assert "Nguyễn Văn An" in page and "Phạm Thị Ánh" in page and "Chưa đăng nhập lần đầu" in page
    members = {m.full_name for cell in ("chi-bo-khom-1", "chi-bo-khom-2") for m in repos.members.of_cell(cell)}
    assert len(re.findall(r"<tr><td>\d+</td>", page)) == len(members)

    rows = list(csv.reader(io.StringIO(client.get(follow(client, page_url, "tệp CSV")).data.decode("utf-8-sig"))))
    assert rows[0][:2] == ["STT", "Họ và tên"] and {r[1] for r in rows[1:]} == members

    sheet = load_workbook(io.BytesIO(client.get(follow(client, page_url, "tệp Excel")).data)).active
    names = {row[1] for row in sheet.iter_rows(min_row=3, values_only=True)}
    assert names == members and "Đảng ủy phường Hòa An Tây" in sheet["A1"].value

    pdf = client.get(follow(client, page_url, "bản in PDF"))
    assert pdf.mimetype == "application/pdf"
    text = " ".join(pdf_text(pdf.data).split())
    assert "DANH SÁCH ĐẢNG VIÊN VÀ TÀI KHOẢN" in text and "Phạm Thị Ánh" in text
    assert f"Tổng cộng: {len(members)} đảng viên" in text
    cell_list = follow(client, page_url, "Chi bộ Khóm 2")   # the commune opens each of its cells' lists
    assert "Phạm Thị Ánh" in html.unescape(client.get(cell_list).get_data(as_text=True))


def test_who_still_needs_a_comment_and_who_has_not_met(client, repos):
    importing.save(repos, importing.SYSTEM, "dang-vien", importing.read_rows("a.csv", NEW_MEMBER, "dang-vien"), "a")
    client.sign_in("bithu2")   # Khóm 2, where the new member lives
    page_url = follow(client, "/dich-vu/", "Danh sách đảng viên của chi bộ")
    year = clock.today().year
    for title in (f"Đảng viên còn cần nhận xét năm {year}", f"Đảng viên chưa dự buổi sinh hoạt nào năm {year}"):
        page = html.unescape(client.get(follow(client, page_url, title)).get_data(as_text=True))
        assert "Phạm Thị Ánh" in page   # no comment asked, no meeting attended
    done = {c.member_id for c in repos.comments.for_cell("chi-bo-khom-2", year) if c.state != "da_xin_y_kien"}
    needing = html.unescape(client.get(follow(client, page_url, f"Đảng viên còn cần nhận xét năm {year}")).get_data(
        as_text=True))
    for member_id in done:
        assert repos.members.get(member_id).full_name not in needing


def test_an_officer_sees_the_lists_of_their_own_unit_only(client):
    client.sign_in("xaphuong")
    assert client.get("/dich-vu/danh-sach/xa-phuong/xa-my-loi-dong/tat-ca").status_code == 403
    assert client.get("/dich-vu/danh-sach/chi-bo/chi-bo-ap-tan-hoa/tat-ca.pdf").status_code == 403
    client.sign_in("capuy")
    assert client.get("/dich-vu/danh-sach/noi-cong-tac/dang-uy-benh-vien-tinh/tat-ca.xlsx").status_code == 403
    assert client.get("/dich-vu/danh-sach/noi-cong-tac/dang-uy-so-giao-duc/chua-sinh-hoat.csv").status_code == 200


def test_the_administrator_finds_every_communes_list(client):
    client.sign_in("quantri")
    url = follow(client, "/dich-vu/quan-tri/", "Đảng ủy xã Mỹ Lợi Đông")
    assert client.get(url).status_code == 200
