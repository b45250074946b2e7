"""Connections and units of work on SQLite or PostgreSQL, through SQLAlchemy Core.

One engine per process (made at first use, and again after a fork, so that gunicorn's
workers never share a connection with the master), with a pool that pings a connection
before lending it. A unit of work is one database transaction on one connection, kept per
thread: a repository call inside `with database.transaction():` runs on that connection, one
outside it runs in a transaction of its own. A transaction inside another one is part of the
outer one, as the contract says.

A request of the web may hold one connection for its whole length (`for_one_request`, opened and
closed by the app factory's request hooks): its statements alone and its unit of work then run
on that one connection, lent and pinged once, instead of a checkout and a ping (a round trip on
PostgreSQL) before each statement. Between statements it holds no transaction (autocommit), so
it keeps no snapshot or lock; it goes back to the pool at the end of the request, or at once
after a statement or unit that failed (a connection the server dropped is never used again:
the next one is lent and pinged anew).

SQLite (the standard library's driver) is put in the mode SQLAlchemy's documentation gives
for it: the driver's own transaction handling off (`isolation_level=None`), and each unit of
work opened with `BEGIN IMMEDIATE`, so it takes the one write lock of the file at its start
and two units never fail half-way on each other's lock; a read alone opens a plain `BEGIN`
and, in WAL mode, is never blocked by a writer. Every connection gets WAL,
`synchronous=FULL` (a saved change survives a power cut), a busy timeout and foreign keys.

Failures become StoreError with a message a person can read, and say which of three it is:
the database cannot be reached; a write conflicted with another (a deadlock or a
serialization failure on PostgreSQL, tried again once where it is safe: `retrying`); SQLite's
file stayed locked by another writer beyond the busy timeout.
"""
from __future__ import annotations

import os
import threading
from contextlib import contextmanager
from functools import lru_cache
from typing import Any, Callable, Iterator, TypeVar

import sqlalchemy
from sqlalchemy import bindparam, event, text
from sqlalchemy.engine import Connection, Engine

from ..contract import StoreError
from . import dialect as sql_dialect

T = TypeVar("T")

UNAVAILABLE = "Không kết nối được tới cơ sở dữ liệu"
CONFLICT = ("Xung đột khi ghi vào cơ sở dữ liệu ({kind}) với một thay đổi khác cùng lúc; đã thử lại một lần mà "
            "vẫn không được, nên chưa lưu gì. Xin gửi lại sau ít phút")
CONFLICT_INSIDE = ("Xung đột khi ghi vào cơ sở dữ liệu ({kind}) với một thay đổi khác cùng lúc, nên chưa lưu gì. "
                   "Xin gửi lại")
LOCKED = ("Cơ sở dữ liệu SQLite đang bị khóa bởi một tiến trình khác quá {seconds} giây, nên chưa lưu gì. "
          "Xin thử lại sau ít phút")
FAILED = "Cơ sở dữ liệu báo lỗi, nên chưa lưu gì"
MISSING_FILE = ("Không có tệp cơ sở dữ liệu SQLite {path}: hãy xem lại SOTAY_DATABASE_URL (kho mới thì tạo bằng "
                "`python -m forms_service migrate`)")
MISSING_DATABASE = ("Máy chủ PostgreSQL không có cơ sở dữ liệu nào tên {name}: hãy xem lại SOTAY_DATABASE_URL (kho mới "
                    "thì tạo cơ sở dữ liệu đó, ví dụ bằng createdb, rồi chạy `python -m forms_service migrate`)")
FULL = "Ổ đĩa của cơ sở dữ liệu đã đầy, nên chưa lưu gì. Xin báo quản trị hệ thống giải phóng chỗ trống"
BUSY_TIMEOUT_S = 5        # a writer waits this long for SQLite's write lock before saying it is locked
POOL_TIMEOUT_S = 5        # a page waits this long for a connection before saying it cannot save
CONNECT_TIMEOUT_S = 5
# what a connection is set for (Database._connection)
ALONE, UNIT, READ = "alone", "unit", "read"


class ConflictError(StoreError):
    """A write conflicted with a concurrent one (deadlock, serialization failure): nothing was saved."""

    def __init__(self, message: str, kind: str):
        super().__init__(message)
        self.kind = kind


