"""A process that dies at any step of sending a letter must not leave a letter that a
list shows but that cannot be opened, nor a used token that points at no letter.
Deterministic: the child process kills itself (SIGKILL, as a killed gunicorn worker
would die) right after its N-th file write, for every N the submission makes
(test_under_load shows workers dying for real)."""
from __future__ import annotations

import subprocess
import sys

from forms_service.config import PROJECT_ROOT
from forms_service.domain import clock
from forms_service.storage import open_store

DIE_AFTER_WRITE_N = """
import os, signal, sys
from contextlib import contextmanager
from forms_service.domain import clock
from forms_service.domain.letters import new_letter
from forms_service.storage import open_store
from forms_service.storage.store import Shard

repos, crash_after = open_store(sys.argv[1]), int(sys.argv[2])
member = repos.members.get("dv-001")
meeting = repos.meetings.for_cell(member.residence_cell_id)[-1]
now = clock.now()
real_table, writes = Shard.table, []

@contextmanager
def table_then_maybe_die(self):
    with real_table(self) as table:
        yield table
    writes.append(self.path)
    if len(writes) == crash_after:
        os.kill(os.getpid(), signal.SIGKILL)

Shard.table = table_then_maybe_die
repos.letters.submit("token-of-a-crash", now, lambda code: new_letter(
    code, member.id, member.full_name, member.residence_cell_id, member.workplace_id, [meeting], [],
    "cong_tac", "đi công tác", now, "dangvien"))
print(len(writes))
"""


def _submit(store, crash_after: int) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", DIE_AFTER_WRITE_N, str(store), str(crash_after)],
                          cwd=PROJECT_ROOT, capture_output=True, timeout=60, text=True)


def test_a_crash_at_any_step_of_a_submission_leaves_nothing_half_done(store_copy, tmp_path):
    import shutil

    # how many writes a whole submission makes (no crash)
    whole = _submit(shutil.copytree(store_copy, tmp_path / "whole"), crash_after=10_000)
    assert whole.returncode == 0, whole.stderr[-2000:]
    steps = int(whole.stdout.strip())
    assert steps >= 4
    for crash_after in range(1, steps):
        store = shutil.copytree(store_copy, tmp_path / f"crash-{crash_after}")
        done = _submit(store, crash_after)
        assert done.returncode == -9, done.stderr[-2000:]
        repos = open_store(store)
        member = repos.members.get("dv-001")
        listed = repos.letters.for_cell(member.residence_cell_id, clock.today().year)
        listed += repos.letters.for_member(member.id) + repos.letters.waiting_for_workplace(member.workplace_id)
        unopenable = [letter.code for letter in listed if repos.letters.get(letter.code) is None]
        assert unopenable == [], f"crash after write {crash_after}"
        code = repos.letters.code_for_token("token-of-a-crash")
        assert code is None or repos.letters.get(code) is not None, f"crash after write {crash_after}"
