"""Security tests: clients without the page checks (these tests judge status codes and
headers; the page checks run in the journeys' own tests), and the demo accounts."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from forms_service import create_app
from tests.conftest import DEMO_PASSWORD, app_config

DEMO_USERS = ["dangvien", "dangvien2", "bithu", "bithu2", "bithu3", "bithu4", "capuy", "capuy2", "capuy3",
              "xaphuong", "xaphuong2", "mattran", "quantri"]
TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


class PlainClient(FlaskClient):
    def token(self) -> str:
        match = TOKEN.search(self.get("/dich-vu/dang-nhap").get_data(as_text=True))
        assert match, "no CSRF token on the sign-in page"
        return match.group(1)

    def sign_in_as(self, username: str, password: str = DEMO_PASSWORD) -> None:
        response = self.post("/dich-vu/dang-nhap", data={"username": username, "password": password,
                                                         "csrf_token": self.token()})
        assert response.status_code == 302, f"sign-in as {username} failed"


@pytest.fixture
def plain_client(app) -> PlainClient:
    return PlainClient(app, app.response_class, use_cookies=True)


def crawl_app(location: str, instance: Path, secret: str):
    """An app on the store at `location` (a folder or a database URL), for a module that crawls it once."""
    return create_app(app_config(location, instance) | {"SECRET_KEY": secret})


def demo_copy(demo_store: Path, folder: Path) -> str:
    """A copy of the demo store (TinyDB) in `folder`."""
    return str(shutil.copytree(demo_store, folder / "data"))
