"""What the schema itself guarantees, on SQLite and PostgreSQL, whatever code writes to it:
one-time tokens are used once, reference numbers never repeat, states are the domain's, kept documents
match their digest, and columns carry the records' own names."""
from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import exc, text

from forms_service.domain.access import Role
from forms_service.domain.accounts import Account
from forms_service.domain.comments import Comment, CommentState
from forms_service.domain.front_committee import FrontOpinion
from forms_service.domain.reminders import Reminder, ReminderKind
from forms_service.domain.introductions import Introduction, IntroductionState
from forms_service.domain.letters import Letter, LetterState
from forms_service.domain.meetings import Meeting, MeetingKind
from forms_service.domain.members import Member, MemberStatus
from forms_service.domain.org import Unit, UnitKind
from forms_service.domain.attendance_register import Attendance, AttendanceEntry, CellYearNumbers

from forms_service.storage import open_store
from forms_service.storage.sql.database import Database
from forms_service.storage.sql.migrate import migrate

from .at_once import run_at_once

# table -> (the record it keeps, columns that are the repository's key rather than a field)
RECORDS = {"units": (Unit, set()), "members": (Member, set()), "accounts": (Account, set()),
           "meetings": (Meeting, set()), "attendance": (AttendanceEntry, {"meeting_id"}),
           "letters": (Letter, set()), "comments": (Comment, set()), "introductions": (Introduction, set()),
           "register_summaries": (CellYearNumbers, {"commune_id"}), "front_opinions": (FrontOpinion, set()),
           "reminders": (Reminder, set())}

# (table, column, the domain's values, a row with {value} in that column)
STATES = [
    ("units", "kind", UnitKind, "INSERT INTO units (id, kind) VALUES ('u', :value)"),
    ("members", "status", MemberStatus, "INSERT INTO members (id, workplace_id, status) VALUES ('m', 'w', :value)"),
    ("accounts", "role", Role, "INSERT INTO accounts (username, role) VALUES ('a', :value)"),
    ("meetings", "kind", MeetingKind, "INSERT INTO meetings (id, cell_id, date, kind) VALUES ('h', 'c', '2026-06-01', :value)"),
    ("letters", "state", LetterState, "INSERT INTO letters (code, member_id, cell_id, workplace_id, state, submitted_at, "
                                      "year) VALUES ('VS', 'm', 'c', 'w', :value, CURRENT_TIMESTAMP, 2026)"),
    ("comments", "state", CommentState, "INSERT INTO comments (code, year, member_id, workplace_id, cell_id, state) "
                                        "VALUES ('NX', 2026, 'm', 'w', 'c', :value)"),
    ("introductions", "state", IntroductionState, "INSERT INTO introductions (code, member_id, workplace_id, commune_id, "
                                                  "state, issued_on) VALUES ('GT', 'm', 'w', 'x', :value, '2026-01-05')"),
    ("reminders", "kind", ReminderKind, "INSERT INTO reminders (key, recipient, kind, shown_until) "
                                        "VALUES ('r', 'm.x', :value, '2026-12-01')"),
    ("attendance", "status", Attendance, "INSERT INTO attendance (meeting_id, member_id, status, letter_code) "
                                         "SELECT 'h1', 'm', :value, 'VS-2026-00001' FROM meetings WHERE id = 'h1'"),
]


def test_a_submission_token_is_used_once(migrated_database, connect):
    with connect(migrated_database) as connection:
        connection.execute(text("INSERT INTO tokens (token, result) VALUES ('t-1', 'VS-2026-00001')"))
        connection.commit()
        with pytest.raises(exc.IntegrityError):
            connection.execute(text("INSERT INTO tokens (token, result) VALUES ('t-1', 'VS-2026-00002')"))


