"""What only the SQL store has for the records, on SQLite and PostgreSQL: transitions from
several clients at once (under `SELECT … FOR UPDATE` on PostgreSQL, SQLite's one writer),
attendance rows that follow the meeting record, and a `check` that finds (and repairs)
columns or counters changed behind the service's back."""
from __future__ import annotations

import time
from datetime import date, datetime

import pytest

from forms_service.domain.clock import ZONE
from forms_service.domain.letters import Action, LetterError, LetterState, new_letter, transition
from forms_service.domain.introductions import issue
from forms_service.domain.meetings import Meeting
from forms_service.domain.members import Member
from forms_service.domain.numbering import Term, term_of
from forms_service.domain.attendance_register import Attendance, record_attendance
from forms_service.storage import StoreError, open_store

from .at_once import run_at_once

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=ZONE)
MEETING = Meeting(id="khom-1~20261212-1", cell_id="khom-1", date=date(2026, 12, 12))


@pytest.fixture
def repos(migrated_database):
    repos = open_store(migrated_database)
    yield repos
    repos.close()


def a_letter(repos, member_id="dv-1"):
    letter = new_letter(repos.letters.next_code(2026), member_id, "Nguyễn Văn An", "khom-1", "so-gd", [MEETING], [],
                        "om_dau", "", NOW, "dangvien")
    repos.letters.add(letter)
    return letter


def test_clients_deciding_one_letter_at_once_make_one_decision(repos):
    letter = a_letter(repos)

    def slowly_confirmed(current):
        time.sleep(0.2)   # a change that takes a while: without the lock, every client would read "sent"
        return transition(current, Action.CONFIRM, NOW, "capuy")

    def decide():
        return repos.letters.update(letter.code, slowly_confirmed)
    decided, refused = run_at_once(6, decide)
    # the others wait for the first one's lock, then see the letter confirmed and are refused
    assert len(decided) == 1 and len(refused) == 5 and all(isinstance(error, LetterError) for error in refused)
    stored = repos.letters.get(letter.code)
    assert stored.state == LetterState.CONFIRMED and len(stored.history) == len(letter.history) + 1
    assert [x.code for x in repos.letters.waiting_for_cell("khom-1")] == [letter.code]


def test_attendance_recorded_by_many_clients_at_once_is_all_kept(repos):
    meeting = repos.meetings.add(Meeting(id="", cell_id="khom-1", date=date(2026, 6, 14)))
    members = iter(f"dv-{n}" for n in range(8))

    def record():
        member_id = next(members)
        return repos.meetings.update(meeting.id, lambda m: record_attendance(m, member_id, Attendance.PRESENT,
                                                                             by="bithu", at=NOW))
    done, failed = run_at_once(8, record)
    assert failed == [] and len(done) == 8
    assert len(repos.meetings.get(meeting.id).extra["attendance"]) == 8
    rows = repos.db.rows("SELECT member_id, status FROM attendance WHERE meeting_id = :id ORDER BY member_id",
                         {"id": meeting.id})
    assert rows == [{"member_id": f"dv-{n}", "status": "co_mat"} for n in range(8)]


def test_attendance_rows_follow_the_meeting_record(repos):
    meeting = repos.meetings.add(Meeting(id="", cell_id="khom-1", date=date(2026, 6, 14)))
    repos.meetings.update(meeting.id, lambda m: record_attendance(m, "dv-1", Attendance.UNEXCUSED, by="b", at=NOW))
    changed = repos.meetings.update(meeting.id, lambda m: record_attendance(m, "dv-1", Attendance.FORCE_MAJEURE,
                                                                            by="b", at=NOW, note="Bão lũ"))
    [row] = repos.db.rows("SELECT member_id, status, details FROM attendance WHERE meeting_id = :id",
                           {"id": meeting.id})
    assert (row["member_id"], row["status"]) == ("dv-1", "bat_kha_khang")
    assert row["details"] == changed.extra["attendance"]["dv-1"]


def test_a_refused_change_saves_nothing_inside_a_unit_of_work(repos):
    letter = a_letter(repos)
    with pytest.raises(LetterError), repos.transaction():
        repos.letters.update(letter.code, lambda x: transition(x, Action.CONFIRM, NOW, "capuy"))
        repos.letters.update(letter.code, lambda x: transition(x, Action.CONFIRM, NOW, "capuy"))
    assert repos.letters.get(letter.code) == letter


def test_check_finds_and_repairs_a_column_changed_behind_its_back(repos):
    letter = a_letter(repos)
    meeting = repos.meetings.add(Meeting(id="", cell_id="khom-1", date=date(2026, 6, 14)))
    repos.meetings.update(meeting.id, lambda m: record_attendance(m, "dv-1", Attendance.PRESENT, by="b", at=NOW))
    assert repos.check().differences == []
    repos.db.run("UPDATE letters SET state = 'chi_bo_dong_y', cell_id = 'khom-9' WHERE code = :code",
                 {"code": letter.code})
    repos.db.run("UPDATE attendance SET status = 'vang_khong_ly_do' WHERE meeting_id = :id", {"id": meeting.id})
    assert repos.letters.waiting_for_workplace("so-gd") == []   # the page would have lost it

    found = repos.check()
    assert not found.repaired and len(found.differences) == 2
    assert f"bảng letters, bản ghi {letter.code}: cột cell_id, state" in found.differences[0]
    assert meeting.id in found.differences[1]
    assert repos.check().differences == found.differences   # a check without repair changes nothing

    repaired = repos.check(repair=True)
    assert repaired.repaired and repaired.differences == found.differences
    assert repos.check().differences == []
    assert [x.code for x in repos.letters.waiting_for_workplace("so-gd")] == [letter.code]
    assert repos.db.row("SELECT status FROM attendance WHERE meeting_id = :id", {"id": meeting.id})["status"] == "co_mat"


