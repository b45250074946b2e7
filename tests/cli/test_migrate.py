"""`python -m forms_service migrate`, run as an operator runs it, against a real SQLite file
and a real PostgreSQL."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest
import sqlalchemy

from forms_service.storage.sql.dialect import database_url
from forms_service.storage.sql.migrate import MIGRATIONS, pending, revision

from ..conftest import sqlite_url


def migrate_command(url: str | None, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "SOTAY_DATABASE_URL"}
    if url is not None:
        env["SOTAY_DATABASE_URL"] = url
    return subprocess.run([sys.executable, "-m", "forms_service", "migrate", *args], env=env,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture(params=["sqlite", "postgres"])
def database(request, tmp_path) -> str:
    if request.param == "sqlite":
        return sqlite_url(tmp_path)     # not made yet: migrate makes the file
    return request.getfixturevalue("postgres_database")


def test_migrate_brings_the_schema_up_to_date_then_has_nothing_to_do(database):
    shipped = pending(database, create=True)
    first = migrate_command(database)
    assert first.returncode == 0, first.stderr
    for name in shipped:
        assert f"Đã áp dụng bản {name}" in first.stdout
    again = migrate_command(database)
    assert again.returncode == 0 and "không có bản nào mới" in again.stdout
    assert "Đã áp dụng" not in again.stdout


def test_a_failed_migration_is_reported_and_changes_nothing(database, tmp_path):
    folder = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS, folder, ignore=shutil.ignore_patterns("__pycache__"))
    (folder / "versions" / "0901_broken.py").write_text(
        'from alembic import op\nimport sqlalchemy as sa\n\nrevision = "0901"\ndown_revision = "0004"\n\n\n'
        'def upgrade():\n    op.add_column("letters", sa.Column("urgent", sa.Boolean))\n'
        '    op.execute("UPDATE nothing_here SET x = 1")\n', encoding="utf-8")
    done = migrate_command(database, "--migrations", str(folder))
    assert done.returncode == 1
    assert "Bản 0901 không áp dụng được, nên cơ sở dữ liệu vẫn giữ nguyên như trước bản này." in done.stderr
    assert "nothing_here" in done.stderr and "Traceback" not in done.stderr
    engine = sqlalchemy.create_engine(database_url(database))
    try:
        with engine.connect() as connection:
            columns = {column["name"] for column in sqlalchemy.inspect(connection).get_columns("letters")}
    finally:
        engine.dispose()
    assert "urgent" not in columns and "code" in columns
    assert revision(database) == "0004"


def test_without_a_database_url_it_says_what_is_missing():
    done = migrate_command(None)
    assert done.returncode == 2 and "Chưa đặt SOTAY_DATABASE_URL" in done.stderr


def test_an_unreachable_database_is_said_plainly(tmp_path):
    done = migrate_command(f"postgresql://nobody@/nothing?host={tmp_path}")
    assert done.returncode == 1
    assert "Không kết nối được tới cơ sở dữ liệu PostgreSQL" in done.stderr and "Traceback" not in done.stderr
    in_no_folder = migrate_command(f"sqlite:///{tmp_path / 'khong-co' / 'store.db'}")
    assert in_no_folder.returncode == 1
    assert "Không kết nối được tới cơ sở dữ liệu SQLite" in in_no_folder.stderr
    assert "Traceback" not in in_no_folder.stderr
