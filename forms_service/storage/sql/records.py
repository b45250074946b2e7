"""One record's row: the whole record in `details` (as the domain's `to_record()` gives it,
with its schema stamp, as the embedded store keeps it) and copies of its fields in real
columns, made by the repository module's `columns(record)`.

Records carry the same schema versions on every store, so they are stamped and upgraded by
the same table of versions (`storage/record_versions.py`). Table and column names here are
our own code's, never a person's input.
"""
from __future__ import annotations

from typing import Callable, TypeVar

from ..record_versions import stamp, upgrade
from . import dialect
from .database import Database

T = TypeVar("T")

__all__ = ["change_locked", "insert", "insert_statement", "rewrite", "stamp", "upgrade", "upsert",
           "upsert_statement"]


def insert_statement(table: str, columns: list[str]) -> str:
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(':' + name for name in columns)})"  # nosec B608: table and column names of our own code; every value is bound


def upsert_statement(table: str, columns: list[str], key: tuple[str, ...]) -> str:
    """Insert, or replace the row with the same key (the same words on SQLite and PostgreSQL)."""
    others = [name for name in columns if name not in key]
    return (insert_statement(table, columns) + f" ON CONFLICT ({', '.join(key)}) DO UPDATE SET "  # nosec B608: table and column names of our own code; every value is bound
            + ", ".join(f"{name} = excluded.{name}" for name in others))


def insert(db: Database, table: str, rows: list[dict]) -> None:
    """New rows (`columns(record)` each), in one statement per batch."""
    if rows:
        db.run_many(insert_statement(table, list(rows[0])), rows)


def upsert(db: Database, table: str, row: dict, key: tuple[str, ...]) -> None:
    db.run(upsert_statement(table, list(row), key), row)


def rewrite(db: Database, table: str, row: dict, where: dict) -> int:
    """Write every column of `row` into the row whose key columns hold `where`; the number of rows written."""
    setting = ", ".join(f"{name} = :{name}" for name in row)
    matching = " AND ".join(f"{name} = :where_{name}" for name in where)
    return db.run(f"UPDATE {table} SET {setting} WHERE {matching}",  # nosec B608: table and column names of our own code; every value is bound
                  {**row, **{f"where_{name}": value for name, value in where.items()}})


def change_locked(db: Database, table: str, key: str, value: str, read: Callable[[dict], T],
                  change: Callable[[T], T], write: Callable[[T], dict],
                  after_write: Callable[[T], None] | None = None) -> tuple[T, T]:
    """Read the row (`FOR UPDATE` on PostgreSQL; SQLite's unit of work holds the file's write
    lock), apply `change` to its record and write the result back, in one transaction;
    (before, after). A deadlock or serialization failure is tried once more (`retrying`).
    KeyError when there is no such row; an exception from `change` is raised before anything
    is written, so nothing is saved."""
    def work() -> tuple[T, T]:
        found = db.row(f"SELECT details FROM {table} WHERE {key} = :value{dialect.for_update(db.dialect)}",  # nosec B608: table and column names of our own code; every value is bound
                       {"value": value})
        if found is None:
            raise KeyError(value)
        before = read(found["details"])
        after = change(before)
        rewrite(db, table, write(after), {key: value})
        if after_write is not None:
            after_write(after)
        return before, after
    return db.retrying(work)
