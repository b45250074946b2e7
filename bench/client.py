"""A small keep-alive HTTP client with the session cookie and the form's CSRF token.

http.client only (no third-party client): one persistent connection per client, so the
load generator measures the service, not connection set-up.
"""
from __future__ import annotations

import http.client
import re
import time
from urllib.parse import urlencode, urlsplit

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


class Response:
    def __init__(self, status: int, headers: dict, body: bytes, elapsed_ms: float):
        self.status, self.headers, self.body, self.elapsed_ms = status, headers, body, elapsed_ms

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    @property
    def location(self) -> str:
        return self.headers.get("location", "")


class Client:
    def __init__(self, port: int, timeout: float = 60):
        self.port, self.timeout = port, timeout
        self.cookies: dict[str, str] = {}
        self.connection: http.client.HTTPConnection | None = None

    def _connect(self) -> http.client.HTTPConnection:
        if self.connection is None:
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
        return self.connection

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None

    def request(self, method: str, path: str, form: dict | None = None) -> Response:
        headers = {"Connection": "keep-alive"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form).encode("utf-8")
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.perf_counter()
        connection = self._connect()
        try:
            connection.request(method, path, body=body, headers=headers)
            raw = connection.getresponse()
            data = raw.read()
        except (http.client.HTTPException, OSError):
            self.close()  # the next request opens a new connection
            raise
        elapsed = (time.perf_counter() - started) * 1000
        response_headers = {k.lower(): v for k, v in raw.getheaders()}
        for key, value in raw.getheaders():
            if key.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        if raw.getheader("connection", "").lower() == "close":
            self.close()
        return Response(raw.status, response_headers, data, elapsed)

    def get(self, path: str) -> Response:
        return self.request("GET", path)

    def post(self, path: str, form: dict) -> Response:
        return self.request("POST", path, form)

    def csrf_token(self, path: str) -> str:
        page = self.get(path)
        match = CSRF.search(page.text)
        if not match:
            raise RuntimeError(f"no CSRF token on {path} ({page.status})")
        return match.group(1)

    def post_form(self, path: str, form: dict, page: str | None = None) -> Response:
        return self.post(path, {**form, "csrf_token": self.csrf_token(page or path)})

    def sign_in(self, username: str, password: str, attempts: int = 3) -> None:
        """Sign in; tried up to `attempts` times because a sign-in can be refused while another
        worker saves the same account (tests/reliability/test_readers_during_a_save.py)."""
        for _ in range(attempts):
            response = self.post_form("/dich-vu/dang-nhap", {"username": username, "password": password})
            if response.status == 302:
                return
        raise RuntimeError(f"sign-in as {username} failed ({response.status})")


def path_of(location: str) -> str:
    parts = urlsplit(location)
    return parts.path + (f"?{parts.query}" if parts.query else "")
