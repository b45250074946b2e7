"""The audit trail: who did what, when, to which record, and why. The `audit` table of the
store's file, in the order written; an entry made inside a unit of work is saved with it."""
from __future__ import annotations

from datetime import date

from ...domain import clock
from .store import Store

TABLE = "audit"


class AuditLog:
    def __init__(self, store: Store):
        self.store = store

    def record(self, actor: str, action: str, target: str = "", reason: str = "", **details) -> dict:
        entry = {"at": clock.now().isoformat(timespec="seconds"), "actor": actor, "action": action,
                 "target": target, "reason": reason, **details}
        with self.store.transaction():
            self.store.table(TABLE).insert(entry)
        return entry

    def entries(self, target: str | None = None, limit: int = 200, people: tuple[str, ...] | None = None,
                since: date | None = None, until: date | None = None) -> list[dict]:
        """Newest first; filtered by record, by people (actor or target) and by days (both included)."""
        def wanted(entry: dict) -> bool:
            day = entry.get("at", "")[:10]
            return ((target is None or entry.get("target") == target)
                    and (people is None or entry.get("actor") in people or entry.get("target") in people)
                    and (since is None or day >= since.isoformat())
                    and (until is None or day <= until.isoformat()))
        return [entry for entry in reversed(self.store.records(TABLE)) if wanted(entry)][:limit]
