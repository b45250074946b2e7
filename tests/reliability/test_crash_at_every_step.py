"""A process that dies at any step of a change that touches several records leaves every
list a person uses either as it was before the change or as it is after it — never half
of it — and the store's own check finds nothing to repair.

Deterministic: the child process runs one use case of the application layer and kills
itself (SIGKILL, as a killed gunicorn worker dies) at its N-th step, for every N the change
makes. The lists are then read through the contract, from a store opened afresh: nothing is
finished or repaired after a crash, by design.

- TinyDB: a step is a durable file write (the kill comes right after it): the new file
  written beside the store's and fsynced, then put in its place. A change is one unit of
  work, so the store's file is the old one or the new one, never half of either.
- SQLite and PostgreSQL: a step is a statement that writes, or the COMMIT of a unit of work
  that wrote (the kill comes right before it). A change is one transaction, so a process
  killed anywhere inside it leaves the whole database as it was: every table's rows (not
  only the lists) are compared, save the counters of codes, which PostgreSQL takes outside
  the change on purpose (a gap, never a duplicate)."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest
import sqlalchemy

from forms_service.config import PROJECT_ROOT
from forms_service.domain import clock
from forms_service.domain.attendance_register import attendance_of
from forms_service.services.check import check_store
from forms_service.storage import is_database_url, open_store
from forms_service.storage.sql.dialect import database_url
from tests.conftest import copy_of_sqlite_demo
from tests.postgres_cluster import fresh_database

pytestmark = pytest.mark.calendar

# Each hook counts the child's steps in `steps` and kills it at the one named by argv[3].
TINYDB_STEPS = """
import json, os, signal, sys
from forms_service.storage.tinydb import atomic

crash_after = int(sys.argv[3])
steps = []

def note_write(path):
    steps.append("w")
    if len(steps) == crash_after:
        os.kill(os.getpid(), signal.SIGKILL)

atomic.note_write = note_write
"""

SQL_STEPS = """
import json, os, signal, sys
from sqlalchemy import event
from sqlalchemy.engine import Engine

crash_after = int(sys.argv[3])
steps = []                 # "r" a statement that reads, "w" one that writes, "c" the COMMIT of one that wrote
wrote = [False]            # whether the open unit of work wrote (one unit of work at a time: one thread)

def step(kind):
    steps.append(kind)
    if len(steps) == crash_after:
        os.kill(os.getpid(), signal.SIGKILL)

def statement(conn, cursor, text, parameters, context, executemany):
    writes = text.lstrip()[:6].upper() in ("INSERT", "UPDATE", "DELETE")
    step("w" if writes else "r")
    wrote[0] |= writes

def commit(conn):
    # fired right before the database's COMMIT of a unit of work (or of one statement alone)
    if wrote[0]:
        step("c")
    wrote[0] = False

event.listen(Engine, "before_cursor_execute", statement)
event.listen(Engine, "commit", commit)
"""

CHANGE = """
from datetime import timedelta
from forms_service.domain import clock
from forms_service.domain.access import Role
from forms_service.domain.attendance_register import Attendance, record_attendance
from forms_service.domain.introductions import ChangeKind
from forms_service.domain.letters import Action
from forms_service.domain.meetings import Meeting
from forms_service.services import accounts, attendance_register, comments, introductions, letters
from forms_service.storage import open_store

repos, case = open_store(sys.argv[1]), sys.argv[2]
member = repos.members.get("dv-001")
today = clock.today()
if case == "letter":
    meeting = repos.meetings.for_cell(member.residence_cell_id)[-1]  # any year: `serve`'s test runs it on other dates
    letters.submit(repos, "dangvien", member, [meeting.id], [], "cong_tac", "đi công tác", "token-of-a-crash",
                   mail=True)
elif case == "letter_step":
    waiting = repos.letters.waiting_for_workplace(member.workplace_id)[0]
    letters.take_step(repos, "capuy", waiting.code, Action.CONFIRM, mail=True)
elif case == "comments":
    comments.request(repos, "capuy", member.workplace_id, today.year, repos.members.of_workplace(member.workplace_id),
                     "token-of-a-crash")
