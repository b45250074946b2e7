"""Accounts change under their lock: failures counted at the same moment are all kept."""
from __future__ import annotations

import threading

from forms_service.domain import clock
from forms_service.domain.accounts import MAX_FAILURES


def test_parallel_failed_sign_ins_are_each_counted(repos):
    now = clock.now()
    guesses = 12
    start = threading.Barrier(guesses)

    def fail():
        start.wait()
        repos.accounts.record_failed_sign_in("capuy2", now)

    threads = [threading.Thread(target=fail) for _ in range(guesses)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    account = repos.accounts.get("capuy2")
    assert account.is_locked(now)
    assert account.failed_attempts == guesses % MAX_FAILURES  # every fifth locks and starts the count again


def test_unknown_account_is_not_created(repos):
    assert repos.accounts.record_failed_sign_in("khong-co-ai", clock.now()) is None
    assert repos.accounts.get("khong-co-ai") is None


def test_a_new_password_draws_a_new_session_stamp(repos):
    before = repos.accounts.get("bithu3")
    after = repos.accounts.update("bithu3", lambda a: a.with_password("scrypt:moi"))
    assert after.password_hash == "scrypt:moi" and after.session_stamp != before.session_stamp
    assert repos.accounts.get("bithu3") == after
