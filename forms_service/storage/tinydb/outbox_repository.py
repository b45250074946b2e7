"""The outbox: mail to send once a change is saved, queued in the change's own unit of work
(so a saved change never loses its mail, and a change not saved sends none), sent after the
request or by `python -m forms_service send-mail`, and removed once sent. The `outbox` table."""
from __future__ import annotations

import uuid

from ...domain import clock
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

    def waiting(self, about: str | None = None, limit: int = 100) -> list[dict]:
        found = self.store.find(TABLE, lambda doc: about is None or doc["about"] == about)
        return sorted(found, key=lambda doc: (doc["queued_at"], doc["id"]))[:limit]

    def done(self, message_id: str) -> None:
        with self.store.transaction():
            self.store.table(TABLE).remove(lambda doc: doc["id"] == message_id)