elif case == "introduction":
    introductions.issue_letter(repos, "capuy", member, "phuong-hoa-an-tay", "chi-bo-khom-2", today, "", "token-of-a-crash")
elif case == "receipt":
    waiting = repos.introductions.waiting_for_commune("phuong-hoa-an-tay")[0]
    introductions.receive_letter(repos, "xaphuong", waiting.code, today, "chi-bo-khom-1", "")
elif case == "change":
    introductions.record_change(repos, "capuy", member, ChangeKind.MOVED_HOUSE, today, "", "token-of-a-crash",
                                new_commune_id="phuong-hoa-an-tay", new_address="Số 3, Khóm 2")
elif case == "workplace_change":
    introductions.record_change(repos, "capuy", member, ChangeKind.CHANGED_WORKPLACE, today, "", "token-of-a-crash",
                                new_workplace_id="dang-uy-benh-vien-tinh")
elif case == "meeting":
    attendance_register.schedule_meeting(repos, "bithu", Meeting(id="", cell_id="chi-bo-khom-1",
                                                                 date=today + timedelta(days=3),
                                                                 place="Nhà văn hóa", topic="Họp"), "token-of-a-crash")
elif case == "attendance":
    held = repos.meetings.for_cell("chi-bo-khom-1", today.year)[0]
    attendance_register.record_attendance(repos, "bithu", held.id, lambda m: record_attendance(
        m, "dv-001", Attendance.UNEXCUSED, by="bithu", at=clock.now()))
elif case == "account":
    accounts.create_account(repos, "quantri", "bithu9", "Bí thư mới", Role.CELL_SECRETARY, "mat-khau-du-dai",
                            unit_id="chi-bo-khom-1")
print(json.dumps(steps))
"""

CASES = ["letter", "letter_step", "comments", "introduction", "receipt", "change", "workplace_change", "meeting",
         "attendance", "account"]


def _run(store, case: str, crash_after: int) -> subprocess.CompletedProcess:
    hook = SQL_STEPS if is_database_url(store) else TINYDB_STEPS
    return subprocess.run([sys.executable, "-c", hook + CHANGE, str(store), case, str(crash_after)],
                          cwd=PROJECT_ROOT, capture_output=True, timeout=120, text=True)


def _steps(done: subprocess.CompletedProcess) -> list[str]:
    return json.loads(done.stdout.strip().splitlines()[-1])


def lists_a_person_uses(repos) -> dict:
    """What the member, the officers, the secretaries and oversight see, as codes and states."""
    year = clock.today().year
    member = repos.members.get("dv-001")

    def codes(items):
        return sorted((x.code, str(x.state)) for x in items)
    latest = repos.introductions.latest_for_member("dv-001")
    return {
        "member's letters": codes(repos.letters.for_member("dv-001")),
        "workplace waiting": codes(repos.letters.waiting_for_workplace("dang-uy-so-giao-duc")),
        "cell waiting": codes(repos.letters.waiting_for_cell("chi-bo-khom-1")),
        "cell's letters": codes(repos.letters.for_cell("chi-bo-khom-1", year)),
        "workplace comments": codes(repos.comments.for_workplace("dang-uy-so-giao-duc", year)),
        "cell comments": codes(repos.comments.for_cell("chi-bo-khom-1", year)),
        "commune waiting": codes(repos.introductions.waiting_for_commune("phuong-hoa-an-tay")),
        "latest introduction": latest.code if latest else None,
        "member's cell": member.residence_cell_id,
        "workplaces": {w: sorted(m.id for m in repos.members.of_workplace(w))
                       for w in ("dang-uy-so-giao-duc", "dang-uy-benh-vien-tinh")},
        "attendance_registers": {cell: sorted(m.id for m in repos.members.of_cell(cell)) for cell in ("chi-bo-khom-1", "chi-bo-khom-2")},
        "meetings": [(m.id, sorted((k, str(v.status)) for k, v in attendance_of(m).items()))
                     for m in repos.meetings.for_cell("chi-bo-khom-1", year)],
        "oversight": sorted(str(n.to_record()) for n in repos.attendance_numbers.summary("phuong-hoa-an-tay", year)),
        "accounts of the cell": sorted(a.username for a in repos.accounts.of_unit("chi-bo-khom-1")),
        "token": repos.tokens.used("token-of-a-crash"),
        "mail waiting": sorted(m["about"] for m in repos.outbox.waiting(limit=10_000)),
        "audit lines": len(repos.audit.entries(limit=100_000)),
    }


@pytest.mark.parametrize("case", CASES)
def test_a_crash_at_any_step_leaves_every_list_before_or_after(case, demo_store, tmp_path):
    """TinyDB: a change of several records, one file written whole, old or new."""
    before = lists_a_person_uses(open_store(shutil.copytree(demo_store, tmp_path / "before")))
    whole_store = shutil.copytree(demo_store, tmp_path / "whole")
    whole = _run(whole_store, case, crash_after=10_000)
    assert whole.returncode == 0, whole.stderr[-2000:]
    after = lists_a_person_uses(open_store(whole_store))
    assert after != before, "the change changed nothing a person sees"
    steps = len(_steps(whole))
    assert steps >= 2, "a change of several records"
    for crash_after in range(1, steps + 1):
        store = shutil.copytree(demo_store, tmp_path / f"crash-{crash_after}")
        done = _run(store, case, crash_after)
        assert done.returncode == -9, done.stderr[-2000:]
        repos = open_store(store)
        seen = lists_a_person_uses(repos)
        assert seen in (before, after), f"{case}: crash after write {crash_after} of {steps}"
        assert check_store(repos).differences == [], f"{case}: crash after write {crash_after} of {steps}"


def every_row(url: str) -> dict[str, tuple[int, str]]:
    """Each table's rows, counted and digested; the counters of codes left out (see above)."""
    engine = sqlalchemy.create_engine(database_url(url))
    try:
        with engine.connect() as connection:
            return {table: (len(rows), str(sorted(repr(tuple(row)) for row in rows)))
                    for table in sorted(sqlalchemy.inspect(connection).get_table_names()) if table != "counters"
                    for rows in [connection.exec_driver_sql(f"SELECT * FROM {table}").all()]}
    finally:
        engine.dispose()


