"""The worker's back-off on a queued item (a message of the outbox, a code of the render
queue): how many times it was tried and when it is tried next, written into the item only
once it failed, so an item never retried reads as it always did."""
from __future__ import annotations

from datetime import datetime

from .store import Store


def is_due(item: dict, due_by: datetime | None) -> bool:
    retry = item.get("next_try_at")
    return due_by is None or not retry or datetime.fromisoformat(retry) <= due_by


def retry_later(store: Store, table: str, field: str, value: str, next_try_at: datetime) -> None:
    """One more attempt of the item whose `field` is `value`, the next not before `next_try_at`
    (nothing if the item has left the queue meanwhile)."""
    try:
        store.change(table, lambda item: item.get(field) == value,
                     lambda item: {**item, "attempts": item.get("attempts", 0) + 1,
                                   "next_try_at": next_try_at.isoformat(timespec="seconds")})
    except KeyError:
        pass
