"""Two app servers on one PostgreSQL database, as deploy/several-servers/ runs them: two
`python -m forms_service serve` processes on different ports, each with an instance folder of
its own and the same SOTAY_SECRET_KEY. A letter sent through one is confirmed by the workplace
through the other, and both servers show the same lists. Real HTTP, with session and CSRF."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import urllib.request
from contextlib import ExitStack, contextmanager

import pytest

from bench.client import Client
from bench.letter_load import CHECK, MEETING, WRITE, hidden_token
from bench.server import free_port
from forms_service.config import PROJECT_ROOT

from ..conftest import DEMO_PASSWORD
from .test_serve import stop

TBODY = re.compile(r"<tbody>(.*?)</tbody>", re.S)
REASON = "Đi công tác theo quyết định của cơ quan"


@contextmanager
def serve(database_url: str, instance, secret: str):
    port = free_port()
    env = {**os.environ, "SOTAY_DATABASE_URL": database_url, "SOTAY_INSTANCE": str(instance),
           "SOTAY_SECRET_KEY": secret, "SOTAY_SITE_DIR": str(PROJECT_ROOT / "site"), "HOST": "127.0.0.1",
           "PORT": str(port), "WORKERS": "1"}
    log = open(instance.parent / f"serve-{port}.log", "wb")
    server = subprocess.Popen([sys.executable, "-m", "forms_service", "serve"], env=env, stdout=log,
                              stderr=subprocess.STDOUT)
    try:
        for _ in range(150):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                    if json.loads(response.read())["status"] == "ok":
                        break
            except OSError:
                assert server.poll() is None, (instance.parent / f"serve-{port}.log").read_text()
                time.sleep(0.2)
        else:
            pytest.fail(f"serve on port {port} did not answer")
        yield port
    finally:
        stop(server)
        log.close()


def rows(client: Client, path: str) -> str:
    page = client.get(path)
    assert page.status == 200, f"{path}: {page.status}"
    found = TBODY.search(page.text)
    return found.group(1) if found else ""


@pytest.mark.parametrize("backend", ["postgres"])
def test_a_letter_sent_through_one_server_is_confirmed_through_the_other(demo_location, tmp_path):
    secret = os.urandom(16).hex()
    with ExitStack() as servers:
        first = servers.enter_context(serve(demo_location, (tmp_path / "one").resolve(), secret))
        second = servers.enter_context(serve(demo_location, (tmp_path / "two").resolve(), secret))
        assert not (tmp_path / "one" / "secret_key").exists()      # nothing of the service kept on the server

        member = Client(first)
        member.sign_in("dangvien", DEMO_PASSWORD)
        meeting = MEETING.findall(member.get(WRITE).text)[-1]
        assert member.post_form(WRITE, {"meetings": meeting, "reason_kind": "cong_tac", "reason_text": REASON,
                                        "other_date": ""}).status == 302
        sent = member.post_form(CHECK, {"token": hidden_token(member.get(CHECK).text)})
        assert sent.status == 302 and "/da-gui" in sent.location
        code = re.search(r"(VS-\d{4}-\d{5})", sent.location).group(1)

        # The same session cookie works on the other server: the key is shared, the session is not kept locally.
        member_elsewhere = Client(second)
        member_elsewhere.cookies = dict(member.cookies)
        assert code in member_elsewhere.get("/dich-vu/don-xin-vang/").text

        officer = Client(second)
        officer.sign_in("capuy", DEMO_PASSWORD)
        assert code in rows(officer, "/dich-vu/duyet-don-vang/noi-cong-tac/")
        confirmed = officer.post_form(f"/dich-vu/duyet-don-vang/noi-cong-tac/{code}", {"decision": "xac_nhan",
                                                                                       "note": ""})
        assert confirmed.status == 302

        officer_elsewhere = Client(first)
        officer_elsewhere.sign_in("capuy", DEMO_PASSWORD)
        secretary, secretary_elsewhere = Client(first), Client(second)
        for client in (secretary, secretary_elsewhere):
            client.sign_in("bithu", DEMO_PASSWORD)
        for path, one, other in (("/dich-vu/don-xin-vang/", member, member_elsewhere),
                                 ("/dich-vu/duyet-don-vang/noi-cong-tac/", officer_elsewhere, officer),
                                 ("/dich-vu/duyet-don-vang/chi-bo/", secretary, secretary_elsewhere)):
            assert rows(one, path) == rows(other, path), f"{path} differs between the two servers"
        assert code not in rows(officer_elsewhere, "/dich-vu/duyet-don-vang/noi-cong-tac/")
        assert code in rows(secretary, "/dich-vu/duyet-don-vang/chi-bo/")
        assert "Nơi công tác đã xác nhận" in member.get(f"/dich-vu/don-xin-vang/{code}").text
