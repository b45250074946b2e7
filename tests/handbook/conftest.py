"""Fixtures for the handbook tests (MkDocs site in docs/ + mkdocs.yml).

The site is built once per session with `mkdocs build --strict` into a temporary folder; every other test reads
that build. Browser tests serve it on 127.0.0.1 with http.server and drive Debian's Chromium through Playwright
(the session's one browser, from tests/conftest.py). Browser tests carry `@pytest.mark.browser`.
"""
from __future__ import annotations

import functools
import http.server
import os
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PHONE = {"width": 360, "height": 740}

# Pages that are not content: the 404 page and the print page of the whole handbook.
NOT_CONTENT = {"404.html", "print_page/index.html"}


@dataclass
class Build:
    site: Path
    returncode: int
    output: str

    def pages(self) -> list[Path]:
        """Every HTML page of the build, relative to the site folder, sorted."""
        return sorted(p.relative_to(self.site) for p in self.site.rglob("*.html"))

    def content_pages(self) -> list[Path]:
        return [p for p in self.pages() if p.as_posix() not in NOT_CONTENT]

    @staticmethod
    def url_of(page: Path) -> str:
        """Site-relative URL of a built page: 'thu-tuc/xin-vang/index.html' -> 'thu-tuc/xin-vang/'."""
        text = page.as_posix()
        return text[: -len("index.html")] if text.endswith("index.html") else text


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Build:
    site = tmp_path_factory.mktemp("handbook") / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    return Build(site=site, returncode=proc.returncode, output=proc.stdout + proc.stderr)


@pytest.fixture(scope="session")
def site(built_site) -> Build:
    """The build, for tests that need it to have succeeded."""
    if built_site.returncode != 0:
        pytest.fail(f"mkdocs build --strict failed:\n{built_site.output}")
    return built_site


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - signature of the base class
        pass


@pytest.fixture(scope="session")
def site_url(site):
    """Base URL ('http://127.0.0.1:PORT/') of the built site served by a local thread."""
    handler = functools.partial(_QuietHandler, directory=str(site.site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()
