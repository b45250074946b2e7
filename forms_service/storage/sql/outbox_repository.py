"""The outbox (table `outbox`): mail to send once a change is saved, queued in the change's
own transaction (so a saved change never loses its mail, and a change not saved sends none),
sent after the request or by `python -m forms_service send-mail`, and removed once sent."""
from __future__ import annotations

import uuid
from datetime import datetime

from ...domain import clock
from . import dialect
from .database import Database


def _shown(moment) -> str | None:
    return clock.local(dialect.moment(moment)).isoformat(timespec="seconds") if moment else None


def _message(row: dict) -> dict:
    return {"id": row["id"], "kind": row["kind"], "about": row["about"], "details": row["details"],
            "queued_at": _shown(row["queued_at"]), "attempts": row["attempts"], "next_try_at": _shown(row["next_try_at"])}


class OutboxRepository:
    def __init__(self, db: Database):
        self.db = db

    def add(self, kind: str, about: str, details: dict) -> str:
        message_id = uuid.uuid4().hex
        self.db.run("INSERT INTO outbox (id, kind, about, details, queued_at) "
                    "VALUES (:id, :kind, :about, :details, :queued_at)",
                    {"id": message_id, "kind": kind, "about": about, "details": details,
                     "queued_at": clock.now().replace(microsecond=0)})
        return message_id

    def waiting(self, about: str | None = None, limit: int = 100, due_by: datetime | None = None) -> list[dict]:
        """Oldest first."""
        where = ["about = :about"] if about is not None else []
        if due_by is not None:
            where.append("(next_try_at IS NULL OR next_try_at <= :due_by)")
        rows = self.db.rows(f"SELECT * FROM outbox {'WHERE ' + ' AND '.join(where) if where else ''} "  # nosec B608: conditions of our own code; every value is bound
                            "ORDER BY queued_at, id LIMIT :limit",
                            {"about": about, "limit": limit, "due_by": due_by and due_by.replace(microsecond=0)})
        return [_message(row) for row in rows]

    def retry_later(self, message_id: str, next_try_at: datetime) -> None:
        self.db.run("UPDATE outbox SET attempts = attempts + 1, next_try_at = :at WHERE id = :id",
                    {"id": message_id, "at": next_try_at.replace(microsecond=0)})

    def done(self, message_id: str) -> None:
        self.db.run("DELETE FROM outbox WHERE id = :id", {"id": message_id})
