"""Mẫu 1-213 on the web: issue, receive and assign a cell, exemptions and changes."""
from __future__ import annotations

from datetime import date

import pytest

from forms_service.domain import clock

pytestmark = pytest.mark.calendar

YEAR = clock.today().year


def _sign_out(client):
    client.post_form("/dich-vu/dang-xuat", {}, page="/dich-vu/")


def test_issue_receive_and_the_member_joins_the_cell(client, repos):
    client.sign_in("capuy3")  # Công ty Cấp nước: dv-016 lives in Khóm 2
    listing = client.get("/dich-vu/gioi-thieu/").get_data(as_text=True)
    assert "Phan Thị Oanh" in listing
    wrong = client.post_form("/dich-vu/gioi-thieu/moi/dv-016", {"commune": "xa-my-loi-dong", "cell": "chi-bo-khom-1",
                                                                "issued_on": f"02/03/{YEAR}"})
    assert "Chi bộ này không thuộc đảng ủy xã, phường đã chọn." in wrong.get_data(as_text=True)
    made = client.post_form("/dich-vu/gioi-thieu/moi/dv-016", {"commune": "xa-my-loi-dong", "cell": "",
                                                               "issued_on": f"02/03/{YEAR}", "signer_name": "Lê Thị Mai"})
    code = made.headers["Location"].rsplit("/", 1)[1]
    introduction = repos.introductions.get(code)
    # a chi bộ cơ sở signs: its own symbol, not the đảng ủy's "ĐU"; numbers from 01 (HD 36)
    assert introduction.number == "01-GGT/CB" and code.startswith(f"GT-{YEAR}-")
    pdf = client.get(f"/dich-vu/gioi-thieu/{code}.pdf")
    assert pdf.data.startswith(b"%PDF")
    assert client.get(f"/dich-vu/gioi-thieu/{code}.docx").data.startswith(b"PK")
    _sign_out(client)
    client.sign_in("xaphuong")  # not addressed to this ward
    assert client.get(f"/dich-vu/gioi-thieu/{code}/tiep-nhan").status_code == 403
    _sign_out(client)
    client.sign_in("xaphuong2")
    assert "Phan Thị Oanh" in client.get("/dich-vu/gioi-thieu/tiep-nhan/").get_data(as_text=True)
    early = client.post_form(f"/dich-vu/gioi-thieu/{code}/tiep-nhan", {"received_on": f"01/03/{YEAR}",
                                                                       "cell": "chi-bo-ap-my-thanh"})
    assert "Ngày tiếp nhận không thể trước ngày giới thiệu." in early.get_data(as_text=True)
    done = client.post_form(f"/dich-vu/gioi-thieu/{code}/tiep-nhan", {"received_on": f"09/03/{YEAR}",
                                                                      "cell": "chi-bo-ap-my-thanh",
                                                                      "receiver_name": "Phạm Văn Sáu"})
    assert done.status_code == 302
    member = repos.members.get("dv-016")
    assert member.residence_cell_id == "chi-bo-ap-my-thanh"
    assert member.history[-1]["before"]["residence_cell_id"] == "chi-bo-khom-2"
    assert "dv-016" in [m.id for m in repos.members.of_cell("chi-bo-ap-my-thanh")]
    assert "dv-016" not in [m.id for m in repos.members.of_cell("chi-bo-khom-2")]
    assert repos.introductions.waiting_for_commune("xa-my-loi-dong") == [
        i for i in repos.introductions.waiting_for_commune("xa-my-loi-dong") if i.member_id != "dv-016"]
    _sign_out(client)
    client.sign_in("bithu4")
    assert "Về chi bộ từ 09/03/" in client.get("/dich-vu/so-theo-doi/").get_data(as_text=True)


