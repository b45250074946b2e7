"""Sequence numbers for reference codes (VS-2026-00123): the `counters` table of the store's
file, one record {"name", "n": the last number given} per sequence.

A number is taken in the unit of work that uses it, under the store's one lock, so two
workers never get the same one. As a database sequence's, it is never given back: if that
unit of work is not saved, the counter is saved raised all the same (Store.keep_anyway), so
a change that is not saved leaves a gap, never a duplicate."""
from __future__ import annotations

from .store import Store

TABLE = "counters"


def next_number(store: Store, name: str, start: int = 1) -> int:
    """The next number of the sequence `name`, starting at `start` (1 unless the sequence
    takes over from an earlier one; a sequence already begun ignores it)."""
    with store.transaction():
        value = max(position(store, name), start - 1) + 1
        _raise(store, name, value)
        store.keep_anyway(lambda: _raise(store, name, value))
    return value


def _raise(store: Store, name: str, value: int) -> None:
    if position(store, name) < value:
        store.put(TABLE, lambda doc: doc["name"], {"name": name, "n": value})


def position(store: Store, name: str) -> int:
    """The last number the sequence gave (0: none yet)."""
    found = store.first(TABLE, lambda doc: doc["name"] == name)
    return found["n"] if found else 0
