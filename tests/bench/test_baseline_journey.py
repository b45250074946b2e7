"""The bench's baseline does the journey's work: CSRF, the draft in the session, a one-time
token, one durable insert; and the load generator's letter scenario drives it unchanged."""
from __future__ import annotations

import re
import sqlite3

import pytest

from bench import baseline_journey
from bench.letter_load import CHECK, MEETING, WRITE, hidden_token
from forms_service.domain.letters import is_letter_code

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture
def client(tmp_path, monkeypatch):
    monkeypatch.setitem(baseline_journey.app.config, "BENCH_SQLITE_DB", str(tmp_path / "baseline.sqlite3"))
    return baseline_journey.app.test_client()


def csrf(client, path: str) -> str:
    return CSRF.search(client.get(path).get_data(as_text=True)).group(1)


def stored(tmp_path) -> list[tuple]:
    with sqlite3.connect(tmp_path / "baseline.sqlite3") as connection:
        return connection.execute("SELECT code, username FROM letters").fetchall()


def test_a_letter_goes_through_form_check_and_send_once(client, tmp_path):
    token = csrf(client, "/dich-vu/dang-nhap")
    assert client.post("/dich-vu/dang-nhap", data={"username": "dangvien", "password": "-",
                                                   "csrf_token": token}).status_code == 302
    page = client.get(WRITE).get_data(as_text=True)
    meetings = MEETING.findall(page)
    assert meetings
    token = CSRF.search(page).group(1)
    written = client.post(WRITE, data={"csrf_token": token, "meetings": meetings[-1], "reason_kind": "cong_tac",
                                       "reason_text": "Đi công tác", "other_date": ""})
    assert written.status_code == 302 and written.location.endswith(CHECK)
    send = {"csrf_token": token, "token": hidden_token(client.get(CHECK).get_data(as_text=True))}
    sent = client.post(CHECK, data=send)
    code = sent.location.rstrip("/").split("/")[-2]
    assert sent.status_code == 302 and is_letter_code(code)
    assert stored(tmp_path) == [(code, "dangvien")]


def test_without_csrf_or_sign_in_nothing_is_stored(client, tmp_path):
    assert client.post(WRITE, data={"meetings": "x", "reason_kind": "cong_tac"}).status_code == 400
    assert client.get(WRITE).status_code == 403
    assert not (tmp_path / "baseline.sqlite3").exists() or stored(tmp_path) == []
