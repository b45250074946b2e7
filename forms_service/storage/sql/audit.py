"""The audit trail (table `audit`): who did what, when, to which record, and why.
Append-only; inside a transaction the line is one more row of the change's own transaction,
so it is saved with the change or not at all. `details` keeps the whole line as `entries()`
gives it back; its time, actor, action, target and reason are also columns, for the
per-record look-up and for reading the table by hand."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta

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

    def entries(self, target: str | None = None, limit: int = 200, people: tuple[str, ...] | None = None,
                since: date | None = None, until: date | None = None) -> list[dict]:
        """Newest first; filtered by record, by people (actor or target) and by days."""
        where, params = ["1 = 1"], {"limit": limit}
        if target is not None:
            where.append("target = :target")
            params["target"] = target
        if people is not None:
            if not people:
                return []
            where.append("(actor IN :people OR target IN :people)")
            params["people"] = tuple(people)
        if since is not None:
            where.append("at >= :since")
            params["since"] = datetime.combine(since, time(), clock.ZONE)
        if until is not None:
            where.append("at < :until")
            params["until"] = datetime.combine(until + timedelta(days=1), time(), clock.ZONE)
        query = f"SELECT details FROM audit WHERE {' AND '.join(where)} ORDER BY id DESC LIMIT :limit"  # nosec B608: conditions of our own code; every value is bound
        rows = self.db.rows(query, params)
        return [row["details"] for row in rows]
