"""Accounts on each of the three stores: each changes under its lock, so failures counted
at the same moment are all kept and a change made meanwhile is not lost."""
from __future__ import annotations

from dataclasses import replace

import pytest

from forms_service.domain import clock
from forms_service.domain.access import Role
from forms_service.domain.accounts import MAX_FAILURES, Account

from .sql.at_once import run_at_once

OFFICER = Account("capuy2", "Trần Thị Bình", Role.WORKPLACE_OFFICER, "scrypt:cu", unit_id="dang-uy-so-giao-duc",
                  session_stamp="s1")
SECRETARY = Account("bithu3", "Lê Văn Tư", Role.CELL_SECRETARY, "scrypt:cu", unit_id="chi-bo-khom-3",
                    session_stamp="s2")


@pytest.fixture
def repos(repos):
    """The empty store with two accounts."""
    with repos.transaction():
        repos.accounts.save(OFFICER)
        repos.accounts.save(SECRETARY)
    return repos


def test_parallel_failed_sign_ins_are_each_counted(repos):
    now = clock.now()
    guesses = 12
    assert run_at_once(guesses, lambda: repos.accounts.record_failed_sign_in("capuy2", now))[1] == []
    account = repos.accounts.get("capuy2")
    assert account.is_locked(now)
    assert account.failed_attempts == guesses % MAX_FAILURES  # every fifth locks and starts the count again


def test_twenty_parallel_changes_of_one_account_count_twenty(repos):
    """The read-change-write itself, without the lock-out's reset at every fifth failure, which
    would hide a lost count in a multiple of five."""
    count_one = lambda a: replace(a, failed_attempts=a.failed_attempts + 1)  # noqa: E731
    assert run_at_once(20, lambda: repos.accounts.update("bithu3", count_one))[1] == []
    assert repos.accounts.get("bithu3").failed_attempts == 20


def test_unknown_account_is_not_created(repos):
    assert repos.accounts.record_failed_sign_in("khong-co-ai", clock.now()) is None
    assert repos.accounts.update("khong-co-ai", lambda a: a) is None
    assert repos.accounts.get("khong-co-ai") is None


def test_a_new_password_draws_a_new_session_stamp(repos):
    after = repos.accounts.update("bithu3", lambda a: a.with_password("scrypt:moi"))
    assert after.password_hash == "scrypt:moi" and after.session_stamp != SECRETARY.session_stamp
    assert repos.accounts.get("bithu3") == after


def test_an_account_moved_to_another_unit_is_listed_under_that_unit_only(repos):
    assert repos.accounts.of_unit("chi-bo-khom-3") == [SECRETARY]
    repos.accounts.save(replace(SECRETARY, unit_id="chi-bo-khom-1"))
    assert [a.username for a in repos.accounts.of_unit("chi-bo-khom-1")] == ["bithu3"]
    assert repos.accounts.of_unit("chi-bo-khom-3") == []
    assert sorted(a.username for a in repos.accounts.all()) == ["bithu3", "capuy2"]
