"""A NUL character, which nobody types and PostgreSQL cannot hold, in an address, a query or
a form: the Vietnamese 400 page on both backends, and nothing saved."""
from __future__ import annotations

import pytest

from .letters_helpers import meeting_ahead_id

pytestmark = pytest.mark.calendar


def test_a_nul_in_a_form_an_address_or_a_query_is_refused_plainly(client, repos):
    client.sign_in("dangvien")
    before = repos.letters.for_member("dv-001")
    for meetings, reason in (([meeting_ahead_id()], "đi công tác\x00"), ([meeting_ahead_id() + "\x00"], "đi học")):
        page = client.post_form("/dich-vu/don-xin-vang/moi", {"meetings": meetings, "other_date": "",
                                                              "reason_kind": "cong_tac", "reason_text": reason})
        assert page.status_code == 400 and "Yêu cầu không hợp lệ" in page.get_data(as_text=True)
    assert client.get("/dich-vu/don-xin-vang/VS-2026-0\x0001").status_code == 400
    assert client.get("/dich-vu/giam-sat/?nam=2026\x00").status_code == 400
    assert client.get("/dich-vu/don-xin-vang/moi/kiem-tra").status_code == 302   # no draft was kept
    assert repos.letters.for_member("dv-001") == before
