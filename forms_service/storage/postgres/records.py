"""One record's row: the whole record in `details` (as the domain's `to_record()` gives it,
with its schema stamp, as the embedded store keeps it) and copies of its fields in real
columns, made by the repository module's `columns(record)`.

Records carry the same schema versions on both backends, so they are stamped and upgraded
by the same table of versions (`storage/record_versions.py`).
"""
from __future__ import annotations

from typing import Callable, TypeVar

from psycopg import sql
from psycopg.types.json import Jsonb

from ..record_versions import stamp, upgrade
from .database import Database

T = TypeVar("T")

__all__ = ["change_locked", "insert", "names", "plain", "rewrite", "stamp", "upgrade", "upsert"]


def _params(columns: dict) -> dict:
    """Query parameters of a row: a record (a dict or list) goes to JSONB (one already wrapped stays as it is)."""
    return {name: Jsonb(value) if isinstance(value, (dict, list)) and name == "details" else value
            for name, value in columns.items()}


def plain(value):
    """A column's value as the database gives it back (a record wrapped for JSONB unwrapped)."""
    return value.obj if isinstance(value, Jsonb) else value


def names(columns) -> sql.Composable:
    """Column (or table) names of our own code, quoted as identifiers all the same."""
    return sql.SQL(", ").join(map(sql.Identifier, columns))


def _insert(table: str, columns: list[str]) -> sql.Composed:
    return sql.SQL("INSERT INTO {} ({}) VALUES ({})").format(
        sql.Identifier(table), names(columns), sql.SQL(", ").join(map(sql.Placeholder, columns)))


def _equal(columns, prefix: str = "") -> list[sql.Composable]:
    return [sql.SQL("{} = {}").format(sql.Identifier(name), sql.Placeholder(prefix + name)) for name in columns]


def insert(db: Database, table: str, rows: list[dict]) -> None:
    """New rows (`columns(record)` each), in one statement per batch."""
    if rows:
        db.run_many(_insert(table, list(rows[0])), [_params(row) for row in rows])


def upsert(db: Database, table: str, row: dict, key: tuple[str, ...]) -> None:
    """Insert the row, or replace the one with the same key."""
    others = [name for name in row if name not in key]
    db.run(_insert(table, list(row)) + sql.SQL(" ON CONFLICT ({}) DO UPDATE SET {}").format(
        names(key), sql.SQL(", ").join(sql.SQL("{0} = EXCLUDED.{0}").format(sql.Identifier(n)) for n in others)),
        _params(row))


def rewrite(db: Database, table: str, row: dict, where: dict) -> int:
    """Write every column of `row` into the row whose key columns hold `where`; the number of rows written."""
    return db.run(sql.SQL("UPDATE {} SET {} WHERE {}").format(
        sql.Identifier(table), sql.SQL(", ").join(_equal(row)), sql.SQL(" AND ").join(_equal(where, "where_"))),
        {**_params(row), **{f"where_{name}": value for name, value in where.items()}})


def change_locked(db: Database, table: str, key: str, value: str, read: Callable[[dict], T],
                  change: Callable[[T], T], write: Callable[[T], dict]) -> tuple[T, T]:
    """Read the row `FOR UPDATE`, apply `change` to its record and write the result back, in
    one transaction; (before, after). KeyError when there is no such row; an exception from
    `change` is raised before anything is written, so nothing is saved."""
    with db.transaction():
        found = db.row(sql.SQL("SELECT details FROM {} WHERE {} = %s FOR UPDATE").format(
            sql.Identifier(table), sql.Identifier(key)), (value,))
        if found is None:
            raise KeyError(value)
        before = read(found["details"])
        after = change(before)
        rewrite(db, table, write(after), {key: value})
    return before, after
