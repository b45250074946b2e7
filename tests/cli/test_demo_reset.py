"""`python -m forms_service demo-reset` on each store: the demo province back to its starting
state (as many records in each collection as the demo loads, what trainees changed undone);
a store holding other data is refused and left as it was."""
from __future__ import annotations

import pytest

from forms_service.domain import clock
from forms_service.domain.access import Role
from forms_service.domain.accounts import Account
from forms_service.storage import open_store

from ..conftest import STORE_BACKENDS
from .test_backup import command, contents


@pytest.fixture(params=STORE_BACKENDS)
def backend(request) -> str:
    return request.param


def counts(location: str) -> dict:
    return {name: count for name, (count, _) in contents(location).items()}


def test_demo_reset_returns_to_the_starting_state(demo_location, tmp_path):
    start = counts(demo_location)
    repos = open_store(demo_location)
    try:
        repos.accounts.record_failed_sign_in("dangvien", clock.now())
        repos.members.update("dv-002", lambda m: m.with_change(m.birth_date, "test", address="Địa chỉ tập huấn"))
        repos.audit.record("bithu", "thu_tap_huan")
    finally:
        repos.close()
    assert counts(demo_location) != start

    done = command(demo_location, tmp_path, "demo-reset")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Đã đưa dữ liệu mẫu về trạng thái ban đầu" in done.stdout
    assert counts(demo_location) == start
    repos = open_store(demo_location)
    try:
        assert repos.accounts.get("dangvien").failed_attempts == 0
        assert repos.members.get("dv-002").address != "Địa chỉ tập huấn"
    finally:
        repos.close()


def test_demo_reset_refuses_a_store_that_is_not_the_demo(empty_store_location, tmp_path):
    repos = open_store(empty_store_location)
    try:
        repos.accounts.save(Account(username="quantri.tinh", display_name="Quản trị tỉnh", role=Role.ADMIN,
                                    password_hash="x"))
    finally:
        repos.close()
    before = contents(empty_store_location)
    refused = command(empty_store_location, tmp_path, "demo-reset")
    assert refused.returncode == 2 and "Traceback" not in refused.stderr
    assert "không phải của tỉnh mẫu" in refused.stderr and "không xóa gì" in refused.stderr
    assert contents(empty_store_location) == before


def test_init_makes_a_new_database_with_the_demo_then_leaves_it_be(tmp_path):
    """`make run` with SOTAY_DATABASE_URL naming a file not made yet: init migrates it and loads the demo."""
    from ..conftest import sqlite_url
    location = sqlite_url(tmp_path / "moi")
    (tmp_path / "moi").mkdir()
    made = command(location, tmp_path, "init", "--demo-if-empty")
    assert made.returncode == 0, made.stdout + made.stderr
    assert "Đã nạp tỉnh mẫu" in made.stdout
    start = counts(location)
    assert start["letters"] >= 6
    again = command(location, tmp_path, "init", "--demo-if-empty")
    assert again.returncode == 0 and "Đã nạp tỉnh mẫu" not in again.stdout
    assert counts(location) == start
