"""CSRF on every POST route, and sign-in throttling that does not tell who exists."""
from __future__ import annotations

import pytest

from .conftest import PlainClient
from .routes import another_units_values, fill, service_rules

CSRF_MESSAGE = "mã bảo vệ biểu mẫu"


def post_routes(app, repos, actor=None) -> list[str]:
    values = another_units_values(repos, actor)
    return [url for rule in service_rules(app) if "POST" in rule.methods for url in fill(rule, values)[:1]]


@pytest.mark.parametrize("username", [None, "dangvien", "capuy", "bithu", "quantri"])
def test_every_post_without_a_valid_token_is_refused_in_vietnamese(app, repos, plain_client, username):
    actor = None
    if username:
        plain_client.sign_in_as(username)
        actor = repos.accounts.get(username).actor
    other = PlainClient(app, app.response_class, use_cookies=True)
    token_of_another_session = other.token()
    for url in post_routes(app, repos, actor):
        for data in ({}, {"csrf_token": "gia-mao"}, {"csrf_token": token_of_another_session}):
            response = plain_client.post(url, data=data)
            assert response.status_code == 400, f"POST {url} with {data or 'no token'}: {response.status_code}"
            assert CSRF_MESSAGE in response.get_data(as_text=True)


def test_token_is_refused_after_sign_out(app, plain_client):
    plain_client.sign_in_as("dangvien")
    token = plain_client.token()
    plain_client.post("/dich-vu/dang-xuat", data={"csrf_token": token})
    response = plain_client.post("/dich-vu/doi-mat-khau", data={"csrf_token": token, "current": "x"})
    assert response.status_code in (302, 400)  # anonymous now: to sign-in, or refused token
    assert response.status_code == 400 or "/dich-vu/dang-nhap" in response.headers["Location"]


def sign_in(client: PlainClient, username: str, password: str):
    return client.post("/dich-vu/dang-nhap", data={"username": username, "password": password,
                                                   "csrf_token": client.token()})


def test_lockout_holds_for_every_client_and_even_with_the_right_password(app, plain_client, repos):
    for _ in range(5):
        assert sign_in(plain_client, "bithu2", "khong-dung-mat-khau").status_code == 200
    fresh = PlainClient(app, app.response_class, use_cookies=True)
    locked = sign_in(fresh, "bithu2", "dongthap213")
    assert locked.status_code == 200 and "tạm khóa" in locked.get_data(as_text=True)
    assert repos.accounts.get("bithu2").locked_until is not None
    assert sign_in(fresh, "bithu3", "dongthap213").status_code == 302, "another account is not affected"


def test_unknown_and_known_usernames_get_the_same_answer(plain_client, repos):
    unknown = sign_in(plain_client, "khong-co-ai", "sai-mat-khau").get_data(as_text=True)
    known = sign_in(plain_client, "bithu4", "sai-mat-khau").get_data(as_text=True)
    message = "Tên đăng nhập hoặc mật khẩu chưa đúng."
    assert message in unknown and message in known
    assert repos.accounts.get("khong-co-ai") is None, "a failed sign-in must not create an account"


def test_a_success_resets_the_count_of_failures(plain_client, repos):
    for _ in range(4):
        sign_in(plain_client, "capuy3", "sai-mat-khau")
    assert sign_in(plain_client, "capuy3", "dongthap213").status_code == 302
    assert repos.accounts.get("capuy3").failed_attempts == 0


def test_parallel_wrong_guesses_are_all_counted_and_lock_the_account(app, repos):
    """Ten wrong guesses at the same moment: each is counted (one read-modify-write under the
    account's lock), so the lockout holds; read-then-save counted them as one."""
    import threading

    clients = [PlainClient(app, app.response_class, use_cookies=True) for _ in range(10)]
    tokens = [client.token() for client in clients]
    start = threading.Barrier(len(clients))

    def guess(client, token):
        start.wait()
        client.post("/dich-vu/dang-nhap", data={"username": "dangvien2", "password": "doan-bua", "csrf_token": token})

    threads = [threading.Thread(target=guess, args=pair) for pair in zip(clients, tokens)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    account = repos.accounts.get("dangvien2")
    assert account.locked_until is not None  # the fifth counted guess locked it


@pytest.mark.calendar
def test_a_password_change_ends_the_accounts_other_sessions(app):
    phone, office = (PlainClient(app, app.response_class, use_cookies=True) for _ in range(2))
    phone.sign_in_as("bithu4")
    office.sign_in_as("bithu4")
    changed = phone.post("/dich-vu/doi-mat-khau", data={"current": "dongthap213", "new": "mat-khau-moi-2027",
                                                        "repeat": "mat-khau-moi-2027", "csrf_token": phone.token()})
    assert changed.status_code == 302
    assert office.get("/dich-vu/so-theo-doi/").status_code == 302  # sent to sign in again
    assert "Trang của tôi" not in office.get("/dich-vu/").get_data(as_text=True)
    assert phone.get("/dich-vu/so-theo-doi/").status_code == 200  # the session that changed it goes on
    assert sign_in(office, "bithu4", "mat-khau-moi-2027").status_code == 302
