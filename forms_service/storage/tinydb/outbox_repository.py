"""The outbox: mail to send once a change is saved, queued in the change's own unit of work
(so a saved change never loses its mail, and a change not saved sends none), sent after the
request or by `python -m forms_service send-mail`, and removed once sent. The `outbox` table."""
from __future__ import annotations

import uuid
from datetime import datetime

from ...domain import clock
from .retries import is_due, retry_later
from .store import Store

TABLE = "outbox"


class OutboxRepository:
    def __init__(self, store: Store):
        self.store = store

    def add(self, kind: str, about: str, details: dict) -> str:
        message_id = uuid.uuid4().hex
        with self.store.transaction():
            self.store.table(TABLE).insert({"id": message_id, "kind": kind, "about": about, "details": details,
                                            "queued_at": clock.now().isoformat(timespec="seconds")})
        return message_id

    def waiting(self, about: str | None = None, limit: int = 100, due_by: datetime | None = None) -> list[dict]:
        found = [{"attempts": 0, "next_try_at": None, **doc} for doc in self.store.records(TABLE)
                 if (about is None or doc["about"] == about) and is_due(doc, due_by)]
        return sorted(found, key=lambda doc: (doc["queued_at"], doc["id"]))[:limit]

    def retry_later(self, message_id: str, next_try_at: datetime) -> None:
        retry_later(self.store, TABLE, "id", message_id, next_try_at)

    def done(self, message_id: str) -> None:
        with self.store.transaction():
            self.store.table(TABLE).remove(lambda doc: doc["id"] == message_id)
