"""Where a store lives: a database URL or a folder. A leaf, so that the package and copy-store
both ask it without importing each other."""
from __future__ import annotations

import os
from pathlib import Path

DATABASE_SCHEMES = ("sqlite:///", "postgresql://", "postgres://")


def is_database_url(location: str | Path) -> bool:
    return str(location).startswith(DATABASE_SCHEMES)


def store_identity(location: str | Path) -> tuple:
    """What names the store whatever the spelling of its address: the real path of a folder or
    of a SQLite file (`..` and symbolic links followed), and for PostgreSQL the database as
    the server itself names it (its name and the server's start time, read from the server),
    or the address's parts when it cannot be reached."""
    text = str(location)
    if text.startswith("sqlite:///"):
        return ("sqlite", os.path.realpath(text[len("sqlite:///"):]))
    if not is_database_url(text):
        return ("tinydb", os.path.realpath(text))
    import psycopg
    from psycopg.conninfo import conninfo_to_dict
    try:
        with psycopg.connect(text, connect_timeout=10) as connection:
            return ("postgresql", *connection.execute(
                "SELECT current_database(), pg_postmaster_start_time()::text").fetchone())
    except psycopg.Error:
        parts = conninfo_to_dict(text)
        return ("postgresql", parts.get("host", ""), str(parts.get("port", "5432")), parts.get("dbname", ""))
