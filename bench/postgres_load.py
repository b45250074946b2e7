"""The generated store (a SQLite file from bench/province.py and bench/letters_gen.py) copied
into a PostgreSQL database with COPY, so that both SQL stores are measured on the same
province. `copy_store` writes a batch at a time with INSERT and then checks every record;
COPY writes each table in one stream, several times faster at a million letters.

The records are read with the source store's own export (`copy_store`'s reader, any store),
and each row is what the SQL store's repository itself writes: the table's `columns(record)`
from `storage/sql/export.py` (a meeting's attendance rows from `attendance_rows`), so a
change in a repository's columns changes the rows loaded here too. The counters are set
to the last number used, so a new letter's code never collides with a generated one.
"""
from __future__ import annotations

import time
from itertools import chain
from typing import Iterator

import psycopg
from psycopg.types.json import Jsonb

from forms_service.storage import migrate_database
from forms_service.storage.copying import open_export
from forms_service.storage.sql import meeting_repository
from forms_service.storage.sql.export import TABLE_OF, TABLES

# what the generators write, in the copy's names
COLLECTIONS = ("units", "members", "accounts", "meetings", "letters", "tokens", "register-summary")
READ_BATCH = 10_000


def _value(value):
    return Jsonb(value) if isinstance(value, (dict, list)) and not _is_array(value) else value


def _is_array(value) -> bool:
    """A list of plain values (dates, codes) is a PostgreSQL array; a list of objects is JSON."""
    return isinstance(value, list) and not any(isinstance(item, (dict, list)) for item in value)


def _copy(connection: psycopg.Connection, table: str, rows: Iterator[dict]) -> int:
    first = next(rows, None)
    if first is None:
        return 0
    names = list(first)
    count = 0
    with connection.cursor() as cursor, cursor.copy(
            f"COPY {table} ({', '.join(names)}) FROM STDIN") as copy:
        for row in chain([first], rows):
            copy.write_row([_value(row[name]) for name in names])
            count += 1
    return count


def load_store(source: str, url: str) -> dict:
    """Migrate the database at `url` and load the generated store at `source` into it; the
    rows loaded per table and the seconds it took (COPY, counters, ANALYZE)."""
    began = time.perf_counter()
    migrate_database(url)
    loaded = {}
    with open_export(source) as export, psycopg.connect(url) as connection:
        def records(collection: str) -> Iterator[dict]:
            return (record for batch in export.batches(collection, READ_BATCH) for record in batch)
        for collection in COLLECTIONS:
            table = TABLES[TABLE_OF[collection]]
            loaded[table.name] = _copy(connection, table.name, map(table.columns, records(collection)))
        loaded["attendance"] = _copy(connection, "attendance", (
            row for record in records("meetings") for row in meeting_repository.attendance_rows(record)))
        for counter in records("counters"):
            connection.execute("INSERT INTO counters (name, value) VALUES (%s, %s)", (counter["name"], counter["n"]))
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("ANALYZE")    # the planner sees the real sizes at once, as after a day in production
    return {"rows": loaded, "seconds": round(time.perf_counter() - began, 1)}
