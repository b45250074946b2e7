"""How the SQL store fails: a write conflict (deadlock, serialization failure) is tried once
more and then reported as a conflict, never as "cannot connect"; SQLite's file locked past
the busy timeout is said in Vietnamese; nothing is half-written either way."""
from __future__ import annotations

import sqlite3
import threading
import time
from datetime import date, datetime

import pytest

from forms_service.domain.clock import ZONE
from forms_service.domain.letters import Action, LetterState, new_letter, transition
from forms_service.domain.meetings import Meeting
from forms_service.storage import StoreError, open_store
from forms_service.storage.sql.database import UNAVAILABLE, ConflictError

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=ZONE)
MEETING = Meeting(id="khom-1~20261212-1", cell_id="khom-1", date=date(2026, 12, 12))
# PostgreSQL raises these SQLSTATEs itself, as it would for a real deadlock or serialization failure
RAISE_DEADLOCK = "DO $$ BEGIN RAISE EXCEPTION 'deadlock detected' USING ERRCODE = '40P01'; END $$"


def a_letter(repos, member_id="dv-1"):
    letter = new_letter(repos.letters.next_code(2026), member_id, "Nguyễn Văn An", "khom-1", "so-gd", [MEETING], [],
                        "om_dau", "", NOW, "dangvien")
    repos.letters.add(letter)
    return letter


@pytest.fixture
def postgres_repos(postgres_database):
    from forms_service.storage import migrate_database
    migrate_database(postgres_database)
    repos = open_store(postgres_database)
    yield repos
    repos.close()


def test_a_conflict_met_once_is_tried_again_and_saved(postgres_repos):
    repos = postgres_repos
    letter = a_letter(repos)
    tries = []

    def confirm(current):
        tries.append(current.state)
        if len(tries) == 1:
            repos.db.run(RAISE_DEADLOCK)
        return transition(current, Action.CONFIRM, NOW, "capuy")
    repos.letters.update(letter.code, confirm)
    assert tries == [LetterState.SUBMITTED, LetterState.SUBMITTED]   # the second try read the row afresh
    assert repos.letters.get(letter.code).state == LetterState.CONFIRMED


def test_a_conflict_met_twice_is_reported_as_a_conflict_and_saves_nothing(postgres_repos):
    repos = postgres_repos
    letter = a_letter(repos)
    tries = []

    def confirm(current):
        tries.append(current.state)
        repos.db.run(RAISE_DEADLOCK)
        return transition(current, Action.CONFIRM, NOW, "capuy")
    with pytest.raises(ConflictError) as failure:
        repos.letters.update(letter.code, confirm)
    assert len(tries) == 2
    message = str(failure.value)
    assert "Xung đột khi ghi" in message and "deadlock" in message and "đã thử lại một lần" in message
    assert UNAVAILABLE not in message
    assert repos.letters.get(letter.code) == letter


def test_a_real_deadlock_between_two_units_of_work_is_reported_as_a_conflict(postgres_repos, postgres_database):
    """Two units of work lock two letters in opposite orders: PostgreSQL breaks the deadlock by
    failing one of them, which is told as a conflict (inside a unit of work it is not retried:
    the unit's earlier steps are the caller's), while the other one is saved whole."""
    repos = postgres_repos
    first, second = a_letter(repos, "dv-1"), a_letter(repos, "dv-2")
    other = open_store(postgres_database)
    both_hold_one = threading.Barrier(2, timeout=10)

    def confirm_both(store, codes):
        def confirm(current):
            return transition(current, Action.CONFIRM, NOW, "capuy")
        with store.transaction():
            store.letters.update(codes[0], confirm)
            both_hold_one.wait()
            store.letters.update(codes[1], confirm)

    outcomes = {}

    def run(name, store, codes):
        try:
            confirm_both(store, codes)
            outcomes[name] = "saved"
        except StoreError as error:
            outcomes[name] = error

    threads = [threading.Thread(target=run, args=("a", repos, [first.code, second.code])),
               threading.Thread(target=run, args=("b", other, [second.code, first.code]))]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
    finally:
        other.close()
    failed = [error for error in outcomes.values() if error != "saved"]
    assert len(outcomes) == 2 and len(failed) == 1
    assert isinstance(failed[0], ConflictError) and "Xung đột khi ghi" in str(failed[0])
    assert UNAVAILABLE not in str(failed[0])
    assert {repos.letters.get(code).state for code in (first.code, second.code)} == {LetterState.CONFIRMED}


def test_a_sqlite_file_locked_past_the_busy_timeout_is_said_and_nothing_is_half_written(tmp_path):
    from forms_service.storage import migrate_database
    url = f"sqlite:///{tmp_path / 'store.db'}"
    migrate_database(url)
    repos = open_store(url)
    holder = sqlite3.connect(tmp_path / "store.db", isolation_level=None)
    try:
        letter = a_letter(repos)
        holder.execute("BEGIN IMMEDIATE")   # another process holds the write lock (a backup, a stuck writer)
        started = time.monotonic()
        with pytest.raises(StoreError) as failure:
            with repos.transaction():
                repos.letters.add(letter)
        assert time.monotonic() - started >= 4    # it waited for the busy timeout first
        assert "Cơ sở dữ liệu SQLite đang bị khóa" in str(failure.value)
        assert UNAVAILABLE not in str(failure.value)
        health = repos.check_health()
        assert (health["readable"], health["writable"]) == (True, False) and "bị khóa" in health["error"]
        assert repos.letters.get(letter.code) == letter     # reads go on while the file is locked
        holder.execute("ROLLBACK")
        assert repos.check_health() == {"readable": True, "writable": True}
        assert [x.code for x in repos.letters.for_member("dv-1")] == [letter.code]
    finally:
        holder.close()
        repos.close()


def test_a_full_sqlite_database_is_said_and_the_unit_of_work_saves_nothing(tmp_path):
    """The file may not grow (SQLite's own page limit, as a full disk would stop it): the
    change is refused whole, in words that say the disk is full, not that it cannot connect."""
    from forms_service.storage import migrate_database
    url = f"sqlite:///{tmp_path / 'store.db'}"
    migrate_database(url)
    repos = open_store(url)
    try:
        first = a_letter(repos)
        with pytest.raises(StoreError) as failure:
            with repos.transaction():
                pages = repos.db.row("PRAGMA page_count")["page_count"]
                repos.db.run(f"PRAGMA max_page_count = {pages}")   # this connection's file may not grow
                for n in range(2, 400):
                    a_letter(repos, f"dv-{n}")
        assert "Ổ đĩa của cơ sở dữ liệu đã đầy" in str(failure.value) and UNAVAILABLE not in str(failure.value)
        assert [x.code for x in repos.letters.for_cell("khom-1", 2026)] == [first.code]
    finally:
        repos.close()
