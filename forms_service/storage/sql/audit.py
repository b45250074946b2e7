"""The audit trail (table `audit`): who did what, when, to which record, and why.
Append-only; inside a transaction the line is one more row of the change's own transaction,
so it is saved with the change or not at all. `details` keeps the whole line as `entries()`
gives it back; its time, actor, action, target and reason are also columns, for the
per-record look-up and for reading the table by hand."""
from __future__ import annotations

from datetime import datetime

from ...domain import clock
from .database import Database
from .records import insert


def columns(entry: dict) -> dict:
    return {"at": datetime.fromisoformat(entry["at"]), "actor": entry["actor"], "action": entry["action"],
            "target": entry.get("target", ""), "reason": entry.get("reason", ""), "details": entry}


class AuditLog:
    def __init__(self, db: Database):
        self.db = db

    def record(self, actor: str, action: str, target: str = "", reason: str = "", **details) -> dict:
        entry = {"at": clock.now().isoformat(timespec="seconds"), "actor": actor, "action": action,
                 "target": target, "reason": reason, **details}
        insert(self.db, "audit", [columns(entry)])
        return entry

    def entries(self, target: str | None = None, limit: int = 200) -> list[dict]:
        """Newest first; optionally only those about one record."""
        if target is None:
            rows = self.db.rows("SELECT details FROM audit ORDER BY id DESC LIMIT :limit", {"limit": limit})
        else:
            rows = self.db.rows("SELECT details FROM audit WHERE target = :target ORDER BY id DESC LIMIT :limit",
                                {"target": target, "limit": limit})
        return [row["details"] for row in rows]
