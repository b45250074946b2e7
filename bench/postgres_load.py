"""The generated store (a TinyDB folder from bench/province.py and bench/letters_gen.py)
copied into a PostgreSQL database with COPY, so that both backends are measured on the same
province. Saving a million letters one by one through the repositories would take hours;
COPY writes them in one stream per table.

Each row is what the SQL store's repository itself would write: the record as the TinyDB
backend stores it goes into `details`, and the real columns come from the repository
module's own `columns(record)` (the convention of every SQL table; a meeting's attendance rows
from `attendance_rows`), so a change in a repository's columns changes the rows loaded here too. The reference counters are set to
the last number used, so a new letter's code never collides with a generated one.
"""
from __future__ import annotations

import json
import time
from itertools import chain
from pathlib import Path
from typing import Callable, Iterator

import psycopg
from psycopg.types.json import Jsonb

from forms_service.storage import migrate_database
from forms_service.storage.sql import letter_repository, meeting_repository, org_repository, register_repository
from forms_service.storage.tinydb.store import TABLE


def _summary_row(path: Path, record: dict) -> dict:
    """The embedded store files a commune's numbers as <commune>.<year>.json; the database
    keeps the commune in the record."""
    return register_repository.columns({**record, "commune_id": path.name.split(".")[0]})


def _collections() -> list[tuple[str, str, Callable[[Path, dict], dict]]]:
    """(TinyDB folder, PostgreSQL table, the row of a record of a file) for what the generators write."""
    def plain(columns):
        return lambda path, record: columns(record)
    return [("units", "units", plain(org_repository.unit_columns)),
            ("members", "members", plain(org_repository.member_columns)),
            ("accounts", "accounts", plain(org_repository.account_columns)),
            ("meetings", "meetings", plain(meeting_repository.columns)),
            ("letters", "letters", plain(letter_repository.columns)),
            ("register-summary", "register_summaries", _summary_row)]


def records_of(folder: Path) -> Iterator[tuple[Path, dict]]:
    """Every record of a collection's shard files with its file, one file in memory at a time."""
    for path in sorted(folder.glob("*.json")):
        for record in json.loads(path.read_bytes())[TABLE].values():
            yield path, record


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


def _set_counters(connection: psycopg.Connection, folder: Path) -> None:
    for path in sorted(folder.glob("*.json")):
        [last] = json.loads(path.read_bytes())[TABLE].values()
        connection.execute("INSERT INTO counters (name, value) VALUES (%s, %s)", (path.stem, last["n"]))


def load_folder(root: Path, url: str) -> dict:
    """Migrate the database at `url` and load the generated store at `root` into it; the rows
    loaded per table and the seconds it took (COPY, counters, ANALYZE)."""
    began = time.perf_counter()
    migrate_database(url)
    loaded = {}
    with psycopg.connect(url) as connection:
        for folder, table, row_of in _collections():
            rows = (row_of(path, record) for path, record in records_of(root / folder))
            loaded[table] = _copy(connection, table, rows)
        loaded["attendance"] = _copy(connection, "attendance", (
            row for _, record in records_of(root / "meetings") for row in meeting_repository.attendance_rows(record)))
        _set_counters(connection, root / "counters")
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("ANALYZE")    # the planner sees the real sizes at once, as after a day in production
    return {"rows": loaded, "seconds": round(time.perf_counter() - began, 1)}
