"""What the SQL store sends for one statement outside a unit of work, on SQLite and PostgreSQL:
a read alone is the statement alone (it is its own transaction on both engines), not BEGIN, the
statement and COMMIT; a write alone on SQLite still takes the write lock at its start."""
from __future__ import annotations

import pytest
from sqlalchemy import event

from forms_service.storage import open_store


@pytest.fixture
def store(migrated_database):
    opened = open_store(migrated_database)
    yield opened
    opened.close()


def sent(store, work) -> list[str]:
    """The statements and commits `work()` sends to the database, in order."""
    seen = []

    def statement(_connection, _cursor, text, _parameters, _context, _many):
        seen.append(text.split()[0].upper())

    def commit(_connection):
        seen.append("COMMIT")
    engine = store.db.engine
    event.listen(engine, "before_cursor_execute", statement)
    event.listen(engine, "commit", commit)
    try:
        work()
    finally:
        event.remove(engine, "before_cursor_execute", statement)
        event.remove(engine, "commit", commit)
    return seen


def test_a_read_alone_is_one_statement(store):
    store.letters.get("VS-2026-00001")       # the connection is made and set up before counting
    assert sent(store, lambda: store.letters.get("VS-2026-00001")) == ["SELECT"]
    assert sent(store, lambda: store.letters.count_waiting_for_cell("chi-bo-khom-1")) == ["SELECT"]


def test_a_write_alone_on_sqlite_still_takes_the_lock_first(store, engine_name):
    store.db.run("DELETE FROM tokens WHERE token = 'none'")
    steps = sent(store, lambda: store.db.run("DELETE FROM tokens WHERE token = 'none'"))
    assert steps == (["BEGIN", "DELETE", "COMMIT"] if engine_name == "sqlite" else ["DELETE"])


def test_a_read_alone_sees_what_was_saved_before_it(store):
    with store.transaction():
        store.db.run("INSERT INTO tokens (token, result) VALUES ('t-1', 'VS-2026-00001')")
    assert store.tokens.used("t-1") == "VS-2026-00001"
    with store.transaction():
        store.db.run("DELETE FROM tokens WHERE token = 't-1'")
    assert store.tokens.used("t-1") is None
