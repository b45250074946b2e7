"""SQL written from a repository's `columns(record)`: the column names come from our own
code (never from input), and are quoted as identifiers all the same."""
from __future__ import annotations

from psycopg import sql


def insert(table: str, columns: dict, conflict: tuple[str, ...] = (), replace: bool = False) -> sql.Composed:
    """INSERT of one row of `columns` (named placeholders). With `conflict` (the key's columns):
    on a row already there, replace its other columns (`replace`) or do nothing."""
    names = list(columns)
    statement = sql.SQL("INSERT INTO {} ({}) VALUES ({})").format(
        sql.Identifier(table), sql.SQL(", ").join(map(sql.Identifier, names)),
        sql.SQL(", ").join(map(sql.Placeholder, names)))
    if not conflict:
        return statement
    if not replace:
        return statement + sql.SQL(" ON CONFLICT ({}) DO NOTHING").format(
            sql.SQL(", ").join(map(sql.Identifier, conflict)))
    changed = [name for name in names if name not in conflict]
    return statement + sql.SQL(" ON CONFLICT ({}) DO UPDATE SET {}").format(
        sql.SQL(", ").join(map(sql.Identifier, conflict)),
        sql.SQL(", ").join(sql.SQL("{0} = EXCLUDED.{0}").format(sql.Identifier(name)) for name in changed))
