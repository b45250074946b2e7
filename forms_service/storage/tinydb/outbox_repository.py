"""The outbox: mail to send once a change is saved, queued in the change's own transaction
(so a saved change never loses its mail, and a change not saved sends none), sent after
the request or by `python -m forms_service send-mail`, and removed once sent.

16 bucket files (`outbox/bNNN`), so that workers queueing at the same instant seldom
wait for one another's lock.
"""
from __future__ import annotations

import uuid
from datetime import datetime

from ...domain import clock
from .indexes import bucket_of
from .retries import is_due, retry_later
from .store import Store

BUCKETS = 16


class OutboxRepository:
    def __init__(self, store: Store):
        self.store = store

    def _shard(self, message_id: str):
        return self.store.shard("outbox", bucket_of(message_id, BUCKETS))

    def add(self, kind: str, about: str, details: dict) -> str:
        message_id = uuid.uuid4().hex
        self._shard(message_id).put("id", {"id": message_id, "kind": kind, "about": about, "details": details,
                                           "queued_at": clock.now().isoformat(timespec="seconds")})
        return message_id

    def waiting(self, about: str | None = None, limit: int = 100, due_by: datetime | None = None) -> list[dict]:
        found = [{"attempts": 0, "next_try_at": None, **doc} for shard in self.store.shards("outbox")
                 for doc in shard.all() if (about is None or doc["about"] == about) and is_due(doc, due_by)]
        return sorted(found, key=lambda doc: doc["queued_at"])[:limit]

    def retry_later(self, message_id: str, next_try_at: datetime) -> None:
        retry_later(self._shard(message_id), "id", message_id, next_try_at)

    def done(self, message_id: str) -> None:
        with self._shard(message_id).table() as table:
            table.remove(lambda doc: doc.get("id") == message_id)
