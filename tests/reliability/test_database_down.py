"""The PostgreSQL server stops while people use the service, then comes back, through real
gunicorn workers: a letter sent meanwhile gets a Vietnamese page that keeps what was typed
(HTTP 503), /healthz answers 503 with JSON saying the database cannot be reached, nothing is
half-written, and once the server is back the service recovers by itself and the letter is
saved once.

The server stopped here is one of the test's own (tests/postgres_cluster.py's Cluster), so the
other tests' databases never see the outage."""
from __future__ import annotations

import html
import json
import re
import time
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest

from bench.letter_load import CHECK, WRITE
from bench.reliability import signed_in
from bench.server import gunicorn
from forms_service.demo import load_demo
from forms_service.storage import migrate_database, open_store

from ..conftest import CHEAP_PASSWORD_HASH
from ..postgres_cluster import DURABLE, Cluster, server_binaries
from .conftest import draft_letter

pytestmark = pytest.mark.calendar

REASON = "Đi tập huấn nghiệp vụ ở Cần Thơ"
TYPED_DURING_THE_OUTAGE = "Đi khám bệnh theo lịch hẹn của bệnh viện tỉnh"
HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)">')
RECOVERY_S = 90


@pytest.fixture
def own_server():
    # durable as in production: the outage is a crash, and a commit acknowledged before it (the
    # sign-in that registers the session) must be there after it
    cluster = Cluster(server_binaries(), DURABLE)
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture
def service_on_own_server(own_server, tmp_path):
    with psycopg.connect(own_server.url, autocommit=True) as admin:
        admin.execute("CREATE DATABASE sotay213")
    url = urlunsplit(urlsplit(own_server.url)._replace(path="/sotay213"))   # open_store knows a database by the URL form
    migrate_database(url)
    seed = open_store(url)
    load_demo(seed, CHEAP_PASSWORD_HASH)
    seed.close()
    with gunicorn("forms_service.wsgi:app", 2, tmp_path / "instance", tmp_path / "no-data-folder",
                  extra_env={"SOTAY_DATABASE_URL": url}) as server:
        yield server, url


def letters_of(url: str, member_id: str) -> list:
    repos = open_store(url)
    try:
        return repos.letters.for_member(member_id)
    finally:
        repos.close()


def test_a_letter_sent_while_the_database_is_down_is_kept_then_saved_once(own_server, service_on_own_server,
                                                                         password):
    server, url = service_on_own_server
    member = signed_in(server, "dangvien", password)
    meeting, token = draft_letter(member, REASON)
    csrf = member.csrf_token(CHECK)
    before = letters_of(url, "dv-001")

    own_server.pause()
    refused = member.post(CHECK, {"csrf_token": csrf, "token": token})
    assert refused.status == 503 and "Traceback" not in refused.text
    assert "Chưa lưu được vì hệ thống tạm thời không ghi được dữ liệu" in refused.text
    resend = [(name, html.unescape(value)) for name, value in HIDDEN.findall(refused.text)]
    assert ("token", token) in resend and "Gửi lại" in refused.text

    # A new letter typed during the outage: the page shows what was typed and carries it.
    retyped = member.post(WRITE, {"csrf_token": csrf, "meetings": meeting, "reason_kind": "om_dau",
                                  "reason_text": TYPED_DURING_THE_OUTAGE, "other_date": ""})
    assert retyped.status == 503 and TYPED_DURING_THE_OUTAGE in retyped.text
    assert ("reason_text", TYPED_DURING_THE_OUTAGE) in [(n, html.unescape(v)) for n, v in HIDDEN.findall(retyped.text)]

    health = member.get("/healthz")
    body = json.loads(health.text)
    assert health.status == 503 and body["status"] == "loi" and body["store"]["readable"] is False
    assert "Không kết nối được tới cơ sở dữ liệu" in body["message"]

    own_server.resume()
    deadline = time.monotonic() + RECOVERY_S
    while member.get("/healthz").status != 200:       # the workers reconnect by themselves
        assert time.monotonic() < deadline, "the service did not recover once the database was back"
        time.sleep(1)
    assert [x.code for x in letters_of(url, "dv-001")] == [x.code for x in before], "something was half-written"

    # The draft is still in the session: the check page shows the reason typed before the outage,
    # and the page's "Gửi lại" button sends the same fields again.
    assert REASON in member.get(CHECK).text
    sent = member.post(CHECK, dict(resend))
    assert sent.status == 302 and "/da-gui" in sent.location
    again = member.post(CHECK, dict(resend))             # pressed twice: the same letter
    assert again.status == 302 and again.location == sent.location
    after = letters_of(url, "dv-001")
    assert len(after) == len(before) + 1
    assert [x.reason_text for x in after if x.code not in {y.code for y in before}] == [REASON]
