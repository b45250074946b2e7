"""A fresh app and store per test (Flask tutorial style), with the demo province.

The demo store is built once per session (password hashing is deliberately slow) and
copied for each test. The test client checks every HTML page it receives against the
invariants in page_checks.py.
"""
from __future__ import annotations

import re
import shutil
from datetime import date, datetime, time
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from forms_service import create_app
from forms_service.config import PROJECT_ROOT
from forms_service.demo import demo_data, load_demo
from forms_service.domain.clock import ZONE
from forms_service.storage import is_database_url, open_store

from .page_checks import check_page

pytest_plugins = ["tests.calendar_guard"]

DEMO_PASSWORD = demo_data()["demo_password"]
# The demo accounts' password hash in the tests: cheap to check at each sign-in (the service's
# default, scrypt, is slow on purpose); the hashing itself is werkzeug's either way.
CHEAP_PASSWORD_HASH = "pbkdf2:sha256:1000"
SITE_DIR = PROJECT_ROOT / "site"
CHROMIUM = "/usr/bin/chromium"  # Debian's package, installed by `make test`
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def pytest_addoption(parser):
    parser.addoption("--today", metavar="YYYY-MM-DD",
                     help="run as if today were this date in Việt Nam (10:00, the clock then runs on); "
                          "CI runs the date-sensitive tests so on 15 January, 30 June and 31 December")


def pytest_configure(config):
    """Travel before collection, so that module-level dates (YEAR…) see the chosen day too."""
    chosen = config.getoption("--today")
    if chosen:
        import time_machine
        time_machine.travel(datetime.combine(date.fromisoformat(chosen), time(10, 0), tzinfo=ZONE), tick=True).start()


def decoded_body(response) -> bytes:
    """The body as the browser reads it, whether it was sent compressed (when asked) or not."""
    import gzip

    import brotli
    data = response.get_data()
    encoding = response.headers.get("Content-Encoding")
    return brotli.decompress(data) if encoding == "br" else gzip.decompress(data) if encoding == "gzip" else data


class CheckedClient(FlaskClient):
    """Every HTML response of the service passes the page checks."""

    def open(self, *args, **kwargs):
        response = super().open(*args, **kwargs)
        path = getattr(response.request, "path", "")
        if response.mimetype == "text/html" and path.startswith("/dich-vu") and not 300 <= response.status_code < 400:
            check_page(decoded_body(response).decode("utf-8"), where=f"{response.status_code} {path}")
        return response

    def csrf_token(self, path: str) -> str:
        page = self.get(path).get_data(as_text=True)
        match = re.search(r'name="csrf_token" value="([^"]+)"', page)
        assert match, f"no csrf token on {path}"
        return match.group(1)

    def sign_in(self, username: str, password: str = DEMO_PASSWORD):
        token = self.csrf_token("/dich-vu/dang-nhap")
        response = self.post("/dich-vu/dang-nhap", data={"username": username, "password": password,
                                                         "csrf_token": token})
        assert response.status_code == 302, f"sign-in as {username} failed"
        return response

    def post_form(self, path: str, data: dict, page: str | None = None, **kwargs):
        """POST with the CSRF token of the page the form is on (default: the same path)."""
        return self.post(path, data={**data, "csrf_token": self.csrf_token(page or path)}, **kwargs)


