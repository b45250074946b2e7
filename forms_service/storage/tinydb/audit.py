"""The audit trail: who did what, when, to which record, and why. The `audit` table of the
store's file, in the order written; an entry made inside a unit of work is saved with it."""
from __future__ import annotations

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

    def entries(self, target: str | None = None, limit: int = 200) -> list[dict]:
        """Newest first; optionally only those about one record."""
        found = [entry for entry in reversed(self.store.records(TABLE)) if target is None or entry["target"] == target]
        return found[:limit]
