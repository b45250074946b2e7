"""One record's row: the whole record in `details` (as the domain's `to_record()` gives it,
with its schema stamp, as the embedded store keeps it) and copies of its fields in real
columns, made by the repository module's `columns(record)`.

Records carry the same schema versions on both backends, so they are stamped and upgraded
by the same table of versions (`tinydb/schema.py` holds no TinyDB code, only the versions).
"""
from __future__ import annotations

from typing import Callable, TypeVar

from psycopg.types.json import Jsonb

from ..tinydb.schema import stamp, upgrade
from .database import Database

T = TypeVar("T")

__all__ = ["change_locked", "insert", "plain", "rewrite", "stamp", "upgrade", "upsert"]


def _params(columns: dict) -> dict:
    """Query parameters of a row: a record (a dict or list) goes to JSONB (one already wrapped stays as it is)."""
    return {name: Jsonb(value) if isinstance(value, (dict, list)) and name == "details" else value
            for name, value in columns.items()}


def plain(value):
    """A column's value as the database gives it back (a record wrapped for JSONB unwrapped)."""
    return value.obj if isinstance(value, Jsonb) else value


def insert(db: Database, table: str, rows: list[dict]) -> None:
    """New rows (`columns(record)` each), in one statement per batch."""
    if not rows:
        return
    names = list(rows[0])
    db.run_many(f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join(f'%({n})s' for n in names)})",
                [_params(row) for row in rows])


def upsert(db: Database, table: str, row: dict, key: tuple[str, ...]) -> None:
    """Insert the row, or replace the one with the same key."""
    names = list(row)
    others = [n for n in names if n not in key]
    db.run(f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join(f'%({n})s' for n in names)}) "
           f"ON CONFLICT ({', '.join(key)}) DO UPDATE SET {', '.join(f'{n} = EXCLUDED.{n}' for n in others)}",
           _params(row))


def rewrite(db: Database, table: str, row: dict, where: dict) -> int:
    """Write every column of `row` into the row whose key columns hold `where`; the number of rows written."""
    condition = " AND ".join(f"{name} = %(where_{name})s" for name in where)
    return db.run(f"UPDATE {table} SET {', '.join(f'{n} = %({n})s' for n in row)} WHERE {condition}",
                  {**_params(row), **{f"where_{name}": value for name, value in where.items()}})


def change_locked(db: Database, table: str, key: str, value: str, read: Callable[[dict], T],
                  change: Callable[[T], T], write: Callable[[T], dict]) -> tuple[T, T]:
    """Read the row `FOR UPDATE`, apply `change` to its record and write the result back, in
    one transaction; (before, after). KeyError when there is no such row; an exception from
    `change` is raised before anything is written, so nothing is saved."""
    with db.transaction():
        found = db.row(f"SELECT details FROM {table} WHERE {key} = %s FOR UPDATE", (value,))
        if found is None:
            raise KeyError(value)
        before = read(found["details"])
        after = change(before)
        rewrite(db, table, write(after), {key: value})
    return before, after
