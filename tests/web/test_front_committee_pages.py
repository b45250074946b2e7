"""The Front work committee on the web: its home page, the members of its area by name only,
its opinion (NFC, length-limited, Vietnamese messages); the cell secretary sees it beside
Mẫu 3-213, and the sent comment records and prints that the committee was consulted."""
from __future__ import annotations

import re
import unicodedata

import pytest

from forms_service.domain import clock

from ..demo_calendar import YEAR
from ..document_text import pdf_text

pytestmark = pytest.mark.calendar

OPINION = "Đồng chí gương mẫu, tham gia tốt các hoạt động của khu phố."


def _give(client, member_id, text):
    return client.post_form(f"/dich-vu/mat-tran/{member_id}?nam={YEAR}", {"text": text})


def test_home_page_leads_to_the_members_of_the_area_by_name_only(client, repos):
    client.sign_in("mattran")
    home = client.get("/dich-vu/").get_data(as_text=True)
    assert "Ý kiến về đảng viên đang công tác năm" in home
    assert "Đảng viên chưa có ý kiến của Ban công tác Mặt trận năm" in home
    listing = client.get("/dich-vu/mat-tran/").get_data(as_text=True)
    area = [m for m in repos.members.of_cell("chi-bo-khom-1")]
    assert area and all(m.full_name in listing for m in area)
    assert not any(m.phone in listing or (m.address and m.address in listing) for m in area)
    other = repos.members.get("dv-003")  # lives in Khóm 2
    assert other.full_name not in listing


def test_the_committee_gives_and_changes_its_opinion_stored_nfc(client, repos):
    client.sign_in("mattran")
    page = client.get(f"/dich-vu/mat-tran/dv-001?nam={YEAR}").get_data(as_text=True)
    assert "Nguyễn Văn An" in page and repos.members.get("dv-001").phone not in page
    saved = _give(client, "dv-001", unicodedata.normalize("NFD", OPINION))
    assert saved.status_code == 302 and saved.headers["Location"].endswith(f"/dich-vu/mat-tran/?nam={YEAR}")
    opinion = repos.front_committee.get("chi-bo-khom-1", "dv-001", YEAR)
    assert opinion.text == OPINION and opinion.given_by == "mattran" and opinion.given_on == clock.today()
    assert "Đã có ý kiến" in client.get(f"/dich-vu/mat-tran/?nam={YEAR}").get_data(as_text=True)
    _give(client, "dv-001", "Ý kiến sửa lại.")
    assert [o.text for o in repos.front_committee.for_cell("chi-bo-khom-1", YEAR)] == ["Ý kiến sửa lại."]
    assert repos.audit.entries(target="dv-001")[0]["action"] == "y_kien_mat_tran"


def test_empty_or_too_long_opinion_is_refused_in_vietnamese_and_keeps_the_earlier_one(client, repos):
    client.sign_in("mattran")
    _give(client, "dv-001", OPINION)
    for text, message in (("", "Vui lòng ghi ý kiến của Ban công tác Mặt trận."),
                          ("x" * 1001, "Ý kiến dài quá 1000 ký tự, vui lòng viết gọn lại.")):
        page = _give(client, "dv-001", text)
        body = page.get_data(as_text=True)
        assert page.status_code == 200 and 'class="error-summary"' in body
        assert body.count(message) == 2  # in the summary and at the field
    assert repos.front_committee.get("chi-bo-khom-1", "dv-001", YEAR).text == OPINION


def test_a_member_of_another_area_is_refused_and_other_roles_cannot_give_opinions(client, repos):
    client.sign_in("mattran")
    assert client.get(f"/dich-vu/mat-tran/dv-003?nam={YEAR}").status_code == 403
    assert _give(client, "dv-003", OPINION).status_code == 403
    assert client.get("/dich-vu/mat-tran/khong-co").status_code == 404
    assert repos.front_committee.for_cell("chi-bo-khom-2", YEAR) == []
    client.post_form("/dich-vu/dang-xuat", {}, page="/dich-vu/")
    client.sign_in("bithu")
    assert client.get("/dich-vu/mat-tran/").status_code == 403
    assert client.get(f"/dich-vu/mat-tran/dv-001?nam={YEAR}").status_code == 403