def test_check_raises_a_counter_left_behind_the_highest_code(repos):
    letters = [a_letter(repos, f"dv-{n}") for n in range(3)]
    assert letters[-1].code == "VS-2026-00003"
    repos.db.run("UPDATE counters SET value = 1 WHERE name = 'letters-2026'")   # as a restore of an older dump might

    found = repos.check()
    assert found.differences == ["bộ đếm letters-2026: đang ở 1, mã lớn nhất đã dùng là 3"]
    assert repos.check(repair=True).repaired
    assert repos.check().differences == []
    assert repos.letters.next_code(2026) == "VS-2026-00004"


def test_check_creates_a_missing_counter_for_codes_in_use(repos):
    """Records copied in without their counters (a store moved by hand) still get codes after theirs."""
    a_letter(repos)
    repos.db.run("DELETE FROM counters WHERE name = 'letters-2026'")
    assert repos.check().differences == ["bộ đếm letters-2026: đang ở 0, mã lớn nhất đã dùng là 1"]
    repos.check(repair=True)
    assert repos.letters.next_code(2026) == "VS-2026-00002"




def test_emptiness_and_health(repos):
    assert repos.is_empty()
    assert repos.check_health() == {"readable": True, "writable": True}
    assert repos.is_empty()          # the health probe is not data
    a_letter(repos)
    assert not repos.is_empty()


@pytest.mark.parametrize("url, said", [("postgresql://nobody@/sotay213?host=/nonexistent-socket-folder",
                                         "Không kết nối được tới cơ sở dữ liệu PostgreSQL"),
                                        ("sqlite:////nonexistent-folder/store.db",
                                         "Không có tệp cơ sở dữ liệu SQLite /nonexistent-folder/store.db")])
def test_health_of_a_store_that_is_not_there_says_so_without_raising(url, said):
    repos = open_store(url)
    try:
        health = repos.check_health()
    finally:
        repos.close()
    assert health["readable"] is False and health["writable"] is False
    assert said in health["error"]


def test_health_of_a_server_that_refuses_writes(postgres_database):
    """PostgreSQL (SQLite's refusal to write is a locked file: test_failures_on_sql.py)."""
    from forms_service.storage import migrate_database
    migrate_database(postgres_database)
    repos = open_store(postgres_database)
    try:
        repos.db.run(f'ALTER DATABASE "{repos.db.row("SELECT current_database() AS name")["name"]}" '
                     "SET default_transaction_read_only = on")
    finally:
        repos.close()
    read_only = open_store(postgres_database)   # new connections take the setting
    try:
        health = read_only.check_health()
    finally:
        read_only.close()
    assert (health["readable"], health["writable"]) == (True, False) and "read-only" in health["error"]


def test_two_meetings_added_at_once_for_one_day_get_two_ids(repos):
    added, failed = run_at_once(8, lambda: repos.meetings.add(Meeting(id="", cell_id="khom-1", date=date(2026, 6, 14))))
    assert failed == []
    assert sorted(m.id for m in added) == [f"khom-1~20260614-{n}" for n in range(1, 9)]
    assert len(repos.meetings.for_cell("khom-1", 2026)) == 8


def test_check_raises_the_counter_of_a_committees_official_numbers(repos):
    member = Member(id="dv-1", full_name="Nguyễn Văn An", sex="Nam", birth_date=date(1980, 1, 1),
                    admission_date=date(2005, 1, 1), workplace_id="so-gd", workplace_cell="Chi bộ 1")
    for number in (1, 7):   # numbered by hand before the service, say
        repos.introductions.add(issue(repos.introductions.next_code(2026), f"{number}-GGT/ĐU", member, "phuong-a",
                                      None, date(2026, 3, number), "capuy"))
    assert repos.check().differences == ["bộ đếm ggt-so-gd.nk2025-2030: đang ở 0, mã lớn nhất đã dùng là 7"]
    repos.check(repair=True)
    assert repos.introductions.next_number("so-gd", term_of("so-gd", date(2027, 1, 5))) == 8  # same term
    assert repos.introductions.next_number("so-gd", Term("2030-2035", date(2030, 7, 1))) == 1


def test_check_counts_the_yearly_counters_until_the_terms_first_letter(repos):
    """Numbers given by the per-year counters before numbering by term: the term's numbering
    stands where they left it, so check finds nothing to raise."""
    member = Member(id="dv-1", full_name="Nguyễn Văn An", sex="Nam", birth_date=date(1980, 1, 1),
                    admission_date=date(2005, 1, 1), workplace_id="so-gd", workplace_cell="Chi bộ 1")
    for day in (1, 2):
        number = repos.db.next_number("ggt-so-gd.2026")
        repos.introductions.add(issue(repos.introductions.next_code(2026), f"{number}-GGT/ĐU", member, "phuong-a",
                                      None, date(2026, 3, day), "capuy"))
    assert repos.check().differences == []
    assert repos.introductions.next_number("so-gd", term_of("so-gd", date(2027, 1, 5))) == 3


def test_columns_of_a_stored_record_are_the_records_own(repos):
    letter = a_letter(repos)
    row = repos.db.row("SELECT * FROM letters WHERE code = :code", {"code": letter.code})
    assert row["details"]["v"] == 1 and row["details"]["code"] == letter.code
    assert (row["state"], row["year"]) == ("da_gui", 2026)
    assert row["dates"] in ([date(2026, 12, 12)], '["2026-12-12"]')   # a date[], or SQLite's JSON list
    with pytest.raises(StoreError):
        repos.letters.add(letter)
