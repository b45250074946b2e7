"""The app on a PostgreSQL server that does not answer (nothing listens on its socket): the
pages say so in Vietnamese, with what was typed, and /healthz answers 503 in JSON. Checked
by the page checks of the test client; tests/reliability/test_database_down.py stops and
starts a real server."""
from __future__ import annotations

from forms_service import create_app

from ..conftest import CheckedClient, app_config


def test_an_unreachable_database_gets_the_not_saved_page_and_healthz_503(tmp_path):
    app = create_app(app_config(f"postgresql://nobody@/sotay213?host={tmp_path}", tmp_path))
    app.test_client_class = CheckedClient
    client = app.test_client()
    try:
        token = client.csrf_token("/dich-vu/dang-nhap")        # a page that reads nothing from the store
        page = client.post("/dich-vu/dang-nhap", data={"username": "nguyenvana", "password": "bí mật 2026",
                                                        "csrf_token": token})
        text = page.get_data(as_text=True)
        assert page.status_code == 503 and "Chưa lưu được vì hệ thống tạm thời không ghi được dữ liệu" in text
        assert "bí mật 2026" not in text and "nhập lại mật khẩu" in text    # a password is never written back
        health = client.get("/healthz")
        assert health.status_code == 503 and health.json["store"]["readable"] is False
        assert "Không kết nối được tới cơ sở dữ liệu" in health.json["message"]
    finally:
        app.extensions["repos"].close()
