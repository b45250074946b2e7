"""`check` on PostgreSQL: the records are the truth, the rest is derived from them.

There are no index files to rebuild here (the database keeps its indexes itself), but two
things are copies that could drift if a row were changed behind the service's back:
- each table's real columns, copies of its record (`columns(details)` of the table's
  repository module), and the attendance rows, copies of each meeting's entries;
- the sequences of reference codes, which must stand at or above the highest code in use,
  or the next code would be one already given.
With `repair`, the columns are rewritten from the records in one transaction, then the
sequences are raised (a sequence stands outside transactions, as it does for every number).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from psycopg import sql

from ...domain.numbering import term_of
from ..number_counters import number_counter

from . import (comment_repository, front_repository, introduction_repository, letter_repository, meeting_repository,
               org_repository, register_repository, reminder_repository)
from .database import Database
from .records import names, plain, rewrite

# table -> (its key columns, its module's `columns`)
TABLES: dict[str, tuple[tuple[str, ...], Callable[[dict], dict]]] = {
    "letters": (("code",), letter_repository.columns),
    "comments": (("code",), comment_repository.columns),
    "introductions": (("code",), introduction_repository.columns),
    "meetings": (("id",), meeting_repository.columns),
    "register_summaries": (("cell_id", "year"), register_repository.columns),
    "units": (("id",), org_repository.unit_columns),
    "members": (("id",), org_repository.member_columns),
    "accounts": (("username",), org_repository.account_columns),
    "front_opinions": (("cell_id", "member_id", "year"), front_repository.columns),
    "reminders": (("recipient", "key"), reminder_repository.columns),
}
BATCH = 2000

# the tables whose codes (VS-2026-00123) are numbered by the counter "<table>-<year>"
CODED = ("letters", "comments", "introductions")

ATTENDANCE_DIFFERING = """
SELECT DISTINCT meeting_id FROM (
    (SELECT meeting_id, member_id, status, letter_code, details FROM attendance_in_meetings
     EXCEPT SELECT meeting_id, member_id, status, letter_code, details FROM attendance)
    UNION ALL
    (SELECT meeting_id, member_id, status, letter_code, details FROM attendance
     EXCEPT SELECT meeting_id, member_id, status, letter_code, details FROM attendance_in_meetings)) AS differing
ORDER BY meeting_id"""


@dataclass
class CheckReport:
    differences: list[str] = field(default_factory=list)
    repaired: bool = False
    finished: list[str] = field(default_factory=list)  # nothing to finish: a transaction is whole or absent


def _stored_rows(db: Database, table: str, key: tuple[str, ...]):
    """Every row of `table`, a batch at a time (keyset pagination on its key)."""
    after: tuple = ()
    while True:
        where = sql.SQL("WHERE ({}) > ({})").format(names(key), sql.SQL(", ").join([sql.Placeholder()] * len(key)))
        batch = db.rows(sql.SQL("SELECT * FROM {} {} ORDER BY {} LIMIT {}").format(
            sql.Identifier(table), where if after else sql.SQL(""), names(key), sql.Literal(BATCH)), after)
        yield from batch
        if len(batch) < BATCH:
            return
        after = tuple(batch[-1][name] for name in key)


def _columns_differing(db: Database, report: CheckReport) -> list[tuple[str, dict, dict]]:
    """(table, the row's key as stored, the columns its record gives) of each row whose columns differ."""
    wrong = []
    for table, (key, columns) in TABLES.items():
        for row in _stored_rows(db, table, key):
            want = columns(row["details"])
            names = sorted(name for name in want if plain(want[name]) != row[name])
            if names:
                shown = "/".join(str(row[name]) for name in key)
                report.differences.append(f"bảng {table}, bản ghi {shown}: cột {', '.join(names)} không khớp với bản ghi")
                wrong.append((table, {name: row[name] for name in key}, want))
    return wrong


def _counters_in_use(db: Database) -> dict[str, tuple[int, int]]:
    """counter name -> (the highest number in use, the last number the counter gave), from
    the codes (VS-2026-00123) and the introductions' official numbers (12-GGT/ĐU, per
    committee and term: before a term's first letter, its numbering stands where the
    committee's per-year counters of its years left it)."""
    found: dict[str, tuple[int, int]] = {}
    for table in CODED:
        for row in db.rows(sql.SQL("SELECT split_part(code, '-', 2) AS year, max(split_part(code, '-', 3)::int) AS n "
                                   "FROM {} GROUP BY 1").format(sql.Identifier(table))):
            counter = f"{table}-{row['year']}"
            found[counter] = (row["n"], db.counter_position(counter))
    highest_of_term: dict[tuple, int] = {}
    for row in db.rows("SELECT workplace_id, issued_on, "
                       "max(substring(details ->> 'number' FROM '^[0-9]+')::int) AS n "
                       "FROM introductions WHERE details ->> 'number' ~ '^[0-9]+' GROUP BY 1, 2"):
        key = (row["workplace_id"], term_of(row["workplace_id"], row["issued_on"]))
        highest_of_term[key] = max(highest_of_term.get(key, 0), row["n"])
    for (issuer_id, term), highest in highest_of_term.items():
        found[number_counter(issuer_id, term)] = (highest, introduction_repository.number_position(db, issuer_id, term))
    return found


def check(db: Database, repair: bool = False) -> CheckReport:
    report = CheckReport()
    wrong_columns = _columns_differing(db, report)
    wrong_attendance = [row["meeting_id"] for row in db.rows(ATTENDANCE_DIFFERING)]
    for meeting_id in wrong_attendance:
        report.differences.append(f"bảng attendance, buổi sinh hoạt {meeting_id}: không khớp với bản ghi buổi sinh hoạt")
    low = []
    for counter, (highest, current) in sorted(_counters_in_use(db).items()):
        if current < highest:
            report.differences.append(f"bộ đếm {counter}: đang ở {current}, mã lớn nhất đã dùng là {highest}")
            low.append((counter, highest))
    if repair and report.differences:
        with db.transaction():
            for table, where, want in wrong_columns:
                rewrite(db, table, want, where)
            if wrong_attendance:
                db.run("DELETE FROM attendance WHERE meeting_id = ANY(%s)", (wrong_attendance,))
                db.run("INSERT INTO attendance (meeting_id, member_id, status, letter_code, details) "
                       "SELECT meeting_id, member_id, status, letter_code, details FROM attendance_in_meetings "
                       "WHERE meeting_id = ANY(%s)", (wrong_attendance,))
        for counter, highest in low:
            _raise_sequence(db, counter, highest)
        report.repaired = True
    return report


def _raise_sequence(db: Database, counter: str, highest: int) -> None:
    """Set the counter's sequence so that its next number follows `highest` (created first if missing)."""
    if db.row("SELECT 1 AS found FROM counters WHERE name = %s", (counter,)) is None:
        db.next_number(counter)
    db.row("SELECT setval(format('%%I', sequence_name)::regclass, %s) FROM counters WHERE name = %s",
           (highest, counter))