@pytest.fixture(scope="session")
def demo_store(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("demo") / "data"
    load_demo(open_store(root), CHEAP_PASSWORD_HASH)
    return root


# A test that reads or changes the TinyDB files itself (or patches the file system under the
# store) runs on the embedded backend only: `@tinydb_only` overrides the `backend` parameter.
tinydb_only = pytest.mark.parametrize("backend", ["tinydb"])


@pytest.fixture
def data_dir(demo_store, tmp_path, request) -> Path:
    """A TinyDB folder holding the demo. In a test that also uses the app (client, repos) it is
    the app's own store, and such a test must be marked tinydb_only."""
    if "app" in request.fixturenames:
        location = request.getfixturevalue("demo_location")
        assert not is_database_url(location), "a test that reads the data folder must be marked tinydb_only"
        return Path(location)
    target = tmp_path / "data"
    shutil.copytree(demo_store, target)
    return target


def app_config(location: str, instance: Path) -> dict:
    """The configuration of an app on the store at `location` (a folder, or a PostgreSQL URL)."""
    database = is_database_url(location)
    return {"SECRET_KEY": "test", "TESTING": True, "DATA_DIR": "" if database else str(location),
            "DATABASE_URL": str(location) if database else "", "SITE_DIR": str(SITE_DIR),
            "PUBLIC_URL": "http://sotay.test", "INSTANCE": str(instance), "SMTP_HOST": "", "SMTP_PORT": 25,
            "SMTP_FROM": "sotay213@localhost", "SESSION_COOKIE_SECURE": False}


@pytest.fixture
def app(demo_location, tmp_path):
    """The app on a copy of the demo, on the test's store (the `backend` fixture)."""
    app = create_app(app_config(demo_location, tmp_path))
    app.test_client_class = CheckedClient
    yield app
    app.extensions["repos"].close()


@pytest.fixture
def client(app) -> CheckedClient:
    return app.test_client()


@pytest.fixture
def repos(app):
    return app.extensions["repos"]


@pytest.fixture(scope="session")
def browser():
    """One Chromium for the whole run (service and handbook browser tests share it)."""
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def postgres_url():
    """A PostgreSQL server for the run: SOTAY_TEST_DATABASE_URL, or a throw-away cluster."""
    from .postgres_cluster import server_url
    with server_url() as url:
        yield url


@pytest.fixture
def postgres_database(postgres_url) -> str:
    """The URL of an empty database of this test's own."""
    from .postgres_cluster import fresh_database
    with fresh_database(postgres_url) as url:
        yield url


# The stores' own tests (contract, crash, reliability, copy-store) run on each store.
STORE_BACKENDS = ["tinydb", "sqlite", "postgres"]


@pytest.fixture
def backend() -> str:
    """The application-layer, web, security and browser tests run once, on the default store:
    what they prove does not depend on the store. Each SQL store runs the contract suite
    (tests/storage) and a journey through the web (tests/web/test_journey_on_sql_stores.py)."""
    return "tinydb"


def sqlite_url(folder: Path) -> str:
    return f"sqlite:///{folder / 'store.db'}"


@pytest.fixture
def empty_store_location(backend, tmp_path, request):
    """Where an empty store of this test's own is: a folder, or a migrated database's URL."""
    if backend == "tinydb":
        return str(tmp_path / "data")
    if backend == "sqlite":
        from forms_service.storage import migrate_database
        url = sqlite_url(tmp_path)
        migrate_database(url)
        return url
    from forms_service.storage import migrate_database
    url = request.getfixturevalue("postgres_database")
    migrate_database(url)
    return url


@pytest.fixture(scope="session")
def demo_database(postgres_url):
    """A database holding the demo province, built once per run; tests get copies of it."""
    from forms_service.storage import migrate_database

    from .postgres_cluster import database_name, fresh_database
    with fresh_database(postgres_url) as url:
        migrate_database(url)
        repos = open_store(url)
        load_demo(repos, CHEAP_PASSWORD_HASH)
        repos.close()   # a template database must have no connection when it is copied
        yield database_name(url)


@pytest.fixture(scope="session")
def demo_sqlite(tmp_path_factory) -> Path:
    """A SQLite file holding the demo province, built once per run; tests get copies of it."""
    from forms_service.storage import migrate_database
    url = sqlite_url(tmp_path_factory.mktemp("demo-sqlite"))
    migrate_database(url)
    repos = open_store(url)
    load_demo(repos, CHEAP_PASSWORD_HASH)
    repos.close()
    return Path(url[len("sqlite:///"):])


def copy_of_sqlite_demo(demo: Path, tmp_path: Path) -> str:
    """A copy of the demo's SQLite file (closed, so its WAL is already folded into it)."""
    shutil.copyfile(demo, tmp_path / "store.db")
    return sqlite_url(tmp_path)


@pytest.fixture
def demo_location(backend, demo_store, tmp_path, request):
    """A store of this test's own holding the demo province, on the test's backend."""
    if backend == "tinydb":
        yield str(shutil.copytree(demo_store, tmp_path / "data"))
        return
    if backend == "sqlite":
        yield copy_of_sqlite_demo(request.getfixturevalue("demo_sqlite"), tmp_path)
        return
    from .postgres_cluster import fresh_database
    with fresh_database(request.getfixturevalue("postgres_url"),
                        template=request.getfixturevalue("demo_database")) as url:
        yield url


@pytest.fixture
def broken_letter_template(tmp_path, monkeypatch):
    """A copy of the page templates where the letter's body has a block left open, as an
    edit might leave it; calling the fixture's value mends it (the real templates again)."""
    from forms_service.documents import render
    folder = tmp_path / "templates"
    shutil.copytree(render.TEMPLATES, folder)
    letter = folder / "documents" / "don_xin_vang.html"
    letter.write_text(letter.read_text(encoding="utf-8") + "\n{% if reason %}", encoding="utf-8")
    monkeypatch.setattr(render, "TEMPLATES", folder)
    render.environment.cache_clear()
    yield lambda: (monkeypatch.undo(), render.environment.cache_clear())
    render.environment.cache_clear()
