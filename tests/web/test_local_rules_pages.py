"""The administrator's page of local practices: the rating cap off by default for the
unconfirmed years; switched on from the home page, and the cap's pages say who did it and
when. The other practices are switched on the same page."""
from __future__ import annotations

from forms_service.domain import clock

from ..demo_calendar import YEAR

SWITCHED = "bật bởi Quản trị hệ thống (quantri) ngày"
PAGE = "/dich-vu/quan-tri/quy-dinh-dia-phuong"


def test_admin_switches_the_2026_cap_on_and_the_register_says_who_and_when(client, repos):
    client.sign_in("bithu")
    before = client.get("/dich-vu/so-theo-doi/?nam=2026").get_data(as_text=True)
    assert SWITCHED not in before and "tối đa “Hoàn thành nhiệm vụ”" not in before
    client.post_form("/dich-vu/dang-xuat", {}, page="/dich-vu/")

    client.sign_in("quantri")
    home = client.get("/dich-vu/").get_data(as_text=True)
    assert f'href="{PAGE}"' in home
    page = client.get(PAGE).get_data(as_text=True)
    assert "Đang tắt" in page and "Bật năm 2026" in page and "Bật năm 2025" in page
    assert "Tắt năm 2024" in page  # the confirmed year applies by default; it may be switched off too
    assert "Báo Đồng Tháp, 02/3/2024" in page and "Chưa xác nhận – cần đối chiếu văn bản gốc." in page
    done = client.post_form(PAGE, {"practice": "gioi-han-xep-loai", "province": "tinh-dong-thap", "year": "2026",
                                   "on": "1"})
    assert done.status_code == 303
    page = client.get(PAGE).get_data(as_text=True)
    assert "Đã bật “Giới hạn mức xếp loại khi vắng sinh hoạt không có lý do chính đáng” năm 2026." in page
    assert f"bật bởi Quản trị hệ thống (quantri) ngày {clock.today():%d/%m/%Y}" in page
    target = "gioi-han-xep-loai:tinh-dong-thap:2026"
    assert [e["action"] for e in repos.audit.entries(target=target)] == ["bat_quy_dinh_dia_phuong"]
    client.post_form("/dich-vu/dang-xuat", {}, page="/dich-vu/")

    # rating is the workplace's business: its list of comments says who switched the cap on and
    # when (beside a comment of that year: the demo's, made in the demo's year); the residence
    # cell's register shows no cap at all
    client.sign_in("capuy")
    after = client.get("/dich-vu/phieu-nhan-xet/?nam=2026").get_data(as_text=True)
    assert (f"{SWITCHED} {clock.today():%d/%m/%Y}" in after) == (YEAR == 2026)
    client.post_form("/dich-vu/dang-xuat", {}, page="/dich-vu/")
    client.sign_in("bithu")
    register = client.get("/dich-vu/so-theo-doi/?nam=2026").get_data(as_text=True)
    assert SWITCHED not in register and "tối đa “Hoàn thành nhiệm vụ”" not in register


def test_a_row_the_book_does_not_have_is_refused_with_a_message(client, repos):
    client.sign_in("quantri")
    for practice, province, year in (("gioi-han-xep-loai", "tinh-dong-thap", 2023),
                                     ("noi-cong-tac-xac-nhan-truoc", "tinh-khac", 2026),
                                     ("khong-co", "tinh-dong-thap", 2026)):
        refused = client.post_form(PAGE, {"practice": practice, "province": province, "year": str(year), "on": "0"})
        assert refused.status_code == 303
        assert "Sổ quy định không có dòng nào" in client.get(PAGE).get_data(as_text=True)
    assert repos.rule_switches.all() == []


def test_only_the_administrator_may_switch(client, repos):
    client.sign_in("bithu")
    assert client.get(PAGE).status_code == 403
    refused = client.post_form(PAGE, {"practice": "gioi-han-xep-loai", "province": "tinh-dong-thap", "year": "2026",
                                      "on": "1"}, page="/dich-vu/")
    assert refused.status_code == 403 and repos.rule_switches.all() == []
