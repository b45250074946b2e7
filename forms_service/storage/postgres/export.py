"""PostgreSQL's side of `copy-store` (storage/copying.py): raw records read table by table in
batches, and written with each repository module's `columns(record)`, so a copied row is the
row the service would have written.

The copy has a connection of its own (not the service's pool). Reading is a server-side
cursor, so a table of a million letters comes a batch at a time; each written batch is one
transaction of `INSERT … ON CONFLICT` statements sent together (psycopg's pipeline). Rows
are read in the order of the embedded store's shards (a cell's letters of a year together),
so that a copy back into a folder writes each file few times.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from typing import Callable, Iterator

import psycopg
from psycopg import sql
from psycopg.rows import dict_row
from psycopg.types.json import Jsonb

from ...domain import clock
from ..contract import StoreError
from ..copying import BATCH, KEPT_CHANGED, AuditMerge
from ..record_versions import stamp
from . import (audit, comment_repository, front_repository, introduction_repository, letter_repository,
               meeting_repository, org_repository, register_repository, reminder_repository, rule_switch_repository)
from .database import UNAVAILABLE


def _moment(value: str) -> datetime:
    return datetime.fromisoformat(value)


def _shown(moment: datetime) -> str:
    """A stored timestamp as the records write one: local time, to the second, with its offset."""
    return clock.local(moment).isoformat(timespec="seconds")


@dataclass(frozen=True)
class Table:
    name: str
    columns: Callable[[dict], dict]        # a record -> the row
    order: tuple[str, ...]                 # the order rows are read in
    read: Callable[[dict], dict] = lambda row: row["details"]   # a row -> the record


def _rule_switch(row: dict) -> dict:
    """The switch's record as the embedded store keeps it (named by "k", stamped): the
    repository keeps the domain's record alone, at the current version."""
    record = row["details"]
    if "v" in record:
        return record
    return stamp("rule-switches", {"k": ":".join((row["rule"], row["province_id"], str(row["year"]))), **record})


def _kept(row: dict) -> dict:
    content = bytes(row["content"])
    if hashlib.sha256(content).hexdigest() != row["sha256"]:
        raise StoreError(KEPT_CHANGED.format(code=row["code"], format=row["format"]))
    return {"code": row["code"], "format": row["format"], "sha256": row["sha256"], "kept_at": _shown(row["kept_at"]),
            "content": content}


def _kept_row(record: dict) -> dict:
    return {"code": record["code"], "format": record["format"], "content": record["content"],
            "sha256": record["sha256"], "kept_at": _moment(record["kept_at"])}


TABLES: dict[str, Table] = {table.name: table for table in (
    Table("units", org_repository.COLUMNS["units"], ("id",)),
    Table("members", org_repository.COLUMNS["members"], ("workplace_id", "id")),
    Table("accounts", org_repository.COLUMNS["accounts"], ("username",)),
    Table("meetings", meeting_repository.columns, ("cell_id", "id")),   # attendance follows by trigger
    Table("letters", letter_repository.columns, ("cell_id", "year", "code")),
    Table("comments", comment_repository.columns, ("workplace_id", "year", "code")),
    Table("introductions", introduction_repository.columns, ("workplace_id", "issued_on", "code")),
    Table("register_summaries", register_repository.columns, ("commune_id", "year", "cell_id")),
    Table("front_opinions", front_repository.columns, ("cell_id", "member_id", "year")),
    Table("reminders", reminder_repository.columns, ("recipient", "key")),
    Table("rule_switches", rule_switch_repository.columns, ("rule", "province_id", "year"), _rule_switch),
    # the service's own queues: their rows are their records (timestamps as records write them)
    Table("tokens", lambda record: record, ("token",), lambda row: {"token": row["token"], "result": row["result"]}),
    Table("outbox", lambda record: {**record, "details": Jsonb(record["details"]),
                                    "queued_at": _moment(record["queued_at"])}, ("queued_at", "id"),
          lambda row: {**row, "queued_at": _shown(row["queued_at"])}),
    Table("render_queue", lambda record: {**record, "queued_at": _moment(record["queued_at"])}, ("code",),
          lambda row: {**row, "queued_at": _shown(row["queued_at"])}),
    Table("audit", audit.columns, ("at", "id")),
    Table("kept_documents", _kept_row, ("code", "format"), _kept),
)}

# the copy's collection names (as the embedded store names them) -> tables
TABLE_OF = {"units": "units", "members": "members", "accounts": "accounts", "meetings": "meetings",
            "letters": "letters", "comments": "comments", "introductions": "introductions",
            "register-summary": "register_summaries", "front-opinions": "front_opinions", "reminders": "reminders",
            "rule-switches": "rule_switches", "tokens": "tokens", "outbox": "outbox", "render-queue": "render_queue",
            "audit": "audit", "kept-documents": "kept_documents"}


def _statement(table: Table, key: tuple[str, ...], names: list[str], merge: bool) -> sql.Composed:
    """INSERT of one row; with `merge`, a row of the same key is replaced, but only where it
    differs, so that a second run rewrites nothing."""
    statement = sql.SQL("INSERT INTO {} ({}) VALUES ({})").format(
        sql.Identifier(table.name), sql.SQL(", ").join(map(sql.Identifier, names)),
        sql.SQL(", ").join(map(sql.Placeholder, names)))
    if not merge:
        return statement
    others = [name for name in names if name not in key]
    current = sql.SQL(", ").join(sql.SQL("{}.{}").format(sql.Identifier(table.name), sql.Identifier(n)) for n in others)
    copied = sql.SQL(", ").join(sql.SQL("EXCLUDED.{}").format(sql.Identifier(n)) for n in others)
    return statement + sql.SQL(" ON CONFLICT ({}) DO UPDATE SET {} WHERE ROW({}) IS DISTINCT FROM ROW({})").format(
        sql.SQL(", ").join(map(sql.Identifier, key)),
        sql.SQL(", ").join(sql.SQL("{0} = EXCLUDED.{0}").format(sql.Identifier(n)) for n in others),
        current, copied)


