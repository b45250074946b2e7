"""Removing a set of units with everything that belongs to them (a training room), as one
transaction: the records that name them, then every index entry and queued item that
names a removed record. The store is read file by file and only files holding something
to remove are rewritten."""
from __future__ import annotations

from collections import Counter

from .store import Store

# fields through which a record belongs to a unit or to a member
BELONGS_BY = ("unit_id", "member_id", "cell_id", "workplace_id", "commune_id", "residence_cell_id")
# fields that name a record (its id, its code) in records, indexes, tokens, the outbox and the queues
# ("v" holds a one-time token's result, an index entry's shard, or a record's version)
NAMES = ("id", "code", "k", "username", "about", "v")
# records that other records name: read first, so that their ids and codes are removed too
NAMED_RECORDS = ("members", "letters", "comments", "introductions", "meetings")


def _owned_file(stem: str, owned: set[str]) -> bool:
    """A file kept per unit or member ("hv01-chibo.2026", "m.hv01-dv-a", "u.hv01-chibo.bi_thu_chi_bo")."""
    return any(part in owned for part in stem.split("."))


def _names(doc: dict, fields: tuple[str, ...], owned: set[str]) -> bool:
    return any(isinstance(doc.get(f), str) and doc[f] in owned for f in fields)


def remove_units(store: Store, unit_ids: set[str]) -> dict[str, int]:
    removed: Counter = Counter()
    with store.transaction():
        owned = set(unit_ids)
        for collection in NAMED_RECORDS:
            for shard in store.shards(collection):
                for doc in shard.all():
                    if _owned_file(shard.path.stem, owned) or _names(doc, BELONGS_BY, owned):
                        owned.add(doc.get("code") or doc.get("id"))
        owned.discard(None)
        folders = sorted(p.name for p in store.root.iterdir() if p.is_dir() and not p.name.startswith("."))
        for collection in folders:
            for shard in store.shards(collection):
                whole = _owned_file(shard.path.stem, owned)

                def goes(doc: dict) -> bool:
                    return whole or _names(doc, BELONGS_BY + NAMES, owned)
                count = sum(1 for doc in shard.all() if goes(doc))
                if count:
                    with shard.table() as table:
                        table.remove(goes)
                    removed[collection] += count
    return dict(removed)
