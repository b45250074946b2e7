"""Connections and units of work on PostgreSQL.

One pool per process (opened at first use, and again after a fork, so that gunicorn's
workers never share a connection with the master). A unit of work is one database
transaction on one connection, kept per thread: a repository call inside
`with database.transaction():` runs on that connection, one outside it runs on a
connection of its own in a transaction of its own. A transaction inside another one is part
of the outer one, as the contract says.

A lost or refused connection becomes StoreError with a message a person can read; the
pool checks a connection that has been idle a while before lending it, so the service
recovers by itself once the server is back.

Round trips are what a page pays for on PostgreSQL (measured: a read page's time was almost
all waiting for the server, about four round trips per repository call). So a single
statement outside a unit of work runs on its own in autocommit, which is the same atomic
transaction without BEGIN and COMMIT; and a connection used a moment ago is lent without
being pinged first (one that broke meanwhile fails its statement, which the page reports as
StoreError, and the pool drops it).
"""
from __future__ import annotations

import os
import threading
import time
import weakref
from contextlib import contextmanager
from typing import Any, Iterator

import psycopg
from psycopg import sql
from psycopg.rows import dict_row
from psycopg_pool import ConnectionPool, PoolTimeout

from ..contract import StoreError

UNAVAILABLE = "Không kết nối được tới cơ sở dữ liệu PostgreSQL"
POOL_TIMEOUT_S = 5        # a page waits this long for a connection before saying it cannot save
CONNECT_TIMEOUT_S = 5
PING_AFTER_IDLE_S = 2     # a connection idle longer than this is checked before it is lent


def unavailable(error: Exception) -> StoreError:
    return StoreError(f"{UNAVAILABLE}: {str(error).strip() or type(error).__name__}")


class Database:
    def __init__(self, url: str, max_connections: int = 8):
        self.url = url
        self.max_connections = max_connections
        self._pool: ConnectionPool | None = None
        self._pool_pid = 0
        self._pool_lock = threading.Lock()
        self._local = threading.local()
        self._returned_at: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

    def _connections(self) -> ConnectionPool:
        if self._pool is None or self._pool_pid != os.getpid():
            with self._pool_lock:
                if self._pool is None or self._pool_pid != os.getpid():
                    self._pool = ConnectionPool(
                        self.url, min_size=1, max_size=self.max_connections, timeout=POOL_TIMEOUT_S, open=False,
                        kwargs={"autocommit": True, "row_factory": dict_row, "connect_timeout": CONNECT_TIMEOUT_S},
                        check=self._check, reset=self._note_return, name="sotay213")
                    self._pool.open(wait=False)
                    self._pool_pid = os.getpid()
        return self._pool

    def _check(self, connection: psycopg.Connection) -> None:
        if time.monotonic() - self._returned_at.get(connection, 0.0) > PING_AFTER_IDLE_S:
            ConnectionPool.check_connection(connection)

    def _note_return(self, connection: psycopg.Connection) -> None:
        self._returned_at[connection] = time.monotonic()

    def close(self) -> None:
        if self._pool is not None and self._pool_pid == os.getpid():
            self._pool.close()
        self._pool = None

    @contextmanager
    def transaction(self) -> Iterator[psycopg.Connection]:
        current = getattr(self._local, "connection", None)
        if current is not None:
            yield current
            return
        try:
            with self._connections().connection() as connection, connection.transaction():
                self._local.connection = connection
                try:
                    yield connection
                finally:
                    self._local.connection = None
        except (psycopg.OperationalError, PoolTimeout) as error:
            raise unavailable(error) from error

    def in_transaction(self) -> bool:
        return getattr(self._local, "connection", None) is not None

    @contextmanager
    def _statement(self) -> Iterator[psycopg.Connection]:
        """Where one statement runs: the unit of work's connection inside one; otherwise a
        pooled connection in autocommit, the statement being its own transaction."""
        current = getattr(self._local, "connection", None)
        if current is not None:
            yield current
            return
        try:
            with self._connections().connection() as connection:
                yield connection
        except (psycopg.OperationalError, PoolTimeout) as error:
            raise unavailable(error) from error

    def rows(self, sql: str, params: Any = ()) -> list[dict]:
        with self._statement() as connection:
            return connection.execute(sql, params).fetchall()

    def row(self, sql: str, params: Any = ()) -> dict | None:
        with self._statement() as connection:
            return connection.execute(sql, params).fetchone()

    def run(self, sql: str, params: Any = ()) -> int:
        """A statement that returns no rows; the number of rows it changed."""
        with self._statement() as connection:
            return connection.execute(sql, params).rowcount

    def run_many(self, sql: str, params: list) -> None:
        with self.transaction() as connection, connection.cursor() as cursor:
            cursor.executemany(sql, params)

    def next_number(self, counter: str, start: int = 1) -> int:
        """A number of the named sequence, taken at once: outside any unit of work, so a
        change that is not saved leaves a gap, never a duplicate (see the migration 0006).
        A sequence that takes over from an earlier one is created to begin at `start`, the
        way next_number() creates one (its row in `counters` decides which of two first
        calls creates it); a sequence already there ignores `start`."""
        try:
            with self._connections().connection() as connection:
                if start > 1:
                    with connection.transaction():
                        created = connection.execute(
                            "INSERT INTO counters (name, sequence_name) VALUES (%s, 'counter_' || md5(%s)) "
                            "ON CONFLICT DO NOTHING RETURNING sequence_name", (counter, counter)).fetchone()
                        if created:
                            connection.execute(sql.SQL("CREATE SEQUENCE {} START WITH {}").format(
                                sql.Identifier(created["sequence_name"]), sql.Literal(start)))
                return connection.execute("SELECT next_number(%s) AS n", (counter,)).fetchone()["n"]
        except (psycopg.OperationalError, PoolTimeout) as error:
            raise unavailable(error) from error

    def counter_position(self, counter: str) -> int:
        """The last number the named sequence gave (0: none yet, or no sequence)."""
        found = self.row("SELECT sequence_name FROM counters WHERE name = %s", (counter,))
        if found is None:
            return 0
        state = self.row(sql.SQL("SELECT last_value, is_called FROM {}").format(sql.Identifier(found["sequence_name"])))
        return state["last_value"] if state["is_called"] else 0
