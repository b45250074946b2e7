"""Reads take no lock ("files are only ever replaced whole"), so every state a file passes
through on disk is a state some reader can see. Saving a record must therefore never
pass through a state where the record is missing.

Observed for real: under load, a sign-in as an account that another worker was saving
at that moment was refused with "wrong username or password" (the account's file was
written once with the account removed, then again with it inserted). Deterministic here:
after every file write during one save, a fresh repository reads the record back.

TinyDB only: on PostgreSQL a reader sees the last committed row version (MVCC), never a
row half-way through a save, so there is no file state to catch."""
from __future__ import annotations

from forms_service.storage import open_store
from forms_service.storage.tinydb import atomic


def test_an_account_never_disappears_while_it_is_saved(store_copy, monkeypatch):
    repos = open_store(store_copy)
    account = repos.accounts.get("dangvien2")
    seen_missing = []
    real_write = atomic.write_atomically

    def write_then_read_back(path, data):
        real_write(path, data)
        if open_store(store_copy).accounts.get("dangvien2") is None:
            seen_missing.append(path.name)

    monkeypatch.setattr(atomic, "write_atomically", write_then_read_back)
    repos.accounts.save(account.after_success())
    assert seen_missing == [], f"the account was missing on disk after writing {seen_missing}"