def test_exemption_needs_its_ground(client, repos):
    client.sign_in("capuy")
    missing = client.post_form("/dich-vu/gioi-thieu/mien/dv-002", {"exemption": "mien_sinh_hoat", "ground": ""})
    assert "Vui lòng ghi rõ căn cứ miễn" in missing.get_data(as_text=True)
    ground = "HD 33 mục 1.1: đi học tập trung 18 tháng"
    no_date = client.post_form("/dich-vu/gioi-thieu/mien/dv-002", {"exemption": "mien_sinh_hoat", "ground": ground})
    assert "Vui lòng nhập ngày bắt đầu được miễn" in no_date.get_data(as_text=True)
    assert repos.members.get("dv-002").exemption == ""
    saved = client.post_form("/dich-vu/gioi-thieu/mien/dv-002", {"exemption": "mien_sinh_hoat", "ground": ground,
                                                                 "applies_from": f"01/09/{YEAR}"})
    assert saved.status_code == 302
    member = repos.members.get("dv-002")
    assert member.exemption == "mien_sinh_hoat" and "học tập trung 18 tháng" in member.exemption_ground
    assert member.exemption_from == date(YEAR, 9, 1)
    history = client.get(saved.headers["Location"]).get_data(as_text=True)
    assert f"(mục 1.1 Hướng dẫn số 33-HD/BTCTW), từ ngày 01/09/{YEAR} (ai quyết định miễn: cần đối chiếu văn bản gốc)" \
        in history
    assert "quyết định miễn theo HD 33" not in history
    [line] = [e for e in repos.audit.entries(target="dv-002") if e["action"] == "ghi_mien_hd33"]
    assert line["tu_ngay"] == f"{YEAR}-09-01" and line["actor"] == "capuy"
    assert client.get("/dich-vu/gioi-thieu/mien/dv-009").status_code == 403  # another workplace's member


def test_the_exemption_page_states_the_guidance_grounds_and_who_decides_as_unconfirmed(client):
    client.sign_in("capuy")
    page = client.get("/dich-vu/gioi-thieu/mien/dv-002").get_data(as_text=True)
    assert "đi học tập trung 12 tháng trong năm" in page and "trở lên" not in page
    assert "mục 1.1 Hướng dẫn số 33-HD/BTCTW" in page and "mục 1.2 Hướng dẫn số 33-HD/BTCTW" in page
    assert "Ai quyết định miễn: cần đối chiếu văn bản gốc" in page
    assert "do cấp ủy cơ sở nơi công tác quyết định" not in page and "HD 33, mục" not in page
    listing = client.get("/dich-vu/gioi-thieu/").get_data(as_text=True)
    assert "HD 33, mục" not in listing


def test_changes_keep_history_and_leave(client, repos):
    client.sign_in("capuy")
    away = client.post_form("/dich-vu/gioi-thieu/thay-doi/dv-002", {"kind": "di_hoc_tap_trung", "on": f"01/09/{YEAR}",
                                                                    "note": ""})
    assert "Vui lòng ghi rõ đi đâu" in away.get_data(as_text=True)
    course = client.post_form("/dich-vu/gioi-thieu/thay-doi/dv-002", {"kind": "di_hoc_tap_trung",
                                                                      "on": f"01/09/{YEAR}", "note": "lớp 3 tháng"})
    assert course.status_code == 302
    assert repos.members.get("dv-002").attends_residence_meetings  # only a recorded exemption exempts
    client.post_form("/dich-vu/gioi-thieu/thay-doi/dv-007", {"kind": "ra_khoi_dang", "on": f"01/10/{YEAR}",
                                                             "leaving_reason": "xin_ra", "note": "Quyết định số 5"})
    left = repos.members.get("dv-007")
    assert left.status == "da_ra_khoi_dang" and left.residence_cell_id is None
    assert "dv-007" not in [m.id for m in repos.members.of_cell("chi-bo-khom-1")]
    assert [e["action"] for e in repos.audit.entries(target="dv-007")][0] == "bao_thay_doi_dang_vien"


def test_the_move_form_asks_for_a_commune_and_the_address_never_a_cell(client, repos):
    client.sign_in("capuy")
    form = client.get("/dich-vu/gioi-thieu/thay-doi/dv-001").get_data(as_text=True)
    assert 'name="new_commune"' in form and 'name="new_cell"' not in form
    assert 'value="xa-my-loi-dong"' in form and 'value="chi-bo-ap-my-thanh"' not in form
    missing = client.post_form("/dich-vu/gioi-thieu/thay-doi/dv-001", {"kind": "chuyen_noi_o", "on": f"01/08/{YEAR}",
                                                                       "new_commune": "", "new_address": ""})
    page = missing.get_data(as_text=True)
    assert missing.status_code == 200
    assert page.count("Vui lòng chọn đảng ủy xã, phường nơi cư trú mới.") == 2  # at the field and in the summary
    no_address = client.post_form("/dich-vu/gioi-thieu/thay-doi/dv-001", {
        "kind": "chuyen_noi_o", "on": f"01/08/{YEAR}", "new_commune": "xa-my-loi-dong", "new_address": " "})
    assert no_address.get_data(as_text=True).count("Vui lòng nhập địa chỉ nơi cư trú mới.") == 2
    assert repos.introductions.latest_for_member("dv-001") is None and repos.members.get("dv-001").history == ()


