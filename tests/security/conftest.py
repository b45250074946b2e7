"""Security tests: clients without the page checks (these tests judge status codes and
headers; the page checks run in the journeys' own tests), and the demo accounts."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from forms_service import create_app
from tests.conftest import DEMO_PASSWORD, SITE_DIR

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


def crawl_app(demo_store: Path, folder: Path, secret: str):
    """An app on a copy of the demo store in `folder`, for a module that crawls it once."""
    shutil.copytree(demo_store, folder / "data")
    return create_app({"SECRET_KEY": secret, "TESTING": True, "DATA_DIR": str(folder / "data"),
                       "SITE_DIR": str(SITE_DIR), "PUBLIC_URL": "http://sotay.test", "INSTANCE": str(folder),
                       "SMTP_HOST": "", "SMTP_PORT": 25, "SMTP_FROM": "sotay213@localhost",
                       "SESSION_COOKIE_SECURE": False})
