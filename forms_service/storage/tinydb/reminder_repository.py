"""Reminders: the `reminders` table, one record per recipient and key; a second `add_new` of a
reminder already kept does nothing."""
from __future__ import annotations

from datetime import date

from ...domain.reminders import Reminder
from ..record_versions import stamp, upgrade
from .store import Store

TABLE = "reminders"


def _reminder(doc: dict) -> Reminder:
    return Reminder.from_record(upgrade(TABLE, doc))


class ReminderRepository:
    def __init__(self, store: Store):
        self.store = store

    def _of(self, recipient: str) -> list[Reminder]:
        return [r for r in map(_reminder, self.store.records(TABLE)) if r.recipient == recipient]

    def add_new(self, reminders: list[Reminder]) -> list[Reminder]:
        """Keep the reminders whose key is not kept yet; returns those (the ones to send)."""
        added = []
        with self.store.transaction():
            kept = {(r.recipient, r.key) for r in map(_reminder, self.store.records(TABLE))}
            for reminder in reminders:
                if (reminder.recipient, reminder.key) not in kept:
                    self.store.table(TABLE).insert(stamp(TABLE, reminder.to_record()))
                    kept.add((reminder.recipient, reminder.key))
                    added.append(reminder)
        return added

    def get(self, recipient: str, key: str) -> Reminder | None:
        return next((r for r in self._of(recipient) if r.key == key), None)

    def shown(self, recipient: str, today: date) -> list[Reminder]:
        """The recipient's reminders whose event has not passed, soonest first."""
        return sorted((r for r in self._of(recipient) if r.shown_until >= today), key=lambda r: (r.shown_until, r.key))
