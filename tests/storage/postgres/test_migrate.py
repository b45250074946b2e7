"""The schema's migrations on a real PostgreSQL (the throw-away cluster of the tests):
applied in order, once, each in its own transaction; a broken one changes nothing."""
from __future__ import annotations

import shutil

import psycopg
import pytest

from forms_service.storage.postgres.migrate import MIGRATIONS, MigrationError, migrate, read_migrations

from .at_once import run_at_once

TABLES = {"units", "members", "accounts", "meetings", "attendance", "letters", "comments", "introductions",
          "register_summaries", "audit", "counters", "kept_documents", "front_opinions", "reminders", "rule_switches",
          "tokens", "outbox", "render_queue", "schema_migrations"}


# the health probe's row, and the view of each meeting's attendance as its record gives it
TABLES_OF_THE_RECORDS_CHECK = {"health_probe", "attendance_in_meetings"}


def tables(url: str) -> set[str]:
    with psycopg.connect(url) as connection:
        return {name for (name,) in connection.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")}


def recorded(url: str) -> list[str]:
    with psycopg.connect(url) as connection:
        return [name for (name,) in connection.execute("SELECT name FROM schema_migrations ORDER BY version")]


def test_migrate_applies_every_migration_in_order_and_records_them(postgres_database):
    applied = migrate(postgres_database)
    shipped = [m.name for m in read_migrations()]
    assert [m.name for m in applied] == shipped
    assert shipped == sorted(shipped) and shipped[0].startswith("0001_")
    assert recorded(postgres_database) == shipped
    assert tables(postgres_database) == TABLES | TABLES_OF_THE_RECORDS_CHECK


def test_running_again_applies_nothing(postgres_database):
    migrate(postgres_database)
    with psycopg.connect(postgres_database) as connection:
        before = connection.execute("SELECT version, applied_at FROM schema_migrations ORDER BY version").fetchall()
    assert migrate(postgres_database) == []
    with psycopg.connect(postgres_database) as connection:
        assert connection.execute("SELECT version, applied_at FROM schema_migrations ORDER BY version").fetchall() \
            == before


def test_a_broken_migration_leaves_the_schema_as_it_was(postgres_database, tmp_path):
    folder = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS, folder)
    migrate(postgres_database, folder)
    (folder / "0901_new_table.sql").write_text("CREATE TABLE later_notes (id text PRIMARY KEY);\n", encoding="utf-8")
    # creates a table and an index, changes a column, then fails half-way
    (folder / "0902_broken.sql").write_text(
        "CREATE TABLE mail_log (id bigint PRIMARY KEY);\n"
        "CREATE INDEX letters_state ON letters (state);\n"
        "ALTER TABLE letters ADD COLUMN sent_by text;\n"
        "INSERT INTO no_such_table VALUES (1);\n", encoding="utf-8")
    (folder / "0903_after.sql").write_text("CREATE TABLE later (id text);\n", encoding="utf-8")
    with pytest.raises(MigrationError) as failure:
        migrate(postgres_database, folder)
    message = str(failure.value)
    assert "0902_broken.sql không áp dụng được" in message and "giữ nguyên" in message and "no_such_table" in message
    assert "0901_new_table.sql" in message      # says what did go through
    assert tables(postgres_database) == TABLES | TABLES_OF_THE_RECORDS_CHECK | {"later_notes"}
    assert recorded(postgres_database)[-1] == "0901_new_table.sql"
    with psycopg.connect(postgres_database) as connection:
        columns = {name for (name,) in connection.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'letters'")}
        indexes = {name for (name,) in connection.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'letters'")}
    assert "sent_by" not in columns and "letters_state" not in indexes
    # mended, the same run carries on from where it stopped
    (folder / "0902_broken.sql").write_text("CREATE TABLE mail_log (id bigint PRIMARY KEY);\n", encoding="utf-8")
    assert [m.name for m in migrate(postgres_database, folder)] == ["0902_broken.sql", "0903_after.sql"]


def test_an_applied_migration_that_was_edited_is_refused(postgres_database, tmp_path):
    folder = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS, folder)
    migrate(postgres_database, folder)
    first = sorted(folder.glob("0001_*.sql"))[0]
    first.write_text(first.read_text(encoding="utf-8") + "\nCREATE TABLE sneaked_in (id text);\n", encoding="utf-8")
    (folder / "0901_new.sql").write_text("CREATE TABLE new_one (id text);\n", encoding="utf-8")
    with pytest.raises(MigrationError, match="đã được sửa sau khi áp dụng"):
        migrate(postgres_database, folder)
    assert "new_one" not in tables(postgres_database)


def test_a_database_newer_than_the_code_is_refused(postgres_database, tmp_path):
    folder = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS, folder)
    (folder / "0901_newer.sql").write_text("CREATE TABLE newer (id text);\n", encoding="utf-8")
    migrate(postgres_database, folder)
    with pytest.raises(MigrationError, match="mã nguồn cũ hơn cơ sở dữ liệu"):
        migrate(postgres_database)


@pytest.mark.parametrize("names", [["1_short.sql"], ["0001_a.sql", "0001_b.sql"], ["0001_Hoa.sql"]])
def test_badly_named_migrations_are_refused_before_anything_runs(postgres_database, tmp_path, names):
    for name in names:
        (tmp_path / name).write_text("CREATE TABLE should_not_exist (id text);\n", encoding="utf-8")
    with pytest.raises(MigrationError, match="chưa áp dụng gì"):
        migrate(postgres_database, tmp_path)
    assert "should_not_exist" not in tables(postgres_database)


def test_an_unreachable_server_is_said_plainly(tmp_path):
    with pytest.raises(MigrationError, match="Không kết nối được tới cơ sở dữ liệu PostgreSQL"):
        migrate(f"postgresql://nobody@/nothing?host={tmp_path}")


def test_two_servers_starting_together_apply_each_migration_once(postgres_database):
    outcomes, failures = run_at_once(2, lambda: [m.name for m in migrate(postgres_database)])
    assert failures == []
    assert sorted(outcomes, key=len) == [[], [m.name for m in read_migrations()]]
    assert recorded(postgres_database) == [m.name for m in read_migrations()]