def _ask_and_open(client, repos, member_id):
    client.post_form("/dich-vu/dang-xuat", {}, page="/dich-vu/")
    client.sign_in("capuy")
    client.post_form("/dich-vu/phieu-nhan-xet/xin-y-kien", {"year": str(YEAR), "who": member_id})
    code = next(c.code for c in repos.comments.for_workplace("dang-uy-so-giao-duc", YEAR) if c.member_id == member_id)
    client.post_form("/dich-vu/dang-xuat", {}, page="/dich-vu/")
    client.sign_in("bithu")
    page = client.get(f"/dich-vu/phieu-nhan-xet/{code}/dien").get_data(as_text=True)
    data = {name: "tot" for name in set(re.findall(r'name="(c_[a-z_]+)"', page))}
    data.update({"proposal": "khong_de_nghi", "other_remarks": "Vắng sinh hoạt: không có.",
                 "signer_name": "Trần Văn Phước"})
    return code, page, data


def test_secretary_sees_the_opinion_beside_the_form_and_the_comment_records_it(client, repos):
    client.sign_in("mattran")
    _give(client, "dv-001", OPINION)
    code, page, data = _ask_and_open(client, repos, "dv-001")
    assert "Ý kiến của Ban công tác Mặt trận khu dân cư" in page and OPINION in page
    client.post_form(f"/dich-vu/phieu-nhan-xet/{code}/dien", data)
    assert OPINION in client.get(f"/dich-vu/phieu-nhan-xet/{code}/kiem-tra").get_data(as_text=True)
    client.post_form(f"/dich-vu/phieu-nhan-xet/{code}/kiem-tra", {})
    comment = repos.comments.get(code)
    line = (f"Có phối hợp với Ban công tác Mặt trận khu dân cư (ý kiến ngày {clock.today():%d/%m/%Y}), "
            "theo Điều 4 Quy định số 213-QĐ/TW ngày 02/01/2020 của Bộ Chính trị.")
    assert comment.front_consulted_on == clock.today()
    assert line in client.get(f"/dich-vu/phieu-nhan-xet/{code}").get_data(as_text=True)
    assert line in " ".join(pdf_text(client.get(f"/dich-vu/phieu-nhan-xet/{code}.pdf").data).split())


def test_without_an_opinion_the_secretary_is_told_and_the_comment_records_none(client, repos):
    client.sign_in("mattran")
    _give(client, "dv-001", "")  # an empty opinion is refused: nothing kept
    code, page, data = _ask_and_open(client, repos, "dv-001")
    assert "chưa ghi ý kiến về đồng chí này" in page
    client.post_form(f"/dich-vu/phieu-nhan-xet/{code}/dien", data)
    client.post_form(f"/dich-vu/phieu-nhan-xet/{code}/kiem-tra", {})
    assert repos.comments.get(code).front_consulted_on is None
    assert "Có phối hợp với Ban công tác Mặt trận" not in client.get(f"/dich-vu/phieu-nhan-xet/{code}").get_data(as_text=True)
    # the printed Mẫu 3-213 without a Front opinion has no coordination line, nor the fill-in line of a blank form
    printed = " ".join(pdf_text(client.get(f"/dich-vu/phieu-nhan-xet/{code}.pdf").data).split())
    assert "phối hợp" not in printed and "Ý kiến Ban công tác Mặt trận" not in printed


def test_the_committee_is_not_asked_about_a_member_exempt_from_residence_activity_nor_told_why(client, repos):
    before = _front_home_count(client)
    client.post_form("/dich-vu/dang-xuat", {}, page="/dich-vu/")
    client.sign_in("capuy")
    decided = client.post_form("/dich-vu/gioi-thieu/mien/dv-007", {
        "exemption": "mien_sinh_hoat", "ground": "Đi học tập trung 12 tháng trong năm",
        "applies_from": f"{clock.today():%d/%m/%Y}"})
    assert decided.status_code == 302
    client.post_form("/dich-vu/dang-xuat", {}, page="/dich-vu/")
    client.sign_in("mattran")
    listing = client.get(f"/dich-vu/mat-tran/?nam={YEAR}").get_data(as_text=True)
    assert "Đặng Văn Hải" not in listing and "Nguyễn Văn An" in listing
    assert "miễn" not in listing.lower() and "Đi học tập trung" not in listing
    assert _front_home_count(client) == before - 1


def _front_home_count(client):
    client.sign_in("mattran")
    home = client.get("/dich-vu/").get_data(as_text=True)
    found = re.search(r"Đảng viên chưa có ý kiến của Ban công tác Mặt trận năm \d{4}\D*?(\d+)", home, re.S)
    return int(found.group(1))
