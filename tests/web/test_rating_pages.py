"""The rating cap's switch: off by default for the unconfirmed years; the administrator
switches it on from the home page, and the cap's pages say who did it and when."""
from __future__ import annotations

from forms_service.domain import clock

from ..demo_calendar import YEAR

SWITCHED = "bật bởi Quản trị hệ thống (quantri) ngày"


def test_admin_switches_the_2026_cap_on_and_the_register_says_who_and_when(client, repos):
    client.sign_in("bithu")
    before = client.get("/dich-vu/so-theo-doi/?nam=2026").get_data(as_text=True)
    assert SWITCHED not in before and "tối đa “Hoàn thành nhiệm vụ”" not in before
    client.post_form("/dich-vu/dang-xuat", {}, page="/dich-vu/")

    client.sign_in("quantri")
    home = client.get("/dich-vu/").get_data(as_text=True)
    assert 'href="/dich-vu/quan-tri/gioi-han-xep-loai"' in home
    page = client.get("/dich-vu/quan-tri/gioi-han-xep-loai").get_data(as_text=True)
    assert "Đang tắt" in page and "Bật giới hạn năm 2026" in page and "Bật giới hạn năm 2025" in page
    assert "Bật giới hạn năm 2024" not in page  # the confirmed year is always on: nothing to switch
    done = client.post_form("/dich-vu/quan-tri/gioi-han-xep-loai", {"province": "tinh-dong-thap", "year": "2026",
                                                                     "on": "1"})
    assert done.status_code == 303
    page = client.get("/dich-vu/quan-tri/gioi-han-xep-loai").get_data(as_text=True)
    assert "Đã bật giới hạn xếp loại năm 2026." in page
    assert f"Bật bởi Quản trị hệ thống (quantri) ngày {clock.today():%d/%m/%Y}" in page
    assert [e["action"] for e in repos.audit.entries(target="tinh-dong-thap:2026")] == ["bat_gioi_han_xep_loai"]
    client.post_form("/dich-vu/dang-xuat", {}, page="/dich-vu/")

    client.sign_in("bithu")
    after = client.get("/dich-vu/so-theo-doi/?nam=2026").get_data(as_text=True)
    assert f"{SWITCHED} {clock.today():%d/%m/%Y}" in after
    # the demo records dv-007 absent without reason at its held meeting, in the demo's year
    assert ("tối đa “Hoàn thành nhiệm vụ”" in after) == (YEAR == 2026)


def test_a_row_with_nothing_to_switch_is_refused_with_a_message(client, repos):
    client.sign_in("quantri")
    refused = client.post_form("/dich-vu/quan-tri/gioi-han-xep-loai", {"province": "tinh-dong-thap", "year": "2024",
                                                                        "on": "0"}, page="/dich-vu/quan-tri/gioi-han-xep-loai")
    assert refused.status_code == 303
    page = client.get("/dich-vu/quan-tri/gioi-han-xep-loai").get_data(as_text=True)
    assert "Không có quy định nào chờ bật hoặc tắt" in page
    assert repos.rule_switches.all() == []


def test_only_the_administrator_may_switch(client, repos):
    client.sign_in("bithu")
    assert client.get("/dich-vu/quan-tri/gioi-han-xep-loai").status_code == 403
    refused = client.post_form("/dich-vu/quan-tri/gioi-han-xep-loai", {"province": "tinh-dong-thap", "year": "2026",
                                                                        "on": "1"}, page="/dich-vu/")
    assert refused.status_code == 403 and repos.rule_switches.all() == []