def test_a_move_to_another_commune_goes_through_that_commune(client, repos):
    client.sign_in("capuy")
    moved = client.post_form("/dich-vu/gioi-thieu/thay-doi/dv-001", {
        "kind": "chuyen_noi_o", "on": f"01/08/{YEAR}", "new_commune": "xa-my-loi-dong",
        "new_address": "Tổ 3, ấp Mỹ Thạnh, xã Mỹ Lợi Đông"})
    letter = repos.introductions.latest_for_member("dv-001")
    assert moved.headers["Location"].endswith(f"/dich-vu/gioi-thieu/{letter.code}")
    confirmation = client.get(moved.headers["Location"]).get_data(as_text=True)
    assert f"lập giấy giới thiệu {letter.code} (số {letter.number}) gửi Đảng ủy xã Mỹ Lợi Đông" in confirmation
    assert "Việc tiếp theo" in confirmation and "khoản 1 Điều 4 Quy định số 213-QĐ/TW" in confirmation
    assert "vẫn sinh hoạt ở Chi bộ Khóm 1" in confirmation
    member = repos.members.get("dv-001")
    assert member.residence_cell_id == "chi-bo-khom-1" and member.address == "Tổ 3, ấp Mỹ Thạnh, xã Mỹ Lợi Đông"
    _sign_out(client)
    client.sign_in("bithu")  # the old cell sees the member moving
    old_cell = client.get("/dich-vu/gioi-thieu/chi-bo/").get_data(as_text=True)
    assert "Nguyễn Văn An" in old_cell.split("Đang chuyển đi nơi khác")[1]
    assert f"{letter.number}" in old_cell and "Đảng ủy xã Mỹ Lợi Đông" in old_cell
    assert "được giới thiệu về sinh hoạt nơi cư trú" in old_cell and "về cư trú" not in old_cell
    _sign_out(client)
    client.sign_in("xaphuong2")
    waiting = client.get("/dich-vu/gioi-thieu/tiep-nhan/").get_data(as_text=True)
    assert "Nguyễn Văn An" in waiting and "khoản 1 Điều 4 Quy định số 213-QĐ/TW" in waiting
    assert "Quy định 213, Điều 4" not in waiting and "về cư trú" not in waiting
    received = client.post_form(f"/dich-vu/gioi-thieu/{letter.code}/tiep-nhan", {
        "received_on": clock.today().strftime("%d/%m/%Y"), "cell": "chi-bo-ap-my-thanh"})
    assert received.status_code == 302
    assert repos.members.get("dv-001").residence_cell_id == "chi-bo-ap-my-thanh"
    _sign_out(client)
    client.sign_in("bithu4")
    assert "Nguyễn Văn An" in client.get("/dich-vu/so-theo-doi/").get_data(as_text=True)
    _sign_out(client)
    client.sign_in("bithu")
    assert "Nguyễn Văn An" not in client.get("/dich-vu/gioi-thieu/chi-bo/").get_data(as_text=True)
    _sign_out(client)
    client.sign_in("capuy")
    history = client.get("/dich-vu/gioi-thieu/dang-vien/dv-001").get_data(as_text=True)
    assert "chi bộ trước: Chi bộ Khóm 1" in history and "Chi bộ Ấp Mỹ Thạnh" in history


def test_a_member_exempt_from_introduction_moves_without_a_letter(client, repos):
    client.sign_in("capuy")
    client.post_form("/dich-vu/gioi-thieu/mien/dv-003", {"exemption": "mien_gioi_thieu", "applies_from": f"01/01/{YEAR}",
                                                         "ground": "mục 1.2: đơn vị thường trực sẵn sàng chiến đấu"})
    moved = client.post_form("/dich-vu/gioi-thieu/thay-doi/dv-003", {
        "kind": "chuyen_noi_o", "on": f"01/08/{YEAR}", "new_commune": "xa-my-loi-dong", "new_address": "Tổ 1, ấp Tân Hòa"})
    assert moved.headers["Location"].endswith("/dich-vu/gioi-thieu/dang-vien/dv-003")
    page = client.get(moved.headers["Location"]).get_data(as_text=True)
    assert "được miễn giới thiệu về tổ chức đảng nơi cư trú nên không lập giấy giới thiệu" in page
    assert repos.introductions.latest_for_member("dv-003") is None
    assert repos.members.get("dv-003").address == "Tổ 1, ấp Tân Hòa"