def _params(row: dict) -> dict:
    details = row.get("details")
    if details is not None and not isinstance(details, Jsonb):
        row = {**row, "details": Jsonb(details)}
    return row


class PostgresExport:
    def __init__(self, url: str):
        try:
            self.connection = psycopg.connect(url, autocommit=True, row_factory=dict_row, connect_timeout=10)
        except psycopg.Error as error:
            raise _failed(error) from error
        self._audit_merge = AuditMerge(self._audit_of_month)

    def close(self) -> None:
        self.connection.close()

    # --- reading -------------------------------------------------------------------

    def batches(self, collection: str, size: int = BATCH) -> Iterator[list[dict]]:
        try:
            yield from self._batches(collection, size)
        except psycopg.Error as error:
            raise _failed(error) from error

    def _batches(self, collection: str, size: int) -> Iterator[list[dict]]:
        if collection == "counters":
            yield from self._counters(size)
            return
        table = TABLES[TABLE_OF[collection]]
        query = sql.SQL("SELECT * FROM {} ORDER BY {}").format(
            sql.Identifier(table.name), sql.SQL(", ").join(map(sql.Identifier, table.order)))
        with self.connection.transaction(), self.connection.cursor(name="copy_store") as cursor:
            cursor.itersize = size
            cursor.execute(query)
            while rows := cursor.fetchmany(size):
                yield [table.read(row) for row in rows]

    def _counters(self, size: int) -> Iterator[list[dict]]:
        """{"name", "n": the last number handed out} of every sequence of reference codes."""
        batch = []
        for row in self.connection.execute("SELECT name, sequence_name FROM counters ORDER BY name").fetchall():
            position = self.connection.execute(sql.SQL("SELECT last_value, is_called FROM {}").format(
                sql.Identifier(row["sequence_name"]))).fetchone()
            batch.append({"name": row["name"], "n": position["last_value"] if position["is_called"] else 0})
            if len(batch) >= size:
                yield batch
                batch = []
        if batch:
            yield batch

    # --- writing -------------------------------------------------------------------

    def write(self, collection: str, records: list[dict], merge: bool) -> None:
        if not records:
            return
        try:
            with self.connection.transaction():
                if collection == "audit":
                    self._write_audit(records, merge)
                elif collection == "counters":
                    self._write_counters(records, merge)
                else:
                    table = TABLES[TABLE_OF[collection]]
                    self._write_rows(table, [table.columns(record) for record in records], merge)
        except psycopg.Error as error:
            raise _failed(error) from error

    def _write_rows(self, table: Table, rows: list[dict], merge: bool) -> None:
        statement = _statement(table, self._primary_key(table.name), list(rows[0]), merge)
        with self.connection.cursor() as cursor:
            cursor.executemany(statement, [_params(row) for row in rows])

    def _primary_key(self, table: str) -> tuple[str, ...]:
        """The table's primary key, as the migrations made it: what --merge replaces a row by."""
        rows = self.connection.execute(
            "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid "
            "AND a.attnum = ANY(i.indkey) WHERE i.indrelid = %s::regclass AND i.indisprimary "
            "ORDER BY array_position(i.indkey, a.attnum)", (table,)).fetchall()
        return tuple(row["attname"] for row in rows)

    def _write_counters(self, records: list[dict], merge: bool) -> None:
        """next_number makes a counter's sequence the way the service does (taking a number),
        then the sequence is set to the copied number, or kept where it stands higher (merge)."""
        for record in records:
            taken = self.connection.execute("SELECT next_number(%s) AS n", (record["name"],)).fetchone()["n"]
            position = max(record["n"], taken - 1) if merge else record["n"]
            self.connection.execute(
                "SELECT setval(format('%%I', c.sequence_name)::regclass, greatest(%s, 1), %s > 0) "
                "FROM counters c WHERE c.name = %s", (position, position, record["name"]))

    def _write_audit(self, entries: list[dict], merge: bool) -> None:
        if merge:
            entries = self._audit_merge.missing(entries)
        if entries:
            self._write_rows(TABLES["audit"], [audit.columns(entry) for entry in entries], merge=False)

    def _audit_of_month(self, month: str) -> Iterator[dict]:
        start = datetime.fromisoformat(f"{month}-01T00:00:00").replace(tzinfo=clock.ZONE)
        end = start.replace(year=start.year + start.month // 12, month=start.month % 12 + 1)
        for row in self.connection.execute("SELECT details FROM audit WHERE at >= %s AND at < %s", (start, end)):
            yield row["details"]

    def finish(self) -> None:
        """Nothing is derived outside the rows (attendance follows its meeting by trigger)."""


def _failed(error: psycopg.Error) -> StoreError:
    if isinstance(error, psycopg.OperationalError):
        return StoreError(f"{UNAVAILABLE}: {str(error).strip()}")
    return StoreError(f"PostgreSQL báo: {str(error).strip()}")
