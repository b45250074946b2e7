"""Several gunicorn workers, many clients sending absence letters through the real
journey: nothing acknowledged is lost or doubled, even when workers or the whole server
are killed or a backup is taken meanwhile. Each runs once on each store: a TinyDB folder
(whose files must also all parse), a SQLite file and a PostgreSQL database. The backup is
taken and restored by `python -m forms_service backup` and `restore` on each (SQLite's online
backup, pg_dump's snapshot, the folder's archive)."""
from __future__ import annotations

import pytest

from bench.letter_load import LetterWorkload
from bench.reliability import backup_under_load, concurrent_clients, killed_server, killed_workers

from ..conftest import STORE_BACKENDS

pytestmark = pytest.mark.calendar

MEMBERS = ["dangvien", "dangvien2"]  # the demo's member accounts; each client has its own session


@pytest.fixture(params=STORE_BACKENDS)
def backend(request) -> str:
    return request.param


def test_every_acknowledged_letter_is_stored_exactly_once(demo_location, tmp_path, password):
    outcome = concurrent_clients(LetterWorkload(MEMBERS, password), demo_location, tmp_path / "instance",
                                 workers=3, threads=8, duration_s=4)
    assert outcome["acknowledged"] > 8
    assert outcome["missing"] == 0 and outcome["duplicated"] == 0 and outcome["acknowledged_twice"] == 0
    assert outcome["extra_unacknowledged"] == 0
    assert outcome["errors"] == []
    assert outcome["broken_files"] == [] and outcome["index_problems"] == []


def test_workers_killed_under_load_lose_nothing_acknowledged(demo_location, tmp_path, password):
    outcome = killed_workers(LetterWorkload(MEMBERS, password), demo_location, tmp_path / "instance",
                             workers=2, threads=6, duration_s=6, kills=3)
    assert outcome["kills"] == 3
    assert outcome["acknowledged"] > 0
    assert outcome["missing"] == 0 and outcome["duplicated"] == 0
    # Every file whole, and every stored letter found through its index (each write step
    # of every multi-record change is also crashed on purpose in test_crash_at_every_step.py).
    assert outcome["broken_files"] == [] and outcome["index_problems"] == []


def test_the_whole_server_killed_under_load_loses_nothing_acknowledged_and_starts_again(demo_location, tmp_path,
                                                                                        password):
    outcome = killed_server(LetterWorkload(MEMBERS, password), demo_location, tmp_path / "instance",
                            workers=2, threads=6, duration_s=6)
    assert outcome["killed_processes"] == 3   # the master and its two workers
    assert outcome["acknowledged"] > outcome["acknowledged_after_restart"] > 0
    assert outcome["errors_after_restart"] == []
    assert outcome["missing"] == 0 and outcome["duplicated"] == 0 and outcome["acknowledged_twice"] == 0
    assert outcome["broken_files"] == [] and outcome["index_problems"] == []


def test_backup_taken_under_load_restores_a_whole_store(demo_location, tmp_path, password):
    outcome = backup_under_load(LetterWorkload(MEMBERS, password), demo_location, tmp_path / "instance",
                                tmp_path, threads=6, duration_s=5)
    assert outcome["acknowledged"] > 0, "nothing was acknowledged before the backup began"
    assert outcome["missing"] == 0 and outcome["duplicated"] == 0
    assert outcome["broken_files"] == [] and outcome["index_problems"] == []
