"""What the SQL store sends to the database, on SQLite and PostgreSQL: a read alone is the
statement alone (it is its own transaction on both engines), not BEGIN, the statement and
COMMIT; a write alone on SQLite still takes the write lock at its start; and within one
request of the web (`for_one_request`, which the app factory's request hooks open) the
connection is lent and pinged once, not once for each statement."""
from __future__ import annotations

import threading

import pytest
from sqlalchemy import event

from forms_service.storage import StoreError, open_store

from ...conftest import CheckedClient, app_config


@pytest.fixture
def store(migrated_database):
    opened = open_store(migrated_database)
    yield opened
    opened.close()


def _driver_in_transaction(dbapi_connection) -> bool:
    info = getattr(dbapi_connection, "info", None)
    if info is not None and hasattr(info, "transaction_status"):       # psycopg
        return info.transaction_status != 0                              # 0: IDLE
    return dbapi_connection.in_transaction                               # sqlite3


def sent(engine, work) -> list[str]:
    """What `work()` makes the driver send, in order: PING for each connection lent by the pool
    (the engine pings before lending), the first word of each statement, BEGIN where the driver
    opens a transaction by itself (psycopg; on SQLite the store says BEGIN, a statement), and
    COMMIT where there was a transaction to commit (a commit of nothing sends nothing)."""
    seen = []

    def lent(_dbapi_connection, _record, _proxy):
        seen.append("PING")

    def statement(_connection, _cursor, text, _parameters, _context, _many):
        seen.append(text.split()[0].upper())

    def begin(connection):
        dbapi_connection = connection.connection.dbapi_connection
        if hasattr(dbapi_connection, "autocommit") and not dbapi_connection.autocommit:
            seen.append("BEGIN")

    def commit(connection):
        if _driver_in_transaction(connection.connection.dbapi_connection):
            seen.append("COMMIT")
    listeners = [("checkout", lent), ("before_cursor_execute", statement), ("begin", begin), ("commit", commit)]
    for name, listener in listeners:
        event.listen(engine, name, listener)
    try:
        work()
    finally:
        for name, listener in listeners:
            event.remove(engine, name, listener)
    return seen


def a_request(store):
    """Three reads, a unit of work writing one row, and a read: the shape of the letter's send."""
    with store.for_one_request():
        store.letters.get("VS-2026-00001")
        store.tokens.used("t-1")
        store.letters.count_waiting_for_cell("chi-bo-khom-1")
        with store.transaction():
            store.db.run("INSERT INTO tokens (token, result) VALUES ('t-1', 'VS-2026-00001')")
        assert store.tokens.used("t-1") == "VS-2026-00001"


def test_a_read_alone_is_one_statement(store):
    store.letters.get("VS-2026-00001")       # the connection is made and set up before counting
    assert sent(store.db.engine, lambda: store.letters.get("VS-2026-00001")) == ["PING", "SELECT"]
    assert sent(store.db.engine, lambda: store.letters.count_waiting_for_cell("chi-bo-khom-1")) == ["PING", "SELECT"]


def test_a_write_alone_on_sqlite_still_takes_the_lock_first(store, engine_name):
    store.db.run("DELETE FROM tokens WHERE token = 'none'")
    steps = sent(store.db.engine, lambda: store.db.run("DELETE FROM tokens WHERE token = 'none'"))
    assert steps == (["PING", "BEGIN", "DELETE", "COMMIT"] if engine_name == "sqlite" else ["PING", "DELETE"])


def test_a_request_lends_its_connection_once(store):
    store.letters.get("VS-2026-00001")
    steps = sent(store.db.engine, lambda: a_request(store))
    assert steps == ["PING", "SELECT", "SELECT", "SELECT", "BEGIN", "INSERT", "COMMIT", "SELECT"]
    assert store.db.engine.pool.checkedout() == 0       # given back at the end of the request


def test_without_a_request_each_statement_is_lent_and_pinged(store):
    store.letters.get("VS-2026-00001")
    steps = sent(store.db.engine, lambda: [store.letters.get("VS-2026-00001"), store.tokens.used("t-1")])
    assert steps == ["PING", "SELECT", "PING", "SELECT"]


def test_a_failed_statement_gives_the_connection_back_and_the_request_goes_on(store):
    with store.for_one_request():
        store.letters.get("VS-2026-00001")
        with pytest.raises(StoreError):
            store.db.run("INSERT INTO no_such_table (x) VALUES (1)")
        assert store.db.engine.pool.checkedout() == 0    # not used again: it may be broken
        steps = sent(store.db.engine, lambda: store.tokens.used("t-1"))
        assert steps == ["PING", "SELECT"]              # a new one, lent and pinged
    assert store.db.engine.pool.checkedout() == 0


def test_a_unit_of_work_that_fails_inside_a_request_saves_nothing(store):
    with store.for_one_request():
        with pytest.raises(RuntimeError):
            with store.transaction():
                store.db.run("INSERT INTO tokens (token, result) VALUES ('t-2', 'VS-2026-00002')")
                raise RuntimeError("the service changed its mind")
        assert store.tokens.used("t-2") is None
        with store.transaction():
            store.db.run("INSERT INTO tokens (token, result) VALUES ('t-2', 'VS-2026-00003')")
        assert store.tokens.used("t-2") == "VS-2026-00003"
    assert store.db.engine.pool.checkedout() == 0


def test_each_thread_holds_its_own_connection(store):
    """gunicorn's threads (if ever configured) serve requests side by side: each has its own."""
    reading, done, seen = threading.Barrier(2), threading.Event(), []

    def request():
        with store.for_one_request():
            seen.append(store.tokens.used("t-1"))
            reading.wait(timeout=10)
            done.wait(timeout=10)

    worker = threading.Thread(target=request)
    worker.start()
    with store.for_one_request():
        store.tokens.used("t-1")
        reading.wait(timeout=10)
        assert store.db.engine.pool.checkedout() == 2
        with store.transaction():
            store.db.run("INSERT INTO tokens (token, result) VALUES ('t-1', 'VS-2026-00001')")
        done.set()
    worker.join(timeout=10)
    assert seen == [None] and store.db.engine.pool.checkedout() == 0
    assert store.tokens.used("t-1") == "VS-2026-00001"


@pytest.mark.calendar
@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_a_page_of_the_app_lends_one_connection(demo_location, tmp_path, backend):
    """Through the app factory's request hooks: the sign-in (the account, the sessions table,
    the audit line) lends one connection, and gives it back when the request ends."""
    from forms_service import create_app
    app = create_app(app_config(demo_location, tmp_path))
    app.test_client_class = CheckedClient
    client = app.test_client()
    engine = app.extensions["repos"].db.engine
    try:
        client.sign_in("dangvien")
        steps = sent(engine, lambda: client.get("/dich-vu/"))
        assert steps.count("PING") == 1 and steps.count("SELECT") >= 2
        assert engine.pool.checkedout() == 0
    finally:
        app.extensions["repos"].close()
