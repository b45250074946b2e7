"""`python -m forms_service migrate`, run as an operator runs it, against a real PostgreSQL."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys

import psycopg

from forms_service.storage.postgres.migrate import MIGRATIONS, read_migrations


def migrate_command(url: str | None, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "SOTAY_DATABASE_URL"}
    if url is not None:
        env["SOTAY_DATABASE_URL"] = url
    return subprocess.run([sys.executable, "-m", "forms_service", "migrate", *args], env=env,
                          capture_output=True, text=True, timeout=120)


def test_migrate_brings_the_schema_up_to_date_then_has_nothing_to_do(postgres_database):
    first = migrate_command(postgres_database)
    assert first.returncode == 0, first.stderr
    for migration in read_migrations():
        assert f"Đã áp dụng {migration.name}" in first.stdout
    again = migrate_command(postgres_database)
    assert again.returncode == 0 and "không có bản nào mới" in again.stdout
    assert "Đã áp dụng" not in again.stdout


def test_a_failed_migration_is_reported_and_changes_nothing(postgres_database, tmp_path):
    folder = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS, folder)
    (folder / "0901_broken.sql").write_text("ALTER TABLE letters ADD COLUMN urgent boolean;\n"
                                            "ALTER TABLE letters ALTER COLUMN nothing_here SET NOT NULL;\n",
                                            encoding="utf-8")
    done = migrate_command(postgres_database, "--migrations", str(folder))
    assert done.returncode == 1
    assert "Bản 0901_broken.sql không áp dụng được, nên cơ sở dữ liệu vẫn giữ nguyên như trước bản này." in done.stderr
    assert "nothing_here" in done.stderr and "Traceback" not in done.stderr
    with psycopg.connect(postgres_database) as connection:
        columns = {name for (name,) in connection.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'letters'")}
        versions = [v for (v,) in connection.execute("SELECT version FROM schema_migrations ORDER BY version")]
    assert "urgent" not in columns and "code" in columns
    assert versions == [m.version for m in read_migrations()]


def test_without_a_database_url_it_says_what_is_missing():
    done = migrate_command(None)
    assert done.returncode == 2 and "Chưa đặt SOTAY_DATABASE_URL" in done.stderr


def test_an_unreachable_database_is_said_plainly(tmp_path):
    done = migrate_command(f"postgresql://nobody@/nothing?host={tmp_path}")
    assert done.returncode == 1
    assert "Không kết nối được tới cơ sở dữ liệu PostgreSQL" in done.stderr and "Traceback" not in done.stderr
