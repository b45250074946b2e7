"""Every letter route × every role (and anonymous, and the same role in another unit):
the status each gets, and that a refused change changes nothing.

The letter belongs to dangvien (dv-001): workplace dang-uy-so-giao-duc (capuy), residence
cell chi-bo-khom-1 (bithu), commune phuong-hoa-an-tay (xaphuong). dangvien2, capuy2,
bithu2 and xaphuong2 are the same roles in other units."""
from __future__ import annotations

import pytest

from forms_service.domain.letters import Action, LetterState

from .letters_helpers import make_letter

pytestmark = pytest.mark.calendar

USERS = ["", "dangvien", "dangvien2", "capuy", "capuy2", "bithu", "bithu2", "xaphuong", "xaphuong2", "quantri"]
SIGN_IN = 302  # anonymous: sent to the sign-in page


def row(anonymous, dangvien, dangvien2, capuy, capuy2, bithu, bithu2, xaphuong, xaphuong2, quantri):
    return dict(zip(USERS, (anonymous, dangvien, dangvien2, capuy, capuy2, bithu, bithu2, xaphuong, xaphuong2,
                            quantri)))


MEMBER_ONLY = row(SIGN_IN, 200, 200, 403, 403, 403, 403, 403, 403, 403)
VIEW = row(SIGN_IN, 200, 403, 200, 403, 200, 403, 200, 403, 200)
PUBLIC = row(200, 200, 200, 200, 200, 200, 200, 200, 200, 200)
GET_ROUTES = {
    "/dich-vu/don-xin-vang/": MEMBER_ONLY,
    "/dich-vu/don-xin-vang/moi": MEMBER_ONLY,
    "/dich-vu/don-xin-vang/moi/kiem-tra": row(SIGN_IN, 302, 302, 403, 403, 403, 403, 403, 403, 403),
    "/dich-vu/don-xin-vang/{code}": VIEW,
    "/dich-vu/don-xin-vang/{code}/da-gui": VIEW,
    "/dich-vu/don-xin-vang/{code}/don.pdf": VIEW,
    "/dich-vu/don-xin-vang/{code}/don.docx": VIEW,
    "/dich-vu/duyet-don-vang/noi-cong-tac/": row(SIGN_IN, 403, 403, 200, 200, 403, 403, 403, 403, 403),
    "/dich-vu/duyet-don-vang/noi-cong-tac/{code}": row(SIGN_IN, 403, 403, 200, 403, 403, 403, 403, 403, 403),
    "/dich-vu/duyet-don-vang/chi-bo/": row(SIGN_IN, 403, 403, 403, 403, 200, 200, 403, 403, 403),
    "/dich-vu/duyet-don-vang/chi-bo/{code}": row(SIGN_IN, 403, 403, 403, 403, 200, 403, 403, 403, 403),
    "/dich-vu/mau-don/": PUBLIC,
    "/dich-vu/mau-don/don-xin-vang/": PUBLIC,
    "/dich-vu/mau-don/don-xin-vang/mau-trang.pdf": PUBLIC,
    "/dich-vu/mau-don/don-xin-vang/mau-trang.docx": PUBLIC,
    "/dich-vu/kiem-tra/": PUBLIC,
    "/dich-vu/kiem-tra/{code}": PUBLIC,
}
# path, steps to put the letter in the state the action needs, data, state after success
POST_ROUTES = {
    "withdraw": ("/dich-vu/don-xin-vang/{code}/rut", (), {"note": ""}, LetterState.WITHDRAWN,
                 row(SIGN_IN, 302, 403, 403, 403, 403, 403, 403, 403, 403)),
    "confirm": ("/dich-vu/duyet-don-vang/noi-cong-tac/{code}", (), {"decision": "xac_nhan", "note": ""},
                LetterState.CONFIRMED, row(SIGN_IN, 403, 403, 302, 403, 403, 403, 403, 403, 403)),
    "agree": ("/dich-vu/duyet-don-vang/chi-bo/{code}", (Action.CONFIRM,), {"decision": "dong_y", "note": ""},
              LetterState.AGREED, row(SIGN_IN, 403, 403, 403, 403, 302, 403, 403, 403, 403)),
}


@pytest.mark.parametrize("user", USERS, ids=lambda u: u or "anonymous")
def test_every_get_route(client, repos, user):
    code = make_letter(repos)
    if user:
        client.sign_in(user)
    got = {path: client.get(path.format(code=code)).status_code for path in GET_ROUTES}
    expected = {path: statuses[user] for path, statuses in GET_ROUTES.items()}
    assert got == expected


@pytest.mark.parametrize("user", USERS, ids=lambda u: u or "anonymous")
@pytest.mark.parametrize("action", POST_ROUTES)
def test_every_change(client, repos, user, action):
    path, steps, data, after, statuses = POST_ROUTES[action]
    code = make_letter(repos, steps=steps)
    before = repos.letters.get(code)
    if user:
        client.sign_in(user)
    response = client.post_form(path.format(code=code), data, page="/dich-vu/dang-nhap")
    assert response.status_code == statuses[user]
    now = repos.letters.get(code)
    if statuses[user] == 302 and user:
        assert now.state == after
    else:
        assert now == before
        if not user:
            assert "/dich-vu/dang-nhap" in response.headers["Location"]
