"""Sequence numbers for reference codes (VS-2026-00123), safe across processes."""
from __future__ import annotations

from .store import Store


def next_number(store: Store, name: str, start: int = 1) -> int:
    """Return the next number of the sequence `name`, starting at `start` (1 unless the
    sequence takes over from an earlier one; a sequence already begun ignores it).

    The number is taken at once, outside any transaction (as a database sequence is): a
    change that is not saved, or a crash before the record is written, leaves a gap in the
    numbering, never a duplicate: codes must be unique, not contiguous.
    """
    with store.outside_transaction(), store.shard("counters", name).table() as table:
        docs = table.all()
        # the highest: a change rolled forward after a crash may leave a second, older entry
        value = max((doc["n"] for doc in docs), default=start - 1) + 1
        table.truncate()
        table.insert({"n": value})
    return value


def position(store: Store, name: str) -> int:
    """The last number the sequence gave (0: none yet)."""
    return max((doc["n"] for doc in store.shard("counters", name).all()), default=0)
