"""The audit trail: who did what, when, to which record, and why.

An append-only JSON Lines file per month rather than a TinyDB table: an audit entry is
written with every change of state, and appending costs the same whatever the file's
size, where a TinyDB write rewrites the whole file. Each line is written with one
`write()` under the lock and fsynced; a line cut short by a crash is skipped on reading.
Inside a transaction the line is written with the change (journal.py).
"""
from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

from ...domain import clock
from .journal import append_line
from .store import Store, StoreError


class AuditLog:
    def __init__(self, store: Store):
        self.store = store
        self.folder = store.root / "audit"

    def _path(self, when: datetime) -> Path:
        return self.folder / f"{when:%Y-%m}.jsonl"

    def record(self, actor: str, action: str, target: str = "", reason: str = "", **details) -> dict:
        now = clock.now()
        entry = {"at": now.isoformat(timespec="seconds"), "actor": actor, "action": action,
                 "target": target, "reason": reason, **details}
        line = (json.dumps(entry, ensure_ascii=False) + "\n").encode("utf-8")
        path = self._path(now)
        transaction = self.store.current_transaction()
        if transaction is not None:
            transaction.audit.append((path, line))  # written with the change, or not at all
            return entry
        try:
            append_line(path, line)
        except OSError as error:
            raise StoreError(str(error)) from error
        return entry

    def entries(self, target: str | None = None, limit: int = 200, people: tuple[str, ...] | None = None,
                since: date | None = None, until: date | None = None) -> list[dict]:
        """Newest first; filtered by record, by people (actor or target) and by days."""
        def wanted(entry: dict) -> bool:
            day = entry.get("at", "")[:10]
            return ((target is None or entry.get("target") == target)
                    and (people is None or entry.get("actor") in people or entry.get("target") in people)
                    and (since is None or day >= since.isoformat())
                    and (until is None or day <= until.isoformat()))
        found: list[dict] = []
        for path in sorted(self.folder.glob("*.jsonl"), reverse=True):
            for raw in reversed(path.read_bytes().splitlines()):
                try:
                    entry = json.loads(raw)
                except ValueError:
                    continue  # a line cut short by a crash
                if wanted(entry):
                    found.append(entry)
                    if len(found) >= limit:
                        return found
        return found
