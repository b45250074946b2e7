"""Every form that creates something, posted twice with the same page (a double click,
back and send again), makes one record; the second post shows the first result."""
from __future__ import annotations

import re

import pytest

from ..demo_calendar import FREE_DAY, YEAR

pytestmark = pytest.mark.calendar


def token_of(client, path: str) -> str:
    page = client.get(path).get_data(as_text=True)
    return re.search(r'<input[^>]*name="token"[^>]*value="([^"]+)"', page).group(1)


def post_twice(client, path: str, data: dict):
    data = {**data, "token": token_of(client, path)}
    first, second = client.post_form(path, data), client.post_form(path, data)
    assert first.status_code == second.status_code == 302
    assert first.headers["Location"] == second.headers["Location"]
    return first


def test_a_meeting_posted_twice_is_scheduled_once(client, repos):
    client.sign_in("bithu")
    post_twice(client, "/dich-vu/so-theo-doi/buoi-moi", {"on": FREE_DAY.strftime("%d/%m/%Y"), "time": "19:30",
                                                         "place": "Nhà văn hóa", "topic": "Bầu cử", "kind": "dinh_ky"})
    assert [m.date for m in repos.meetings.for_cell("chi-bo-khom-1", YEAR)].count(FREE_DAY) == 1


def test_comment_requests_posted_twice_are_asked_once(client, repos):
    client.sign_in("capuy")
    for who in ("dv-001", "tat_ca"):
        post_twice(client, "/dich-vu/phieu-nhan-xet/xin-y-kien", {"year": str(YEAR), "who": who})
    asked = [c.member_id for c in repos.comments.for_workplace("dang-uy-so-giao-duc", YEAR)]
    assert sorted(asked) == sorted(set(asked)) and "dv-001" in asked
    assert len([e for e in repos.audit.entries() if e["action"] == "xin_y_kien_nhan_xet"]) == 2


def test_an_introduction_posted_twice_is_issued_once_and_uses_one_number(client, repos):
    client.sign_in("capuy")
    done = post_twice(client, "/dich-vu/gioi-thieu/moi/dv-001", {"commune": "phuong-hoa-an-tay", "cell": "chi-bo-khom-1",
                                                                 "issued_on": FREE_DAY.strftime("%d/%m/%Y")})
    code = done.headers["Location"].rsplit("/", 1)[-1]
    issued = [e for e in repos.audit.entries() if e["action"] == "gioi_thieu_sinh_hoat_noi_cu_tru" and e["dang_vien"] == "dv-001"]
    assert [e["target"] for e in issued] == [code]
    assert repos.introductions.get(code).number.startswith("01-")


def test_a_change_notice_posted_twice_is_recorded_once(client, repos):
    client.sign_in("capuy")
    done = post_twice(client, "/dich-vu/gioi-thieu/thay-doi/dv-001", {
        "kind": "chuyen_noi_o", "on": FREE_DAY.strftime("%d/%m/%Y"), "new_commune": "phuong-hoa-an-tay",
        "new_address": "Số 3, Khóm 2, phường Hòa An Tây", "note": "chuyển nhà"})
    member = repos.members.get("dv-001")
    assert member.address == "Số 3, Khóm 2, phường Hòa An Tây"
    assert len([e for e in repos.audit.entries(target="dv-001") if e["action"] == "bao_thay_doi_dang_vien"]) == 1
    letters = [e["target"] for e in repos.audit.entries() if e["action"] == "gioi_thieu_sinh_hoat_noi_cu_tru"
               and e["dang_vien"] == "dv-001"]
    assert len(letters) == 1 and done.headers["Location"].endswith(letters[0])  # one new letter, shown both times
