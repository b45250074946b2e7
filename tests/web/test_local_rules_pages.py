"""The administrator's page of local practices: the rating cap off by default for the
unconfirmed years; switched on from the home page, and the cap's pages say who did it and
when. The other practices are switched on the same page."""
from __future__ import annotations

import pytest

from forms_service.domain import clock

from ..demo_calendar import YEAR

pytestmark = pytest.mark.calendar

SWITCHED = "bật bởi Quản trị hệ thống (quantri) ngày"
PAGE = "/dich-vu/quan-tri/quy-dinh-dia-phuong"


def test_admin_switches_the_2026_cap_on_and_the_attendance_register_says_who_and_when(client, repos):
    client.sign_in("bithu")
    before = client.get("/dich-vu/so-theo-doi/?nam=2026").get_data(as_text=True)
    assert SWITCHED not in before and "tối đa “Hoàn thành nhiệm vụ”" not in before
    client.post_form("/dich-vu/dang-xuat", {}, page="/dich-vu/")

    client.sign_in("quantri")
    home = client.get("/dich-vu/").get_data(as_text=True)
    assert f'href="{PAGE}"' in home
    page = client.get(PAGE).get_data(as_text=True)
    assert "Đang tắt" in page and "Bật năm 2026" in page and "Bật năm 2025" in page
    assert "Tắt năm 2024" in page  # former Đồng Tháp's 2024 row applies by default; it may be switched off too
    assert "Báo Đồng Tháp, 02/3/2024" in page and "Bài báo nêu yêu cầu này; năm áp dụng là lựa chọn của sổ tay." in page
    assert "Lựa chọn của sổ tay: Sổ tay chọn: chỉ năm 2024, chỉ các xã, phường thuộc tỉnh Đồng Tháp cũ" in page
    assert "Đã xác nhận" not in page and "chỉ các xã, phường thuộc tỉnh Đồng Tháp cũ" in page
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
    # cell's attendance register shows no cap at all
    client.sign_in("capuy")
    after = client.get("/dich-vu/phieu-nhan-xet/?nam=2026").get_data(as_text=True)
    assert (f"{SWITCHED} {clock.today():%d/%m/%Y}" in after) == (YEAR == 2026)
    client.post_form("/dich-vu/dang-xuat", {}, page="/dich-vu/")
    client.sign_in("bithu")
    attendance_register = client.get("/dich-vu/so-theo-doi/?nam=2026").get_data(as_text=True)
    assert SWITCHED not in attendance_register and "tối đa “Hoàn thành nhiệm vụ”" not in attendance_register


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


COMMUNE_FORM = {"xa-practice": "noi-cong-tac-xac-nhan-truoc", "xa-province": "tinh-dong-thap",
                "xa-commune": "xa-my-loi-dong", "xa-year": "2026", "xa-on": "1"}


def test_admin_switches_a_practice_for_one_commune_and_the_row_shows_it(client, repos):
    client.sign_in("quantri")
    done = client.post_form(PAGE, COMMUNE_FORM)
    assert done.status_code == 303 and done.headers["Location"].endswith("#rieng-xa-phuong")
    page = client.get(PAGE).get_data(as_text=True)
    assert ("Đã bật “Cấp ủy cơ sở nơi công tác xác nhận đơn xin vắng trước khi chi bộ nơi cư trú quyết định” "
            "năm 2026 riêng cho Đảng ủy xã Mỹ Lợi Đông.") in page
    assert f"Riêng Đảng ủy xã Mỹ Lợi Đông: bật bởi Quản trị hệ thống (quantri) ngày {clock.today():%d/%m/%Y}." in page
    [saved] = repos.rule_switches.all()
    assert saved.part == "xa-my-loi-dong" and saved.on


def test_a_commune_outside_the_province_is_refused_at_the_field(client, repos):
    from forms_service.domain.org import Unit, UnitKind
    repos.units.save_all([Unit("tinh-khac", UnitKind.PROVINCE, "Đảng bộ tỉnh Khác", None),
                          Unit("xa-o-tinh-khac", UnitKind.COMMUNE, "Đảng ủy xã Ở Tỉnh Khác", "tinh-khac")])
    client.sign_in("quantri")
    refused = client.post_form(PAGE, {**COMMUNE_FORM, "xa-commune": "xa-o-tinh-khac"})
    assert refused.status_code == 400
    page = refused.get_data(as_text=True)
    message = "Xã, phường đã chọn không thuộc tỉnh đã chọn; chưa thay đổi gì."
    assert f'<a href="#xa-commune">{message}</a>' in page and 'id="xa-commune-error"' in page
    missing = client.post_form(PAGE, {**COMMUNE_FORM, "xa-commune": "", "xa-on": ""})
    assert missing.status_code == 400 and "Chọn xã, phường." in missing.get_data(as_text=True)
    assert "Chọn bật hoặc tắt." in missing.get_data(as_text=True)
    assert repos.rule_switches.all() == []


def test_where_the_book_has_no_row_the_notice_says_the_handbook_has_no_information(app):
    from flask import render_template_string

    from forms_service.domain.local_rules import WORKPLACE_CONFIRMS_FIRST, load_rule_book
    include = '{% include "local_rules/_status.html" %}'
    with app.test_request_context():
        none = render_template_string(include, status=load_rule_book().status(WORKPLACE_CONFIRMS_FIRST, "tinh-khac", 2026))
        row = render_template_string(include, status=load_rule_book().status(WORKPLACE_CONFIRMS_FIRST, "tinh-dong-thap",
                                                                             2026))
    assert "Năm 2026: sổ tay chưa có thông tin về quy định riêng của địa phương về việc này." in none
    assert "không có quy định riêng" not in none
    assert "Bài báo nêu yêu cầu này; năm áp dụng là lựa chọn của sổ tay – cần đối chiếu văn bản gốc" in row
