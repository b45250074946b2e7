"""Absence letters through the real HTTP journey, as a member does it:

    POST /dich-vu/don-xin-vang/moi          (the form, with CSRF)  -> 302 to the check page
    GET  /dich-vu/don-xin-vang/moi/kiem-tra (the one-time token)
    POST /dich-vu/don-xin-vang/moi/kiem-tra (send: the durable write) -> 302 to …/<code>/da-gui

The acknowledged submission is the code in that last redirect.
"""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from forms_service.domain.letters import is_letter_code
from forms_service.storage import is_database_url, open_store

from .load import Scenario, register

WRITE = "/dich-vu/don-xin-vang/moi"
CHECK = "/dich-vu/don-xin-vang/moi/kiem-tra"
MEETING = re.compile(r'name="meetings" id="[^"]*" value="([^"]+)"')
REASON = "Đi công tác theo quyết định của cơ quan, tập huấn nghiệp vụ tại tỉnh bạn"


def hidden_token(html: str) -> str:
    match = re.search(r'<input[^>]*name="token"[^>]*>', html)
    value = re.search(r'value="([^"]*)"', match.group(0)) if match else None
    if not value:
        raise RuntimeError("no send token on the check page")
    return value.group(1)


@register("submit_letter")
class SubmitLetter(Scenario):
    """spec: users (member usernames, shared round-robin by the threads), password."""

    def setup(self, client, index):
        client.sign_in(self.spec["users"][index % len(self.spec["users"])], self.spec["password"])
        page = client.get(WRITE)
        meetings = MEETING.findall(page.text)
        if page.status != 200 or not meetings:
            raise RuntimeError(f"the letter form offers no meeting ({page.status})")
        return {"meeting": meetings[-1], "csrf": client.csrf_token(WRITE)}

    def run(self, client, state, n):
        form = {"csrf_token": state["csrf"], "meetings": state["meeting"], "reason_kind": "cong_tac",
                "reason_text": f"{REASON} ({n})", "other_date": ""}
        written = client.post(WRITE, form)
        if written.status != 302:
            raise RuntimeError(f"letter form answered {written.status}")
        token = hidden_token(client.get(CHECK).text)
        sent = client.post(CHECK, {"csrf_token": state["csrf"], "token": token})
        code = sent.location.rstrip("/").split("/")[-2] if sent.status == 302 else ""
        if not is_letter_code(code):
            raise RuntimeError(f"sending answered {sent.status} {sent.location!r}")
        return "send", sent.elapsed_ms, code


def stored_letter_codes(location: Path | str) -> Counter:
    """Every letter record in the store, counted by code, read beneath the repository so that a
    letter stored twice is seen twice: the table of the file store, the table of a database (where
    the code is the primary key)."""
    repos = open_store(location)
    try:
        if is_database_url(location):
            return Counter(row["code"] for row in repos.db.rows("SELECT code FROM letters"))
        return Counter(doc["code"] for doc in repos.store.records("letters"))
    finally:
        repos.close()


class LetterWorkload:
    """Members submit letters; every acknowledged code must be stored exactly once and
    found through the repository's index."""
    name = "submit_letter"

    def __init__(self, users: list[str], password: str):
        self.users, self.password = users, password
        self.before: set[str] = set()

    def prepare(self, root: Path | str) -> None:
        """Remember the letters already in the store (the demo's own)."""
        self.before = set(stored_letter_codes(root))

    def spec(self, port: int, threads: int, duration_s: float) -> dict:
        return {"scenario": "submit_letter", "modules": ["bench.letter_load"], "port": port, "threads": threads,
                "duration_s": duration_s, "users": self.users, "password": self.password}

    def check(self, root: Path | str, acks: list[str]) -> dict:
        stored = stored_letter_codes(root)
        repos = open_store(root)
        try:
            missing = [code for code in acks if stored[code] == 0 or repos.letters.get(code) is None]
        finally:
            repos.close()
        doubled = [code for code, n in stored.items() if n > 1]
        return {"acknowledged": len(acks), "missing": len(missing), "duplicated": len(doubled),
                "acknowledged_twice": len(acks) - len(set(acks)), "stored": sum(stored.values()),
                "extra_unacknowledged": len(set(stored) - set(acks) - self.before)}
