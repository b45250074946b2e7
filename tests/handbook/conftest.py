"""Fixtures for the handbook tests (MkDocs site in docs/ + mkdocs.yml).

The site is built once per session with `mkdocs build --strict` into a temporary folder; every other test reads
that build. Browser tests serve it on 127.0.0.1 with http.server and drive Debian's Chromium through Playwright
(one browser for the whole session, in a thread of its own: see `Chromium`). Browser tests carry
`@pytest.mark.browser`.
"""
from __future__ import annotations

import functools
import http.server
import os
import queue
import shutil
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("HANDBOOK_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"width": 360, "height": 740}

# Pages that are not content: the 404 page and the print page of the whole handbook.
NOT_CONTENT = {"404.html", "print_page/index.html"}


def pytest_configure(config):
    config.addinivalue_line("markers", "browser: needs Chromium (Debian package) driven by Playwright")


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


class Chromium:
    """Chromium driven by Playwright in a thread of its own.

    Other browser tests in the same pytest run (tests/browser/) keep their own session-wide sync Playwright open in the
    main thread, and Playwright refuses a second sync instance in a thread that already runs one. So the handbook's
    browser lives in a dedicated thread, and a test hands it work: `chromium.run(fn, *args)` calls `fn(browser, *args)`
    in that thread and returns the result (or re-raises the exception, assertion errors included).
    """

    def __init__(self):
        self._jobs: queue.Queue = queue.Queue()
        self._ready: queue.Queue = queue.Queue()
        self._thread = threading.Thread(target=self._serve, name="handbook-chromium", daemon=True)
        self._thread.start()
        error = self._ready.get(timeout=120)
        if error is not None:
            raise error

    def _serve(self):
        from playwright.sync_api import sync_playwright

        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                self._ready.put(None)
                while True:
                    job = self._jobs.get()
                    if job is None:
                        break
                    fn, args, reply = job
                    try:
                        reply.put((True, fn(browser, *args)))
                    except BaseException as exc:  # handed back to the test's thread
                        reply.put((False, exc))
                browser.close()
        except BaseException as exc:
            self._ready.put(exc)

    def run(self, fn, *args, timeout: float = 600):
        reply: queue.Queue = queue.Queue()
        self._jobs.put((fn, args, reply))
        ok, value = reply.get(timeout=timeout)
        if not ok:
            raise value
        return value

    def close(self):
        self._jobs.put(None)
        self._thread.join(timeout=60)


@pytest.fixture(scope="session")
def chromium():
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        pytest.skip(f"Chromium not found at {CHROMIUM} (Debian package 'chromium')")
    pytest.importorskip("playwright.sync_api")
    browser = Chromium()
    yield browser
    browser.close()
