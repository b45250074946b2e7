"""The generated store (a file store from bench/province.py and bench/letters_gen.py)
copied into a PostgreSQL database with COPY, so that both backends are measured on the same
province. Saving a million letters one by one through the repositories would take hours;
COPY writes them in one stream per table.

Each row is what the SQL store's repository itself would write: the record as the file
store keeps it goes into `details`, and the real columns come from the repository
module's own `columns(record)` (the convention of every SQL table; a meeting's attendance rows
from `attendance_rows`), so a change in a repository's columns changes the rows loaded here too. The reference counters are set to
the last number used, so a new letter's code never collides with a generated one.
"""
from __future__ import annotations

import time
from itertools import chain
from pathlib import Path
from typing import Callable, Iterator

import psycopg
from psycopg.types.json import Jsonb

from forms_service.storage import migrate_database
from forms_service.storage.sql import letter_repository, meeting_repository, org_repository, register_repository
from forms_service.storage.tinydb.store import read_tables, store_file


def _collections() -> list[tuple[str, str, Callable[[dict], dict]]]:
    """(the file store's table, PostgreSQL table, the row of a record) for what the generators write."""
    return [("units", "units", org_repository.unit_columns),
            ("members", "members", org_repository.member_columns),
            ("accounts", "accounts", org_repository.account_columns),
            ("meetings", "meetings", meeting_repository.columns),
            ("letters", "letters", letter_repository.columns),
            ("register-summary", "register_summaries", register_repository.columns)]


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


def _set_counters(connection: psycopg.Connection, counters: dict) -> None:
    for last in counters.values():
        connection.execute("INSERT INTO counters (name, value) VALUES (%s, %s)", (last["name"], last["n"]))


def load_folder(root: Path, url: str) -> dict:
    """Migrate the database at `url` and load the generated store at `root` into it; the rows
    loaded per table and the seconds it took (COPY, counters, ANALYZE)."""
    began = time.perf_counter()
    migrate_database(url)
    loaded = {}
    tables, _ = read_tables(store_file(root))
    with psycopg.connect(url) as connection:
        for name, table, row_of in _collections():
            loaded[table] = _copy(connection, table, (row_of(record) for record in tables.get(name, {}).values()))
        loaded["attendance"] = _copy(connection, "attendance", (
            row for record in tables.get("meetings", {}).values() for row in meeting_repository.attendance_rows(record)))
        _set_counters(connection, tables.get("counters", {}))
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("ANALYZE")    # the planner sees the real sizes at once, as after a day in production
    return {"rows": loaded, "seconds": round(time.perf_counter() - began, 1)}
