"""The outbox (table `outbox`): mail to send once a change is saved, queued in the change's
own transaction (so a saved change never loses its mail, and a change not saved sends none),
sent after the request or by `python -m forms_service send-mail`, and removed once sent."""
from __future__ import annotations

import uuid

from ...domain import clock
from . import dialect
from .database import Database


def _message(row: dict) -> dict:
    return {"id": row["id"], "kind": row["kind"], "about": row["about"], "details": row["details"],
            "queued_at": clock.local(dialect.moment(row["queued_at"])).isoformat(timespec="seconds")}


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

    def waiting(self, about: str | None = None, limit: int = 100) -> list[dict]:
        """Oldest first."""
        if about is None:
            rows = self.db.rows("SELECT * FROM outbox ORDER BY queued_at, id LIMIT :limit", {"limit": limit})
        else:
            rows = self.db.rows("SELECT * FROM outbox WHERE about = :about ORDER BY queued_at, id LIMIT :limit",
                                {"about": about, "limit": limit})
        return [_message(row) for row in rows]

    def done(self, message_id: str) -> None:
        self.db.run("DELETE FROM outbox WHERE id = :id", {"id": message_id})