def _reason(error: BaseException) -> str:
    original = getattr(error, "orig", None) or error
    return str(original).strip().splitlines()[0] if str(original).strip() else type(original).__name__


class Database:
    def __init__(self, url: str, max_connections: int = 8, create: bool = False):
        self.url = url
        self.dialect = sql_dialect.SQLITE if url.startswith("sqlite") else sql_dialect.POSTGRESQL
        self.max_connections = max_connections
        self.create = create
        self._engine: Engine | None = None
        self._engine_pid = 0
        self._engine_lock = threading.Lock()
        self._local = threading.local()

    # --- the engine --------------------------------------------------------------

    @property
    def engine(self) -> Engine:
        if self._engine is None or self._engine_pid != os.getpid():
            with self._engine_lock:
                if self._engine is None or self._engine_pid != os.getpid():
                    if self._engine is not None:
                        self._engine.dispose(close=False)   # the parent's connections stay the parent's
                    self._engine = self._make_engine()
                    self._engine_pid = os.getpid()
        return self._engine

    def _make_engine(self) -> Engine:
        if self.dialect == sql_dialect.POSTGRESQL:
            return sqlalchemy.create_engine(
                sql_dialect.database_url(self.url), pool_pre_ping=True, pool_size=self.max_connections,
                max_overflow=0, pool_timeout=POOL_TIMEOUT_S, connect_args={"connect_timeout": CONNECT_TIMEOUT_S})
        engine = sqlalchemy.create_engine(self._sqlite_url(), pool_pre_ping=True,
                                          connect_args={"timeout": BUSY_TIMEOUT_S, "check_same_thread": False})
        event.listen(engine, "connect", _sqlite_connected)
        event.listen(engine, "begin", _sqlite_begin)
        return engine

    def _sqlite_url(self) -> str:
        """The file must exist unless this is `migrate`, which makes it: a mistyped path must not
        quietly start an empty store."""
        path = self.url[len("sqlite:///"):]
        if self.create or not path or path == ":memory:":
            return self.url
        return f"sqlite:///file:{path}?mode=rw&uri=true"

    def close(self) -> None:
        if self._engine is not None and self._engine_pid == os.getpid():
            self._engine.dispose()
        self._engine = None

    # --- the connection lent for one request ---------------------------------------

    @contextmanager
    def for_one_request(self) -> Iterator[None]:
        """Inside, this thread's statements and units of work share one connection, lent at the
        first one and given back at the end (see the module's docstring)."""
        if getattr(self._local, "one_request", False):
            yield
            return
        self._local.one_request = True
        try:
            yield
        finally:
            self._local.one_request = False
            self._give_back()

    def _give_back(self) -> None:
        held, self._local.held = getattr(self._local, "held", None), None
        if held is not None:
            try:
                held.close()
            except sqlalchemy.exc.SQLAlchemyError:
                pass   # a connection the server dropped: the pool makes a new one when asked

    @contextmanager
    def _connection(self, mode: str) -> Iterator[Connection]:
        """A connection set for `mode`: ALONE (a statement that is its own transaction), UNIT (a
        unit of work: BEGIN IMMEDIATE on SQLite) or READ (a read transaction). This request's
        connection inside `for_one_request`, otherwise one lent for the block."""
        if not getattr(self._local, "one_request", False):
            try:
                with self.engine.connect() as connection:
                    yield self._set_for(connection, mode)
            except sqlalchemy.exc.TimeoutError as error:
                raise StoreError(f"{UNAVAILABLE}: {_reason(error)}") from error
            return
        held = getattr(self._local, "held", None)
        if held is None:
            try:
                held = self.engine.connect()
            except sqlalchemy.exc.TimeoutError as error:
                raise StoreError(f"{UNAVAILABLE}: {_reason(error)}") from error
            self._local.held, self._local.held_mode = held, None
        if self._local.held_mode != mode:   # its options change only when the mode does
            self._set_for(held, mode)
            self._local.held_mode = mode
        try:
            yield held
            if mode == ALONE:
                # SQLAlchemy began a transaction of its own around the statement (autobegin); the
                # driver's autocommit already ended the server's, so this commit sends nothing
                held.commit()
        except BaseException:
            self._give_back()   # it may be broken: the next statement gets one lent and pinged anew
            raise

    def _set_for(self, connection: Connection, mode: str) -> Connection:
        """The connection's options for `mode`, set in place (SQLAlchemy 2 changes a
        Connection's own options and gives them back with it to the pool): client-side only,
        nothing is sent to the server."""
        if self.dialect == sql_dialect.POSTGRESQL:
            if mode == ALONE:
                return connection.execution_options(isolation_level="AUTOCOMMIT")
            return connection.execution_options(isolation_level=connection.dialect.default_isolation_level)
        return connection.execution_options(sotay_alone=mode == ALONE, sotay_read_only=mode == READ)

    # --- units of work -------------------------------------------------------------

    @contextmanager
    def transaction(self, read_only: bool = False) -> Iterator[Connection]:
        current = getattr(self._local, "connection", None)
        if current is not None:
            yield current
            return
        try:
            with self._connection(READ if read_only else UNIT) as connection:
                with connection.begin():
                    self._local.connection = connection
                    try:
                        yield connection
                    finally:
                        self._local.connection = None
        except sqlalchemy.exc.DBAPIError as error:
            raise self.failure(error, inside=False) from error

    def in_transaction(self) -> bool:
        return getattr(self._local, "connection", None) is not None

    def retrying(self, work: Callable[[], T]) -> T:
        """`work` in a unit of work of its own, done again once if it met a deadlock or a
        serialization failure (its first try was rolled back whole, so the second starts
        clean); inside an outer unit of work it is part of that one and is not repeated."""
        if self.in_transaction():
            return work()
        try:
            with self.transaction():
                return work()
        except ConflictError:
            pass
        try:
            with self.transaction():
                return work()
        except ConflictError as error:
            raise ConflictError(CONFLICT.format(kind=error.kind), error.kind) from error

    def failure(self, error: BaseException, inside: bool = True) -> StoreError:
        """The StoreError a person reads for a driver's error."""
        original = getattr(error, "orig", error)
        kind = sql_dialect.retryable(self.dialect, original)
        if kind:
            return ConflictError(CONFLICT_INSIDE.format(kind=kind), kind)
        if sql_dialect.locked(self.dialect, original):
            return StoreError(LOCKED.format(seconds=BUSY_TIMEOUT_S))
        if sql_dialect.disk_full(original):
            return StoreError(f"{FULL}: {_reason(error)}")
        missing = self._missing(original)
        if missing:
            return StoreError(missing)
        if isinstance(error, sqlalchemy.exc.OperationalError) or getattr(error, "connection_invalidated", False):
            engine = "PostgreSQL" if self.dialect == sql_dialect.POSTGRESQL else "SQLite"
            return StoreError(f"{UNAVAILABLE} {engine}: {_reason(error)}")
        return StoreError(f"{FAILED}: {_reason(error)}")

    def _missing(self, error: BaseException) -> str | None:
        """The message for a store that is not there: no SQLite file at the path, or no such
        database on the PostgreSQL server (which says so when asked for it)."""
        if self.dialect == sql_dialect.SQLITE:
            path = self.url[len("sqlite:///"):]
            return MISSING_FILE.format(path=path) if path and not os.path.exists(path) else None
        said = str(error)
        if 'database "' in said and "does not exist" in said:
            return MISSING_DATABASE.format(name=said.split('database "', 1)[1].split('"', 1)[0])
        return None

    # --- statements --------------------------------------------------------------

    @contextmanager
    def _statement(self, read_only: bool) -> Iterator[Connection]:
        """Where one statement runs: the unit of work's connection inside one; otherwise a
        transaction of its own. A statement alone is one already on both engines, without
        BEGIN and COMMIT around it (one round trip, not three): on PostgreSQL in autocommit;
        on SQLite a read (a write outside a unit of work keeps `BEGIN IMMEDIATE`, so that it
        waits for the write lock at its start)."""
        current = getattr(self._local, "connection", None)
        if current is not None:
            yield current
            return
        if self.dialect == sql_dialect.POSTGRESQL or read_only:
            try:
                with self._connection(ALONE) as connection:
                    yield connection
            except sqlalchemy.exc.DBAPIError as error:
                raise self.failure(error, inside=False) from error
            return
        with self.transaction(read_only=read_only) as connection:
            yield connection

    def _execute(self, statement: str, params: Any, read_only: bool, many: bool = False):
        with self._statement(read_only) as connection:
            try:
                if many:
                    bound = [self._bind(row) for row in params]
                    return connection.execute(_text(statement, ()), bound)
                bound = self._bind(params)
                expanding = tuple(sorted(name for name, value in bound.items() if isinstance(value, tuple)))
                result = connection.execute(_text(statement, expanding), bound)
                return [self._row(row) for row in result.mappings()] if result.returns_rows else result.rowcount
            except sqlalchemy.exc.DBAPIError as error:
                raise self.failure(error) from error

    def _bind(self, params: dict) -> dict:
        return {name: self._bind_value(name, value) for name, value in (params or {}).items()}

    def _bind_value(self, name: str, value):
        if isinstance(value, tuple):   # an IN list, expanded
            return tuple(sql_dialect.bind(self.dialect, "", item) for item in value)
        return sql_dialect.bind(self.dialect, name, value)

    @staticmethod
    def _row(row) -> dict:
        found = dict(row)
        if "details" in found:
            found["details"] = sql_dialect.record(found["details"])
        return found

    def rows(self, statement: str, params: dict | None = None) -> list[dict]:
        return self._execute(statement, params, read_only=True)

    def row(self, statement: str, params: dict | None = None) -> dict | None:
        found = self._execute(statement, params, read_only=True)
        return found[0] if found else None

    def changing_row(self, statement: str, params: dict | None = None) -> dict | None:
        """The row a writing statement returns (`… RETURNING`), or None."""
        found = self._execute(statement, params, read_only=False)
        return found[0] if found else None

    def run(self, statement: str, params: dict | None = None) -> int:
        """A statement that returns no rows; the number of rows it changed."""
        return self._execute(statement, params, read_only=False)

    def run_many(self, statement: str, params: list[dict]) -> None:
        with self.transaction():
            self._execute(statement, params, read_only=False, many=True)

    # --- counters --------------------------------------------------------------

    def next_number(self, counter: str, start: int = 1, in_unit_of_work: bool = False) -> int:
        """The next number of the named counter (a counter not yet used begins at `start`).

        As the contract says, a number is taken at once, like a sequence's: on PostgreSQL it is
        taken on a connection of its own, outside the unit of work, so a change that is not
        saved leaves a gap, never a duplicate, and concurrent changes never wait on the
        counter until they end. SQLite has one writer, which the unit of work holds, so there
        the number is taken in the unit of work: a unit rolled back gives its number back, and
        nothing was saved under it. `in_unit_of_work` takes it in the unit of work on both, for
        a counter whose row is meant to stay locked until the unit ends (meetings.add)."""
        statement = ("INSERT INTO counters (name, value) VALUES (:name, :start) "
                     "ON CONFLICT (name) DO UPDATE SET value = counters.value + 1 RETURNING value")
        params = {"name": counter, "start": start}
        if in_unit_of_work or self.dialect == sql_dialect.SQLITE or not self.in_transaction():
            return self.changing_row(statement, params)["value"]
        try:   # not this request's connection: the unit of work is on it
            with self.engine.connect() as connection:
                return connection.execution_options(isolation_level="AUTOCOMMIT").execute(
                    _text(statement, ()), self._bind(params)).scalar_one()
        except sqlalchemy.exc.DBAPIError as error:
            raise self.failure(error, inside=False) from error
        except sqlalchemy.exc.TimeoutError as error:
            raise StoreError(f"{UNAVAILABLE}: {_reason(error)}") from error

    def counter_position(self, counter: str) -> int:
        """The last number the named counter gave (0: none yet)."""
        found = self.row("SELECT value FROM counters WHERE name = :name", {"name": counter})
        return found["value"] if found else 0


@lru_cache(maxsize=512)
def _text(statement: str, expanding: tuple[str, ...]):
    clause = text(statement)
    return clause.bindparams(*(bindparam(name, expanding=True) for name in expanding)) if expanding else clause


def _sqlite_connected(dbapi_connection, _record) -> None:
    dbapi_connection.isolation_level = None   # SQLAlchemy's begin event says BEGIN, not the driver
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_S * 1000}")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = FULL")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.close()


def _sqlite_begin(connection: Connection) -> None:
    if connection.get_execution_options().get("sotay_alone", False):
        return   # no BEGIN: the driver (isolation_level None) runs the one statement as its own transaction
    read_only = connection.get_execution_options().get("sotay_read_only", False)
    connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")
