"""A SQL store that is missing, locked or of a newer schema: /healthz answers 503 saying why in
Vietnamese, a page that writes gets the "not saved" page, nothing is written, and the
commands refuse with the same words. (A full disk: tests/storage/sql/test_failures_on_sql.py
and tests/reliability/test_disk_full.py; a server that stops: tests/reliability/test_database_down.py.)"""
from __future__ import annotations

import sqlite3
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from forms_service import create_app
from forms_service.storage import open_store

from ..cli.test_backup import command
from ..conftest import CheckedClient, app_config, sqlite_url

NOT_SAVED = "Chưa lưu được vì hệ thống tạm thời không ghi được dữ liệu"


def client_on(location: str, tmp_path: Path):
    app = create_app(app_config(location, tmp_path))
    app.test_client_class = CheckedClient
    return app, app.test_client()


def sign_in_refused(client) -> None:
    token = client.csrf_token("/dich-vu/dang-nhap")
    page = client.post("/dich-vu/dang-nhap", data={"username": "dangvien", "password": "mật khẩu dài 2026",
                                                    "csrf_token": token})
    assert page.status_code == 503 and NOT_SAVED in page.get_data(as_text=True)


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_a_missing_database_is_said_and_nothing_is_made(backend, tmp_path, request):
    if backend == "sqlite":
        location, said = sqlite_url(tmp_path / "khong-co"), "Không có tệp cơ sở dữ liệu SQLite"
    else:
        url = request.getfixturevalue("postgres_url")
        location, said = urlunsplit(urlsplit(url)._replace(path="/khong_co_csdl_nay")), "không có cơ sở dữ liệu nào"
    app, client = client_on(location, tmp_path)
    try:
        health = client.get("/healthz")
        assert health.status_code == 503 and said in health.json["message"]
        sign_in_refused(client)
    finally:
        app.extensions["repos"].close()
    assert not (tmp_path / "khong-co").exists()
    refused = command(location, tmp_path, "check")
    assert refused.returncode == 2 and said in refused.stderr and "Traceback" not in refused.stderr


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_a_schema_of_a_newer_code_takes_the_server_out_of_service(demo_location, tmp_path):
    """Another release migrated the database while this one serves it."""
    app, client = client_on(demo_location, tmp_path)
    repos = app.extensions["repos"]
    try:
        assert client.get("/healthz").status_code == 200
        repos.db.run("UPDATE alembic_version SET version_num = '0901'")
        health = client.get("/healthz")
        assert health.status_code == 503 and "đang ở bản 0901 mà mã nguồn này không có" in health.json["message"]
    finally:
        repos.close()
    for args in (["check"], ["demo-reset"], ["render"]):
        refused = command(demo_location, tmp_path, *args)
        assert refused.returncode == 2 and "Traceback" not in refused.stderr, refused.stderr
        assert "mã nguồn này không có" in refused.stderr


@pytest.mark.parametrize("backend", ["sqlite"])
def test_a_sqlite_file_locked_by_another_writer_is_said(demo_location, tmp_path):
    app, client = client_on(demo_location, tmp_path)
    holder = sqlite3.connect(demo_location[len("sqlite:///"):], isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")   # a stuck writer holds the lock past the busy timeout
        health = client.get("/healthz")
        assert health.status_code == 503 and health.json["store"]["readable"] is True
        assert "Cơ sở dữ liệu SQLite đang bị khóa" in health.json["message"]
        holder.execute("ROLLBACK")
        assert client.get("/healthz").status_code == 200
    finally:
        holder.close()
        app.extensions["repos"].close()
    repos = open_store(demo_location)
    try:
        assert repos.check_health() == {"readable": True, "writable": True}
    finally:
        repos.close()
