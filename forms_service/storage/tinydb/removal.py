"""Removing a set of units with everything that belongs to them (a training room), in one unit
of work over the store's tables: the records that name them, then every token, mail, kept copy,
queued render and reminder that names a removed record. The audit trail and the counters stay."""
from __future__ import annotations

from collections import Counter

from .store import Store

KEPT = ("audit", "counters")
# fields through which a record belongs to a unit or to a member
BELONGS_BY = ("unit_id", "member_id", "cell_id", "workplace_id", "commune_id", "residence_cell_id")
# fields that name a record (its id or code) in records, tokens, the outbox and the queues
NAMES = ("id", "code", "username", "about", "result")
# records that other records name: read first, so that their ids and codes go too
NAMED_RECORDS = ("members", "letters", "comments", "introductions", "meetings")


def _names(doc: dict, fields: tuple[str, ...], owned: set[str]) -> bool:
    return any(isinstance(doc.get(f), str) and doc[f] in owned for f in fields)


def _addressed_to(doc: dict, owned: set[str]) -> bool:
    """A reminder's recipient: "m.<member>" or "u.<unit>.<role>"."""
    recipient = doc.get("recipient")
    return isinstance(recipient, str) and any(part in owned for part in recipient.split("."))


def remove_units(store: Store, unit_ids: set[str]) -> dict[str, int]:
    removed: Counter = Counter()
    with store.transaction():
        owned = set(unit_ids)
        for name in NAMED_RECORDS:
            owned |= {doc.get("code") or doc.get("id") for doc in store.records(name) if _names(doc, BELONGS_BY, owned)}
        owned.discard(None)

        def goes(doc: dict) -> bool:
            return _names(doc, BELONGS_BY + NAMES, owned) or _addressed_to(doc, owned)
        for name in store.table_names():
            if name in KEPT:
                continue
            count = sum(1 for doc in store.records(name) if goes(doc))
            if count:
                store.table(name).remove(goes)
                removed[name] += count
    return dict(removed)
