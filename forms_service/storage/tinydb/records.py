"""A domain record changed in place in a table of the store's file, the way every repository
whose records go through transitions (letters, comments, introductions, meetings) does it."""
from __future__ import annotations

from typing import Callable, TypeVar

from ..record_versions import changing, upgrade
from .store import Store

Record = TypeVar("Record")


def change_record(store: Store, table: str, key: str, value: str, from_record: Callable[[dict], Record],
                  change: Callable[[Record], Record]) -> tuple[Record, Record]:
    """Read-modify-write, in one unit of work, of the record whose `key` is `value`: (before,
    after). KeyError(value) if there is none; if `change` raises (a domain error refusing the
    transition), nothing is changed."""
    try:
        before, after = store.change(table, lambda doc: doc[key] == value, changing(table, from_record, change))
    except KeyError:
        raise KeyError(value) from None
    return from_record(upgrade(table, before)), from_record(upgrade(table, after))
