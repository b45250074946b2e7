"""The SQL store's side of `copy-store` (storage/copying.py): raw records read table by table
in batches, and written with each repository module's `columns(record)`, so a copied row is
the row the service would have written (and a meeting's attendance rows are rewritten from
it, as the repository does).

The copy has an engine of its own (not the service's). Reading streams the rows (a
server-side cursor on PostgreSQL), so a table of a million letters comes a batch at a time;
each written batch is one transaction. Rows are read in the order of the embedded store's
shards (a cell's letters of a year together), so that a copy back into a folder writes each
file few times.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from typing import Callable, Iterator

import sqlalchemy

from ...domain import clock
from ..contract import StoreError
from ..copy_records import BATCH, KEPT_CHANGED, AuditMerge
from ..record_versions import stamp
from . import (attendance_numbers_repository, audit, comment_repository, dialect, front_committee_repository,
               introduction_repository, letter_repository, meeting_repository, org_repository, reminder_repository,
               rule_switch_repository)
from .database import Database
from .records import insert_statement

# counters the store keeps for itself (a lock per cell's meetings, the units' version): not data to copy
OWN_COUNTERS = ("meetings-of-", org_repository.UNITS_CHANGED)


def _moment(value: str) -> datetime:
    return datetime.fromisoformat(value)


def _shown(moment) -> str:
    """A stored timestamp as the records write one: local time, to the second, with its offset."""
    return clock.local(dialect.moment(moment)).isoformat(timespec="seconds")


def _queued_row(record: dict) -> dict:
    """An item of a queue: the back-off fields appear in the record only once it was retried."""
    retry = record.get("next_try_at")
    return {**record, "queued_at": _moment(record["queued_at"]), "attempts": record.get("attempts", 0),
            "next_try_at": _moment(retry) if retry else None}


def _queued(row: dict) -> dict:
    record = {**row, "queued_at": _shown(row["queued_at"])}
    if not row["attempts"]:
        del record["attempts"], record["next_try_at"]
    elif row["next_try_at"]:
        record["next_try_at"] = _shown(row["next_try_at"])
    return record


@dataclass(frozen=True)
class Table:
    name: str
    columns: Callable[[dict], dict]        # a record -> the row
    order: tuple[str, ...]                 # the order rows are read in
    read: Callable[[dict], dict] = lambda row: row["details"]   # a row -> the record
    where: str = ""                        # which rows are records


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
    Table("meetings", meeting_repository.columns, ("cell_id", "id")),
    Table("letters", letter_repository.columns, ("cell_id", "year", "code")),
    Table("comments", comment_repository.columns, ("workplace_id", "year", "code")),
    Table("introductions", introduction_repository.columns, ("workplace_id", "issued_on", "code")),
    Table("register_summaries", attendance_numbers_repository.columns, ("commune_id", "year", "cell_id")),
    Table("front_opinions", front_committee_repository.columns, ("cell_id", "member_id", "year")),
    Table("reminders", reminder_repository.columns, ("recipient", "key")),
    Table("rule_switches", rule_switch_repository.columns, ("rule", "province_id", "year"), _rule_switch),
    # the service's own queues: their rows are their records (timestamps as records write them); a token
    # claimed by a unit of work that made nothing is no record
    Table("tokens", lambda record: record, ("token",), lambda row: {"token": row["token"], "result": row["result"]},
          "WHERE result <> ''"),
    Table("outbox", _queued_row, ("queued_at", "id"), _queued),
    Table("render_queue", _queued_row, ("code",), _queued),
    Table("audit", audit.columns, ("at", "id")),
    Table("kept_documents", _kept_row, ("code", "format"), _kept),
)}

# the copy's collection names (as the embedded store names them) -> tables
TABLE_OF = {"units": "units", "members": "members", "accounts": "accounts", "meetings": "meetings",
            "letters": "letters", "comments": "comments", "introductions": "introductions",
            "register-summary": "register_summaries", "front-opinions": "front_opinions", "reminders": "reminders",
            "rule-switches": "rule_switches", "tokens": "tokens", "outbox": "outbox", "render-queue": "render_queue",
            "audit": "audit", "kept-documents": "kept_documents"}


def _statement(table: str, key: tuple[str, ...], names: list[str], merge: bool) -> str:
    """INSERT of one row; with `merge`, a row of the same key is replaced, but only where it
    differs, so that a second run rewrites nothing."""
    statement = insert_statement(table, names)
    if not merge:
        return statement
    others = [name for name in names if name not in key]
    return (statement + f" ON CONFLICT ({', '.join(key)}) DO UPDATE SET "  # nosec B608: table and column names of our own code; every value is bound
            + ", ".join(f"{name} = excluded.{name}" for name in others)
            + " WHERE " + " OR ".join(f"{table}.{name} IS DISTINCT FROM excluded.{name}" for name in others))


class SqlExport:
    def __init__(self, url: str):
        self.db = Database(url)
        self._audit_merge = AuditMerge(self._audit_of_month)

    def close(self) -> None:
        self.db.close()

    # --- reading -------------------------------------------------------------------

    def batches(self, collection: str, size: int = BATCH) -> Iterator[list[dict]]:
        try:
            yield from self._batches(collection, size)
        except sqlalchemy.exc.DBAPIError as error:
            raise self.db.failure(error) from error

    def _batches(self, collection: str, size: int) -> Iterator[list[dict]]:
        if collection == "counters":
            rows = [row for row in self.db.rows("SELECT name, value AS n FROM counters ORDER BY name")
                    if not row["name"].startswith(OWN_COUNTERS)]
            for start in range(0, len(rows), size):
                yield rows[start:start + size]
            return
        table = TABLES[TABLE_OF[collection]]
        query = sqlalchemy.text(f"SELECT * FROM {table.name} {table.where} ORDER BY {', '.join(table.order)}")  # nosec B608: table and column names of our own code; every value is bound
        with self.db.engine.connect() as connection:
            result = connection.execution_options(stream_results=True, yield_per=size).execute(query)
            for rows in result.mappings().partitions(size):
                yield [table.read(Database._row(row)) for row in rows]

    # --- writing -------------------------------------------------------------------

    def write(self, collection: str, records: list[dict], merge: bool) -> None:
        if not records:
            return
        with self.db.transaction():
            if collection == "audit":
                self._write_audit(records, merge)
            elif collection == "counters":
                self._write_counters(records, merge)
            else:
                table = TABLES[TABLE_OF[collection]]
                self._write_rows(table.name, [table.columns(record) for record in records], merge)
                if table.name == "meetings":
                    meeting_repository.rewrite_attendance(self.db, self._attendance_differing(records))

    def _write_rows(self, table: str, rows: list[dict], merge: bool) -> None:
        self.db.run_many(_statement(table, self._primary_key(table), list(rows[0]), merge), rows)

    def _attendance_differing(self, records: list[dict]) -> list[dict]:
        """The meetings whose attendance rows are not yet their entries (all of them in a new
        store; in a merge only those that changed, so that a second run rewrites nothing)."""
        stored: dict[str, list] = {}
        for row in self.db.rows("SELECT meeting_id, member_id, status, letter_code, details FROM attendance "
                                "WHERE meeting_id IN :ids ORDER BY meeting_id, member_id",
                                {"ids": tuple(record["id"] for record in records)}):
            stored.setdefault(row["meeting_id"], []).append(row)
        return [record for record in records
                if meeting_repository.attendance_rows(record) != stored.get(record["id"], [])]

    def _primary_key(self, table: str) -> tuple[str, ...]:
        """The table's primary key, as the schema made it: what --merge replaces a row by."""
        with self.db.transaction(read_only=True) as connection:
            return tuple(sqlalchemy.inspect(connection).get_pk_constraint(table)["constrained_columns"])

    def _write_counters(self, records: list[dict], merge: bool) -> None:
        """A counter is set to the copied number, or kept where it stands higher (merge)."""
        keep_higher = "CASE WHEN counters.value > excluded.value THEN counters.value ELSE excluded.value END"
        value = keep_higher if merge else "excluded.value"
        self.db.run_many("INSERT INTO counters (name, value) VALUES (:name, :n) ON CONFLICT (name) DO UPDATE SET "  # nosec B608: table and column names of our own code; every value is bound
                         f"value = {value} WHERE counters.value IS DISTINCT FROM {value}",
                         [{"name": record["name"], "n": record["n"]} for record in records])

    def _write_audit(self, entries: list[dict], merge: bool) -> None:
        if merge:
            entries = self._audit_merge.missing(entries)
        if entries:
            self._write_rows("audit", [audit.columns(entry) for entry in entries], merge=False)

    def _audit_of_month(self, month: str) -> Iterator[dict]:
        start = datetime.fromisoformat(f"{month}-01T00:00:00").replace(tzinfo=clock.ZONE)
        end = start.replace(year=start.year + start.month // 12, month=start.month % 12 + 1)
        for row in self.db.rows("SELECT details FROM audit WHERE at >= :start AND at < :end",
                                {"start": start, "end": end}):
            yield row["details"]

    def finish(self) -> None:
        """Nothing is derived outside the rows (each meeting's attendance was written with it)."""
