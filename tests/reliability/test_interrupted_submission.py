"""A process that dies in the middle of sending a letter (after the letter's own file is
written, before its code index) must not leave a letter that lists can show but that
cannot be opened. Deterministic: the child process kills itself at that exact step,
as a SIGKILL of a gunicorn worker would (test_under_load shows it happening for real)."""
from __future__ import annotations

import subprocess
import sys
from datetime import date

import pytest

from forms_service.config import PROJECT_ROOT
from forms_service.storage import open_store

DIE_AFTER_THE_LETTER_FILE = """
import os, signal, sys
from datetime import datetime
from forms_service.domain.letters import new_letter
from forms_service.storage import open_store
from forms_service.storage.indexes import KeyIndex

repos = open_store(sys.argv[1])
member = repos.members.get("dv-001")
meeting = repos.meetings.for_cell(member.residence_cell_id)[-1]
now = datetime.now().replace(microsecond=0)

def die(*args, **kwargs):
    os.kill(os.getpid(), signal.SIGKILL)

KeyIndex.put = die  # the first index write after the letter's file: the process dies here
repos.letters.submit("token-of-a-crash", now, lambda code: new_letter(
    code, member.id, member.full_name, member.residence_cell_id, member.workplace_id, [meeting], [],
    "cong_tac", "đi công tác", now, "dangvien"))
"""


@pytest.mark.xfail(strict=True, reason="LetterRepository.submit writes the letter's file before its code "
                   "index; a crash between them leaves a letter in the cell's list that cannot be opened "
                   "(reported to the letters owner, issue 3)")
def test_a_crash_mid_submission_leaves_no_letter_that_cannot_be_opened(store_copy):
    done = subprocess.run([sys.executable, "-c", DIE_AFTER_THE_LETTER_FILE, str(store_copy)], cwd=PROJECT_ROOT,
                          capture_output=True, timeout=60)
    assert done.returncode in (0, -9), done.stderr.decode()[-2000:]
    repos = open_store(store_copy)
    member = repos.members.get("dv-001")
    listed = repos.letters.for_cell(member.residence_cell_id, date.today().year)
    unopenable = [letter.code for letter in listed if repos.letters.get(letter.code) is None]
    assert unopenable == []
