"""Shared steps of the absence-letter web tests."""
from __future__ import annotations

import re

from ..demo_calendar import AHEAD


def meeting_ahead_id(cell: str = "chi-bo-khom-1") -> str:
    """The id of the cell's demo meeting ahead, as the letter form offers it."""
    return f"{cell}~{AHEAD:%Y%m%d}-1"


def write_letter(client, meetings=(), other_date="", reason_kind="cong_tac", reason_text="dự hội nghị tại Cần Thơ"):
    data = {"meetings": list(meetings), "other_date": other_date, "reason_kind": reason_kind,
            "reason_text": reason_text}
    return client.post_form("/dich-vu/don-xin-vang/moi", data)


def send_checked(client):
    """Post the check-answers page once; returns (response, token)."""
    page = client.get("/dich-vu/don-xin-vang/moi/kiem-tra").get_data(as_text=True)
    token = re.search(r'name="token"[^>]*value="([^"]+)"', page) or re.search(r'value="([^"]+)"[^>]*name="token"', page)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    value = token.group(1)
    response = client.post("/dich-vu/don-xin-vang/moi/kiem-tra", data={"token": value, "csrf_token": csrf})
    return response, value, csrf


def code_from(location: str) -> str:
    return re.search(r"(VS-\d{4}-\d{5})", location).group(1)


def submit_letter(client, **kwargs) -> str:
    """Write, check and send a letter for the meeting ahead; returns its code."""
    kwargs.setdefault("meetings", [meeting_ahead_id()])
    response = write_letter(client, **kwargs)
    assert response.status_code == 302, response.get_data(as_text=True)
    sent, _, _ = send_checked(client)
    assert sent.status_code == 302
    return code_from(sent.headers["Location"])


def decide(client, side: str, code: str, decision: str, note: str = ""):
    path = f"/dich-vu/duyet-don-vang/{side}/{code}"
    return client.post_form(path, {"decision": decision, "note": note})


def make_letter(repos, member_id: str = "dv-001", steps=(), note: str = "lý do kiểm thử") -> str:
    """A letter put straight into the store (for tests that are not about writing one)."""
    import secrets

    from forms_service.domain import clock
    from forms_service.services import letters

    member = repos.members.get(member_id)
    meeting = repos.meetings.for_cell(member.residence_cell_id, clock.today().year)[-1]
    letter, _ = letters.submit(repos, "kiem-thu", member, [meeting.id], [], "cong_tac", "dự hội nghị",
                               secrets.token_hex(8))
    for step in steps:
        letters.take_step(repos, "kiem-thu", letter.code, step, note)
    return letter.code
