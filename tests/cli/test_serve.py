"""`python -m forms_service serve` (what `make run` ends with): gunicorn answers on
HOST:PORT with the worker beside it, and Ctrl-C stops both cleanly."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request

import pytest

from forms_service.config import PROJECT_ROOT


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def stop(server: subprocess.Popen) -> int:
    """Ctrl-C, as a person stops `serve`; killed if it has not stopped within 20 s. Its exit status."""
    if server.poll() is None:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    return server.returncode


def test_serve_answers_and_stops_on_ctrl_c(data_dir, tmp_path):
    port = _free_port()
    env = {**os.environ, "SOTAY_DATA_DIR": str(data_dir), "SOTAY_INSTANCE": str(tmp_path),
           "SOTAY_SITE_DIR": str(PROJECT_ROOT / "site"), "HOST": "127.0.0.1", "PORT": str(port)}
    server = subprocess.Popen([sys.executable, "-m", "forms_service", "serve"], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    lines: list[str] = []   # read as they come, so the test can wait for the worker's first line
    reader = threading.Thread(target=lambda: lines.extend(line.decode("utf-8") for line in server.stdout))
    reader.start()
    try:
        body = None
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                    body = json.loads(response.read())
                    break
            except OSError:
                time.sleep(0.2)
        assert body and body["status"] == "ok"
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/dich-vu/dang-nhap", timeout=5) as response:
            assert "Đăng nhập" in response.read().decode("utf-8")
        # the worker starts beside gunicorn, in its own process: stopped before it is up, it would say nothing
        for _ in range(300):
            if any("worker started" in line for line in lines):
                break
            time.sleep(0.2)
        assert stop(server) == 0
        reader.join(timeout=20)
        output = "".join(lines)
        assert "Bộ xử lý nền" in output and "worker stopped" in output   # started beside it, stopped with it
    finally:
        stop(server)
        reader.join(timeout=20)


def test_workers_are_recycled_with_jitter_in_serve_and_in_deploy():
    import runpy

    from forms_service.cli import MAX_REQUESTS, MAX_REQUESTS_JITTER, gunicorn_arguments

    arguments = gunicorn_arguments("127.0.0.1", "8000", "2")
    assert arguments[arguments.index("--max-requests") + 1] == str(MAX_REQUESTS)
    assert arguments[arguments.index("--max-requests-jitter") + 1] == str(MAX_REQUESTS_JITTER)
    deploy = runpy.run_path(str(PROJECT_ROOT / "deploy" / "gunicorn.conf.py"))
    assert deploy["max_requests"] == MAX_REQUESTS and deploy["max_requests_jitter"] == MAX_REQUESTS_JITTER
    assert 0 < MAX_REQUESTS_JITTER < MAX_REQUESTS


def test_serve_starts_on_a_store_whose_writer_was_killed_before_its_rename(data_dir, tmp_path):
    from forms_service.storage import open_store
    from tests.reliability.test_crash_at_every_step import _run

    crashed = _run(data_dir, "letter", crash_after=1)  # killed with the new file written beside the old one
    assert crashed.returncode == -9
    assert list(data_dir.glob(".store.json.*.tmp")), "the new file was written, not yet in place"
    port = _free_port()
    env = {**os.environ, "SOTAY_DATA_DIR": str(data_dir), "SOTAY_INSTANCE": str(tmp_path),
           "SOTAY_SITE_DIR": str(PROJECT_ROOT / "site"), "HOST": "127.0.0.1", "PORT": str(port)}
    server = subprocess.Popen([sys.executable, "-m", "forms_service", "serve"], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        said = [server.stdout.readline()]
        while said[-1] and "Sổ tay 213: http://" not in said[-1]:
            said.append(server.stdout.readline())
        assert "Sổ tay 213: http://" in said[-1], said   # it starts: the file left beside it is no obstacle
        repos = open_store(data_dir)
        assert repos.tokens.used("token-of-a-crash") is None   # the change is absent, whole
        repos.audit.record("quantri", "kiem_thu")               # the next change puts the old file aside
        assert not list(data_dir.glob(".store.json.*.tmp"))
    finally:
        stop(server)


def test_serve_refuses_a_database_behind_its_code_or_of_a_newer_code(postgres_database, tmp_path):
    import shutil

    from forms_service.storage import migrate_database
    from forms_service.storage.sql.migrate import MIGRATIONS

    newer = tmp_path / "newer-release"    # this code's history and one revision more: the database lags behind
    shutil.copytree(MIGRATIONS, newer, ignore=shutil.ignore_patterns("__pycache__"))
    migrate_database(postgres_database)
    (newer / "versions" / "0901_newer.py").write_text(
        'from alembic import op\nimport sqlalchemy as sa\n\nrevision = "0901"\ndown_revision = "0004"\n\n\n'
        'def upgrade():\n    op.create_table("newer", sa.Column("id", sa.Text, primary_key=True))\n',
        encoding="utf-8")
    from forms_service.storage import MigrationError, require_current_schema
    with pytest.raises(MigrationError, match="còn 1 bản chưa áp dụng"):
        require_current_schema(postgres_database, newer)
    migrate_database(postgres_database, newer)   # and now the code (the shipped history) is the older one
    env = {**os.environ, "SOTAY_DATABASE_URL": postgres_database, "SOTAY_INSTANCE": str(tmp_path),
           "SOTAY_SECRET_KEY": "test", "PORT": str(_free_port())}
    refused = subprocess.run([sys.executable, "-m", "forms_service", "serve"], env=env, capture_output=True,
                             text=True, timeout=60)
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert "đang ở bản 0901 mà mã nguồn này không có" in refused.stderr
    assert "Sổ tay 213: http://" not in refused.stdout       # gunicorn was never started


def test_serve_on_a_database_that_was_never_migrated_says_to_migrate(postgres_database, tmp_path):
    env = {**os.environ, "SOTAY_DATABASE_URL": postgres_database, "SOTAY_INSTANCE": str(tmp_path),
           "SOTAY_SECRET_KEY": "test", "PORT": str(_free_port())}
    refused = subprocess.run([sys.executable, "-m", "forms_service", "serve"], env=env, capture_output=True,
                             text=True, timeout=60)
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert "Cơ sở dữ liệu chưa được cập nhật: còn 4 bản chưa áp dụng (0001, 0002, 0003, 0004)" in refused.stderr
    assert "python -m forms_service migrate" in refused.stderr
    assert "Sổ tay 213: http://" not in refused.stdout


def test_serve_on_an_unreachable_database_says_so(tmp_path):
    env = {**os.environ, "SOTAY_DATABASE_URL": f"postgresql://nobody@/nothing?host={tmp_path}",
           "SOTAY_INSTANCE": str(tmp_path), "SOTAY_SECRET_KEY": "test", "PORT": str(_free_port())}
    refused = subprocess.run([sys.executable, "-m", "forms_service", "serve"], env=env, capture_output=True,
                             text=True, timeout=60)
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert "Không kết nối được tới cơ sở dữ liệu PostgreSQL" in refused.stderr
