"""Units on the web: found from the officer's pages, each change with a clear Vietnamese message."""
from __future__ import annotations

import html
import re

import pytest

from forms_service.domain import clock

pytestmark = pytest.mark.calendar

UNITS = "/dich-vu/don-vi/"


def today() -> str:
    return clock.today().strftime("%d/%m/%Y")


def test_the_commune_renames_a_cell_and_the_old_name_stays_in_history(client, repos):
    client.sign_in("xaphuong")
    home = client.get("/dich-vu/").get_data(as_text=True)
    assert 'href="/dich-vu/don-vi/"' in home
    page = client.get(UNITS).get_data(as_text=True)
    rename = html.unescape(re.search(r'href="([^"]+doi-ten)">Đổi tên<span class="visually-hidden"> Chi bộ Khóm 1<',
                                     page).group(1))
    empty = client.post_form(rename, {"name": "", "on": today()})
    assert "Vui lòng nhập tên đơn vị." in html.unescape(empty.get_data(as_text=True))
    done = client.post_form(rename, {"name": "Chi bộ Khu phố 1", "on": today()}, follow_redirects=True)
    page = html.unescape(done.get_data(as_text=True))
    assert "Đã đổi tên Chi bộ Khóm 1 thành Chi bộ Khu phố 1" in page and "Chi bộ Khóm 1 (đến" in page
    assert repos.units.structure().get("chi-bo-khom-1").name == "Chi bộ Khu phố 1"


def test_the_commune_adds_a_cell_and_a_bad_code_is_explained(client, repos):
    client.sign_in("xaphuong")
    bad = client.post_form("/dich-vu/don-vi/them", {"name": "Chi bộ Khóm 3", "unit_id": "Khóm 3", "place": ""})
    assert "mã đơn vị chỉ gồm chữ thường không dấu" in html.unescape(bad.get_data(as_text=True)).lower()
    assert repos.units.structure().get("khóm 3") is None
    client.post_form("/dich-vu/don-vi/them", {"name": "Chi bộ Khóm 3", "unit_id": "chi-bo-khom-3", "place": ""})
    assert repos.units.structure().get("chi-bo-khom-3").parent_id == "phuong-hoa-an-tay"


def test_the_administrator_merges_two_communes_from_the_page(client, repos):
    client.sign_in("quantri")
    assert 'href="/dich-vu/don-vi/"' in client.get("/dich-vu/quan-tri/").get_data(as_text=True)
    merge = "/dich-vu/don-vi/xa-my-loi-dong/sap-nhap"
    assert merge in client.get(UNITS).get_data(as_text=True)
    wrong = client.post_form(merge, {"target": "chi-bo-khom-1", "on": today()})
    assert "Vui lòng chọn một đơn vị trong danh sách." in html.unescape(wrong.get_data(as_text=True))
    done = client.post_form(merge, {"target": "phuong-hoa-an-tay", "on": today()}, follow_redirects=True)
    assert "Đã sáp nhập Đảng ủy xã Mỹ Lợi Đông vào Đảng ủy phường Hòa An Tây" in html.unescape(
        done.get_data(as_text=True))
    assert repos.units.structure().commune_of("chi-bo-ap-tan-hoa") == "phuong-hoa-an-tay"
    assert client.get(merge).status_code == 404   # merged: no longer offered


def test_a_commune_cannot_touch_another_communes_cells(client):
    client.sign_in("xaphuong")
    assert client.get("/dich-vu/don-vi/chi-bo-ap-tan-hoa/doi-ten").status_code == 403
    assert client.get("/dich-vu/don-vi/xa-my-loi-dong/sap-nhap").status_code == 403
    client.sign_in("capuy")
    assert client.get(UNITS).status_code == 403