def seen_on(url: str) -> tuple[dict, dict]:
    repos = open_store(url)
    try:
        assert check_store(repos).differences == []
        return lists_a_person_uses(repos), every_row(url)
    finally:
        repos.close()


@pytest.fixture(params=["sqlite", "postgres"])
def fresh_demo(request, tmp_path):
    """`fresh_demo()`: a context giving the URL of a new database holding the demo, on the test's engine."""
    from contextlib import contextmanager
    if request.param == "sqlite":
        demo, made = request.getfixturevalue("demo_sqlite"), iter(range(1_000_000))

        @contextmanager
        def sqlite_copy():
            folder = tmp_path / f"copy-{next(made)}"
            folder.mkdir()
            yield copy_of_sqlite_demo(demo, folder)
        return sqlite_copy
    postgres_url, template = request.getfixturevalue("postgres_url"), request.getfixturevalue("demo_database")
    return lambda: fresh_database(postgres_url, template=template)


@pytest.mark.parametrize("case", CASES)
def test_on_sql_a_change_killed_inside_its_transaction_saves_nothing_of_it(case, fresh_demo):
    with fresh_demo() as url:
        before = seen_on(url)
        whole = _run(url, case, crash_after=10_000)
        assert whole.returncode == 0, whole.stderr[-2000:]
        after = seen_on(url)
    assert after[0] != before[0], "the change changed nothing a person sees"
    steps = _steps(whole)
    assert steps.count("c") == 1, f"{case}: one unit of work that writes ({''.join(steps)})"
    commit = steps.index("c")
    assert steps[:commit].count("w") >= 2, "a change of several rows"
    for crash_at in [n for n, kind in enumerate(steps, start=1) if kind in "wc"]:
        with fresh_demo() as url:
            done = _run(url, case, crash_at)
            assert done.returncode == -9, done.stderr[-2000:]
            seen = seen_on(url)
        where = f"{case}: killed at step {crash_at} of {''.join(steps)}"
        assert seen == (before if crash_at <= commit + 1 else after), where
