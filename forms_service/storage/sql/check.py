"""`check` on a SQL store: the records are the truth, the rest is derived from them.

There are no index files to rebuild here (the database keeps its indexes itself), but some
things are copies that could drift if a row were changed behind the service's back:
- each table's real columns, copies of its record (`columns(details)` of the table's
  repository module), and the attendance rows, copies of each meeting's entries;
- the counters of reference codes and official numbers, which must stand at or above the
  highest one in use, or the next would be one already given.
With `repair`, all of it is rewritten from the records in one unit of work.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

from ...domain.numbering import term_of
from ..number_counters import number_counter
from . import (attendance_numbers_repository, comment_repository, dialect, front_committee_repository,
               introduction_repository, letter_repository, meeting_repository, org_repository, reminder_repository)
from .database import Database
from .records import rewrite

# table -> (its key columns, its module's `columns`)
TABLES: dict[str, tuple[tuple[str, ...], Callable[[dict], dict]]] = {
    "letters": (("code",), letter_repository.columns),
    "comments": (("code",), comment_repository.columns),
    "introductions": (("code",), introduction_repository.columns),
    "meetings": (("id",), meeting_repository.columns),
    "register_summaries": (("cell_id", "year"), attendance_numbers_repository.columns),
    "units": (("id",), org_repository.unit_columns),
    "members": (("id",), org_repository.member_columns),
    "accounts": (("username",), org_repository.account_columns),
    "front_opinions": (("cell_id", "member_id", "year"), front_committee_repository.columns),
    "reminders": (("recipient", "key"), reminder_repository.columns),
}
BATCH = 2000

# the tables whose codes (VS-2026-00123) are numbered by the counter "<table>-<year>"
CODED = ("letters", "comments", "introductions")
LEADING_NUMBER = re.compile(r"^[0-9]+")


@dataclass
class CheckReport:
    differences: list[str] = field(default_factory=list)
    repaired: bool = False


def _stored_rows(db: Database, table: str, key: tuple[str, ...]):
    """Every row of `table`, a batch at a time (keyset pagination on its key)."""
    after: dict = {}
    names = ", ".join(key)
    while True:
        where = f"WHERE ({names}) > ({', '.join(':k_' + name for name in key)})" if after else ""
        batch = db.rows(f"SELECT * FROM {table} {where} ORDER BY {names} LIMIT {BATCH}", after)  # nosec B608: table and column names of our own code; every value is bound
        yield from batch
        if len(batch) < BATCH:
            return
        after = {f"k_{name}": batch[-1][name] for name in key}


def _columns_differing(db: Database, report: CheckReport) -> list[tuple[str, dict, dict]]:
    """(table, the row's key as stored, the columns its record gives) of each row whose columns differ."""
    wrong = []
    for table, (key, columns) in TABLES.items():
        for row in _stored_rows(db, table, key):
            want = columns(row["details"])
            differing = sorted(name for name in want if dialect.stored(db.dialect, name, want[name]) != row[name])
            if differing:
                shown = "/".join(str(row[name]) for name in key)
                report.differences.append(
                    f"bảng {table}, bản ghi {shown}: cột {', '.join(differing)} không khớp với bản ghi")
                wrong.append((table, {name: row[name] for name in key}, want))
    return wrong


def _attendance_differing(db: Database) -> list[dict]:
    """The records of the meetings whose attendance rows are not their entries."""
    stored: dict[str, list] = {}
    for row in db.rows("SELECT meeting_id, member_id, status, letter_code, details FROM attendance "
                       "ORDER BY meeting_id, member_id"):
        stored.setdefault(row["meeting_id"], []).append(row)
    wrong = []
    for row in _stored_rows(db, "meetings", ("id",)):
        if meeting_repository.attendance_rows(row["details"]) != stored.pop(row["id"], []):
            wrong.append(row["details"])
    return wrong


def _counters_in_use(db: Database) -> dict[str, tuple[int, int]]:
    """counter name -> (the highest number in use, the last number the counter gave), from
    the codes (VS-2026-00123) and the introductions' official numbers (12-GGT/ĐU, per
    committee and term: before a term's first letter, its numbering stands where the
    committee's per-year counters of its years left it)."""
    highest: dict[str, int] = {}
    for table in CODED:
        for row in db.rows(f"SELECT code FROM {table}"):  # nosec B608: table and column names of our own code; every value is bound
            _, year, number = row["code"].split("-")
            counter = f"{table}-{year}"
            highest[counter] = max(highest.get(counter, 0), int(number))
    found = {counter: (n, db.counter_position(counter)) for counter, n in highest.items()}
    highest_of_term: dict[tuple, int] = {}
    for row in db.rows("SELECT workplace_id, issued_on, details ->> 'number' AS number FROM introductions"):
        number = LEADING_NUMBER.match(row["number"] or "")
        if number:
            key = (row["workplace_id"], term_of(row["workplace_id"], dialect.day(row["issued_on"])))
            highest_of_term[key] = max(highest_of_term.get(key, 0), int(number.group()))
    for (issuer_id, term), n in highest_of_term.items():
        found[number_counter(issuer_id, term)] = (n, introduction_repository.number_position(db, issuer_id, term))
    return found


def check(db: Database, repair: bool = False) -> CheckReport:
    report = CheckReport()
    wrong_columns = _columns_differing(db, report)
    wrong_attendance = _attendance_differing(db)
    for record in wrong_attendance:
        report.differences.append(f"bảng attendance, buổi sinh hoạt {record['id']}: không khớp với bản ghi buổi sinh hoạt")
    low = []
    for counter, (n, current) in sorted(_counters_in_use(db).items()):
        if current < n:
            report.differences.append(f"bộ đếm {counter}: đang ở {current}, mã lớn nhất đã dùng là {n}")
            low.append((counter, n))
    if repair and report.differences:
        with db.transaction():
            for table, where, want in wrong_columns:
                rewrite(db, table, want, where)
            meeting_repository.rewrite_attendance(db, wrong_attendance)
            for counter, n in low:
                db.run("INSERT INTO counters (name, value) VALUES (:name, :value) "
                       "ON CONFLICT (name) DO UPDATE SET value = excluded.value", {"name": counter, "value": n})
        report.repaired = True
    return report