def test_reference_numbers_increase_per_counter_and_never_repeat_one_saved(migrated_database):
    database = Database(migrated_database)
    try:
        take = database.next_number
        assert [take("letters-2026") for _ in range(3)] == [1, 2, 3]
        assert take("comments-2026") == 1 and take("letters-2027") == 1
        long_name = "ggt-" + "dang-bo-co-quan-rat-dai-" * 5 + ".2026"
        assert [take(long_name), take(long_name)] == [1, 2]
        assert take("ggt-so-gd.nk2025-2030", start=8) == 8 and take("ggt-so-gd.nk2025-2030", start=8) == 9
        with pytest.raises(RuntimeError), database.transaction():
            assert take("letters-2026") == 4
            database.run("INSERT INTO tokens (token, result) VALUES ('t', 'VS-2026-00004')")
            raise RuntimeError("the save that took 4 failed")
        assert database.row("SELECT count(*) AS n FROM tokens")["n"] == 0   # nothing holds 4
        # PostgreSQL took 4 at once, outside the unit of work: a gap; SQLite's one writer took it in the
        # unit of work, which gave it back: nothing was saved under it either way
        assert take("letters-2026") == (4 if database.dialect == "sqlite" else 5)
    finally:
        database.close()


def test_concurrent_first_calls_of_a_new_counter_never_repeat_a_number(migrated_database):
    def client():
        repos = open_store(migrated_database)
        try:
            taken = []
            for _ in range(15):
                with repos.transaction():
                    taken.append(repos.db.next_number("letters-2031"))
            return taken
        finally:
            repos.close()

    results, failures = run_at_once(6, client)
    assert failures == []
    taken = [number for numbers in results for number in numbers]
    assert sorted(taken) == list(range(1, 91))


@pytest.mark.parametrize("table, column, values, insert", STATES, ids=[f"{t}.{c}" for t, c, _, _ in STATES])
def test_state_columns_take_the_domain_values_and_nothing_else(migrated_database, connect, table, column, values,
                                                               insert):
    with connect(migrated_database) as connection:
        connection.execute(text("INSERT INTO meetings (id, cell_id, date, kind) "
                                "VALUES ('h1', 'c', '2026-06-01', 'dinh_ky')"))
        connection.commit()
        for value in values:
            assert connection.execute(text(insert), {"value": str(value)}).rowcount == 1
            connection.rollback()   # each value alone: keys may repeat
        with pytest.raises(exc.IntegrityError):
            connection.execute(text(insert), {"value": "khong_co"})


def test_excused_attendance_names_its_letter(migrated_database, connect):
    with connect(migrated_database) as connection:
        connection.execute(text("INSERT INTO meetings (id, cell_id, date, kind) "
                                "VALUES ('h1', 'c', '2026-06-01', 'dinh_ky')"))
        with pytest.raises(exc.IntegrityError):
            connection.execute(text("INSERT INTO attendance (meeting_id, member_id, status) "
                                    "VALUES ('h1', 'm', 'vang_co_don')"))


def test_a_kept_document_matches_its_digest_on_postgresql(postgres_database, connect):
    """PostgreSQL computes SHA-256 in SQL (SQLite has none: there, as on both, every read checks it)."""
    migrated_database = postgres_database
    migrate(migrated_database)
    content = b"%PDF-1.7 don xin vang"
    insert = text("INSERT INTO kept_documents (code, format, content, sha256) VALUES (:code, :format, :content, :sha)")
    with connect(migrated_database) as connection:
        connection.execute(insert, {"code": "VS-2026-00001", "format": "pdf", "content": content,
                                    "sha": hashlib.sha256(content).hexdigest()})
        with pytest.raises(exc.IntegrityError):
            connection.execute(insert, {"code": "VS-2026-00001", "format": "docx", "content": content + b" changed",
                                        "sha": hashlib.sha256(content).hexdigest()})


@pytest.mark.parametrize("table", RECORDS)
def test_columns_are_named_as_the_record_fields(migrated_database, connect, table):
    """One name across layers: a column is a field (or property) of the record it keeps."""
    import sqlalchemy
    record, keys = RECORDS[table]
    with connect(migrated_database) as connection:
        columns = {column["name"] for column in sqlalchemy.inspect(connection).get_columns(table)}
    assert "details" in columns
    strangers = {c for c in columns - {"details"} - keys
                 if c not in record.__dataclass_fields__ and not isinstance(getattr(record, c, None), property)}
    assert strangers == set()
