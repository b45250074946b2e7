"""The schema's history (Alembic) on a real SQLite file and a real PostgreSQL: applied in
order, once, each revision in its own transaction; a broken one changes nothing; a store of
a newer code is refused."""
from __future__ import annotations

import shutil

import pytest
import sqlalchemy
from sqlalchemy import text

from forms_service.storage import require_current_schema
from forms_service.storage.sql.migrate import MIGRATIONS, MigrationError, migrate, pending, revision

from .at_once import run_at_once

TABLES = {"units", "members", "accounts", "meetings", "attendance", "letters", "comments", "introductions",
          "register_summaries", "audit", "counters", "kept_documents", "front_opinions", "reminders", "rule_switches",
          "tokens", "outbox", "render_queue", "health_probe", "alembic_version"}
SHIPPED = ["0001", "0002", "0003", "0004"]   # the revisions in versions/, oldest first
HEAD = SHIPPED[-1]


def tables(connect, url: str) -> set[str]:
    with connect(url) as connection:
        return set(sqlalchemy.inspect(connection).get_table_names())


def add_revision(folder, name: str, after: str, body: str) -> None:
    """A revision file of our own after `after`, whose upgrade() runs `body` (lines of op calls)."""
    (folder / "versions" / f"{name}.py").write_text(
        f'from alembic import op\nimport sqlalchemy as sa\n\nrevision = "{name}"\ndown_revision = "{after}"\n\n\n'
        f"def upgrade():\n" + "".join(f"    {line}\n" for line in body.splitlines()), encoding="utf-8")


@pytest.fixture
def history(tmp_path):
    """A copy of the shipped history, to add revisions to."""
    folder = tmp_path / "history"
    shutil.copytree(MIGRATIONS, folder, ignore=shutil.ignore_patterns("__pycache__"))
    return folder


def test_migrate_applies_the_history_and_records_its_head(empty_database, connect):
    assert migrate(empty_database) == SHIPPED
    assert revision(empty_database) == HEAD and pending(empty_database) == []
    assert tables(connect, empty_database) == TABLES
    require_current_schema(empty_database)   # does not refuse


def test_the_audit_trail_is_indexed_by_who_acted_and_by_what(migrated_database, connect):
    with connect(migrated_database) as connection:
        indexes = {i["name"]: i["column_names"][0] for i in sqlalchemy.inspect(connection).get_indexes("audit")}
    assert indexes.get("audit_actor") == "actor" and indexes.get("audit_target") == "target"


def test_running_again_applies_nothing(migrated_database, connect):
    assert migrate(migrated_database) == []
    assert tables(connect, migrated_database) == TABLES


def test_a_broken_revision_leaves_the_schema_as_it_was(empty_database, history, connect):
    migrate(empty_database, history)
    add_revision(history, "0901", HEAD, 'op.create_table("later_notes", sa.Column("id", sa.Text, primary_key=True))')
    # creates a table and an index, adds a column, then fails half-way
    add_revision(history, "0902", "0901", 'op.create_table("mail_log", sa.Column("id", sa.Integer, primary_key=True))\n'
                                          'op.create_index("letters_state", "letters", ["state"])\n'
                                          'op.add_column("letters", sa.Column("sent_by", sa.Text))\n'
                                          'op.execute("INSERT INTO no_such_table VALUES (1)")')
    add_revision(history, "0903", "0902", 'op.create_table("later", sa.Column("id", sa.Text, primary_key=True))')
    with pytest.raises(MigrationError) as failure:
        migrate(empty_database, history)
    message = str(failure.value)
    assert "Bản 0902 không áp dụng được" in message and "giữ nguyên" in message and "no_such_table" in message
    assert "đã áp dụng xong: 0901" in message      # says what did go through
    assert tables(connect, empty_database) == TABLES | {"later_notes"}
    assert revision(empty_database) == "0901"
    with connect(empty_database) as connection:
        inspector = sqlalchemy.inspect(connection)
        assert "sent_by" not in {c["name"] for c in inspector.get_columns("letters")}
        assert "letters_state" not in {i["name"] for i in inspector.get_indexes("letters")}
    # mended, the same run carries on from where it stopped
    add_revision(history, "0902", "0901", 'op.create_table("mail_log", sa.Column("id", sa.Integer, primary_key=True))')
    assert migrate(empty_database, history) == ["0902", "0903"]


def test_a_store_of_a_newer_code_is_refused(empty_database, history, connect):
    add_revision(history, "0901", HEAD, 'op.create_table("newer", sa.Column("id", sa.Text, primary_key=True))')
    migrate(empty_database, history)
    with pytest.raises(MigrationError, match="mã nguồn cũ hơn cơ sở dữ liệu"):
        migrate(empty_database)
    with pytest.raises(MigrationError, match="đang ở bản 0901 mà mã nguồn này không có"):
        require_current_schema(empty_database)
    with connect(empty_database) as connection:
        assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar_one() == "0901"


def test_a_store_behind_the_code_is_refused_until_migrated(empty_database, history):
    migrate(empty_database)
    add_revision(history, "0901", HEAD, 'op.create_table("newer", sa.Column("id", sa.Text, primary_key=True))')
    with pytest.raises(MigrationError, match="còn 1 bản chưa áp dụng \\(0901\\)"):
        require_current_schema(empty_database, history)
    migrate(empty_database, history)
    require_current_schema(empty_database, history)


def test_a_sqlite_file_that_is_not_there_is_refused_not_made(tmp_path):
    url = f"sqlite:///{tmp_path / 'mistyped.db'}"
    with pytest.raises(MigrationError, match="Không có tệp cơ sở dữ liệu SQLite .*mistyped.db"):
        require_current_schema(url)
    assert not (tmp_path / "mistyped.db").exists()


def test_an_unreachable_server_is_said_plainly(tmp_path):
    with pytest.raises(MigrationError, match="Không kết nối được tới cơ sở dữ liệu"):
        migrate(f"postgresql://nobody@/nothing?host={tmp_path}")


def test_two_servers_starting_together_apply_the_history_once(postgres_database):
    """PostgreSQL: several app servers may start at once (an advisory lock serialises them)."""
    outcomes, failures = run_at_once(2, lambda: migrate(postgres_database))
    assert failures == []
    assert sorted(outcomes, key=len) == [[], SHIPPED]
    assert revision(postgres_database) == HEAD
