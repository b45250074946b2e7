"""Reminders in the store: one shard per recipient (`reminders/m.<member>` or
`reminders/u.<unit>.<role>`), so a home page reads one small file. A reminder's key names its
recipient, so the key is unique within that shard and a second `add_new` of it does nothing."""
from __future__ import annotations

from datetime import date

from ...domain.reminders import Reminder
from ..record_versions import stamp, upgrade
from .store import Store


class ReminderRepository:
    def __init__(self, store: Store):
        self.store = store

    def _shard(self, recipient: str):
        return self.store.shard("reminders", recipient)

    def add_new(self, reminders: list[Reminder]) -> list[Reminder]:
        """Keep the reminders whose key is not kept yet; returns those (the ones to send)."""
        added = []
        for reminder in reminders:
            with self._shard(reminder.recipient).table() as table:
                if table.search(lambda doc, key=reminder.key: doc.get("key") == key):
                    continue
                table.insert(stamp("reminders", reminder.to_record()))
            added.append(reminder)
        return added

    def get(self, recipient: str, key: str) -> Reminder | None:
        doc = self._shard(recipient).get("key", key)
        return Reminder.from_record(upgrade("reminders", doc)) if doc else None

    def shown(self, recipient: str, today: date) -> list[Reminder]:
        """The recipient's reminders whose event has not passed, soonest first."""
        found = [Reminder.from_record(upgrade("reminders", d)) for d in self._shard(recipient).all()]
        return sorted((r for r in found if r.shown_until >= today), key=lambda r: (r.shown_until, r.key))
