"""Oversight per cell and commune, and its CSV."""
from __future__ import annotations

import csv
import io

import pytest

from ..demo_calendar import YEAR

pytestmark = pytest.mark.calendar


def test_commune_officer_sees_own_cells(client):
    client.sign_in("xaphuong")
    page = client.get("/dich-vu/giam-sat/").get_data(as_text=True)
    assert "Chi bộ Khóm 1" in page and "Chi bộ Khóm 2" in page and "Ấp Tân Hòa" not in page
    assert "83%" in page  # Khóm 1: 5 of 6 present at the demo's held meeting
    assert client.get("/dich-vu/giam-sat/xa-my-loi-dong").status_code == 403


def test_admin_sees_every_commune_and_downloads_csv_with_bom(client):
    client.sign_in("quantri")
    page = client.get("/dich-vu/giam-sat/").get_data(as_text=True)
    assert "Đảng ủy phường Hòa An Tây" in page and "Đảng ủy xã Mỹ Lợi Đông" in page
    response = client.get(f"/dich-vu/giam-sat/nam-{YEAR}.csv")
    assert response.data.startswith("\ufeff".encode("utf-8"))
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Năm", "Đảng ủy xã, phường", "Chi bộ nơi cư trú"]
    khom1 = next(r for r in rows if r[2] == "Chi bộ Khóm 1")
    assert khom1[3:] == ["6", "2", "1", "83%", "1", "3", "1"]  # demo comments: dv-002 sent, dv-009, dv-013 asked
    assert len(rows) == 5


def test_others_may_not_see_oversight(client):
    for username in ("bithu", "capuy", "dangvien"):
        client.sign_in(username)
        assert client.get("/dich-vu/giam-sat/").status_code == 403
        client.post_form("/dich-vu/dang-xuat", {}, page="/dich-vu/")
