"""What the schema itself guarantees, whatever code writes to it: one-time tokens are
used once, reference numbers never repeat, states are the domain's, kept documents
match their digest, and columns carry the records' own names."""
from __future__ import annotations

import hashlib

import psycopg
import pytest
from psycopg import errors

from forms_service.domain.access import Role
from forms_service.domain.accounts import Account
from forms_service.domain.comments import Comment, CommentState
from forms_service.domain.front import FrontOpinion
from forms_service.domain.reminders import Reminder, ReminderKind
from forms_service.domain.introductions import Introduction, IntroductionState
from forms_service.domain.letters import Letter, LetterState
from forms_service.domain.meetings import Meeting, MeetingKind
from forms_service.domain.members import Member, MemberStatus
from forms_service.domain.org import Unit, UnitKind
from forms_service.domain.register import Attendance, AttendanceEntry, CellYearNumbers

from .at_once import run_at_once

# table -> (the record it keeps, columns that are the repository's key rather than a field)
RECORDS = {"units": (Unit, set()), "members": (Member, set()), "accounts": (Account, set()),
           "meetings": (Meeting, set()), "attendance": (AttendanceEntry, {"meeting_id"}),
           "letters": (Letter, set()), "comments": (Comment, set()), "introductions": (Introduction, set()),
           "register_summaries": (CellYearNumbers, {"commune_id"}), "front_opinions": (FrontOpinion, set()),
           "reminders": (Reminder, set())}

# (table, column, the domain's values, a row with {value} in that column)
STATES = [
    ("units", "kind", UnitKind, "INSERT INTO units (id, kind) VALUES ('u', %s)"),
    ("members", "status", MemberStatus, "INSERT INTO members (id, workplace_id, status) VALUES ('m', 'w', %s)"),
    ("accounts", "role", Role, "INSERT INTO accounts (username, role) VALUES ('a', %s)"),
    ("meetings", "kind", MeetingKind, "INSERT INTO meetings (id, cell_id, date, kind) VALUES ('h', 'c', '2026-06-01', %s)"),
    ("letters", "state", LetterState, "INSERT INTO letters (code, member_id, cell_id, workplace_id, state, submitted_at, "
                                      "year) VALUES ('VS', 'm', 'c', 'w', %s, now(), 2026)"),
    ("comments", "state", CommentState, "INSERT INTO comments (code, year, member_id, workplace_id, cell_id, state) "
                                        "VALUES ('NX', 2026, 'm', 'w', 'c', %s)"),
    ("introductions", "state", IntroductionState, "INSERT INTO introductions (code, member_id, workplace_id, commune_id, "
                                                  "state, issued_on) VALUES ('GT', 'm', 'w', 'x', %s, '2026-01-05')"),
    ("reminders", "kind", ReminderKind, "INSERT INTO reminders (key, recipient, kind, shown_until) "
                                        "VALUES ('r', 'm.x', %s, '2026-12-01')"),
    ("attendance", "status", Attendance, "INSERT INTO attendance (meeting_id, member_id, status, letter_code) "
                                         "SELECT 'h1', 'm', %s, 'VS-2026-00001' FROM meetings WHERE id = 'h1'"),
]


def test_a_submission_token_is_used_once(migrated_database):
    with psycopg.connect(migrated_database) as connection:
        connection.execute("INSERT INTO tokens (token, result) VALUES ('t-1', 'VS-2026-00001')")
        connection.commit()
        with pytest.raises(errors.UniqueViolation):
            connection.execute("INSERT INTO tokens (token, result) VALUES ('t-1', 'VS-2026-00002')")


def test_reference_numbers_increase_per_counter_and_a_failed_save_leaves_a_gap(migrated_database):
    with psycopg.connect(migrated_database) as connection:
        take = lambda name: connection.execute("SELECT next_number(%s)", (name,)).fetchone()[0]  # noqa: E731
        assert [take("letters-2026") for _ in range(3)] == [1, 2, 3]
        assert take("comments-2026") == 1 and take("letters-2027") == 1
        long_name = "ggt-" + "dang-bo-co-quan-rat-dai-" * 5 + ".2026"
        assert [take(long_name), take(long_name)] == [1, 2]
        connection.commit()
        assert take("letters-2026") == 4
        connection.rollback()                     # the save that took 4 failed
        assert take("letters-2026") == 5
        connection.commit()


def test_concurrent_first_calls_of_a_new_counter_never_repeat_a_number(migrated_database):
    def client():
        with psycopg.connect(migrated_database) as connection:
            taken = []
            for _ in range(15):
                with connection.transaction():
                    taken.append(connection.execute("SELECT next_number('letters-2031')").fetchone()[0])
            return taken

    results, failures = run_at_once(6, client)
    assert failures == []
    taken = [number for numbers in results for number in numbers]
    assert sorted(taken) == list(range(1, 91))


@pytest.mark.parametrize("table, column, values, insert", STATES, ids=[f"{t}.{c}" for t, c, _, _ in STATES])
def test_state_columns_take_the_domain_values_and_nothing_else(migrated_database, table, column, values, insert):
    with psycopg.connect(migrated_database) as connection:
        connection.execute("INSERT INTO meetings (id, cell_id, date, kind) VALUES ('h1', 'c', '2026-06-01', 'dinh_ky')")
        for value in values:
            with connection.transaction(force_rollback=True):   # each value alone: keys may repeat
                assert connection.execute(insert, (str(value),)).rowcount == 1
        with pytest.raises(errors.CheckViolation):
            connection.execute(insert, ("khong_co",))


def test_excused_attendance_names_its_letter(migrated_database):
    with psycopg.connect(migrated_database) as connection:
        connection.execute("INSERT INTO meetings (id, cell_id, date, kind) VALUES ('h1', 'c', '2026-06-01', 'dinh_ky')")
        with pytest.raises(errors.CheckViolation):
            connection.execute("INSERT INTO attendance (meeting_id, member_id, status) VALUES ('h1', 'm', 'vang_co_don')")


def test_a_kept_document_matches_its_digest(migrated_database):
    content = b"%PDF-1.7 don xin vang"
    with psycopg.connect(migrated_database) as connection:
        connection.execute("INSERT INTO kept_documents (code, format, content, sha256) VALUES (%s, 'pdf', %s, %s)",
                           ("VS-2026-00001", content, hashlib.sha256(content).hexdigest()))
        with pytest.raises(errors.CheckViolation):
            connection.execute("INSERT INTO kept_documents (code, format, content, sha256) VALUES (%s, 'docx', %s, %s)",
                               ("VS-2026-00001", content + b" changed", hashlib.sha256(content).hexdigest()))


@pytest.mark.parametrize("table", RECORDS)
def test_columns_are_named_as_the_record_fields(migrated_database, table):
    """One name across layers: a column is a field (or property) of the record it keeps."""
    record, keys = RECORDS[table]
    with psycopg.connect(migrated_database) as connection:
        columns = {name for (name,) in connection.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = %s", (table,))}
    assert "details" in columns
    strangers = {c for c in columns - {"details"} - keys
                 if c not in record.__dataclass_fields__ and not isinstance(getattr(record, c, None), property)}
    assert strangers == set()

