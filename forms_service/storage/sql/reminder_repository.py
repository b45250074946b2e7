"""Reminders (table `reminders`): each kept once per recipient by its key (the key names its
event and its recipient), shown to its recipient until its event's day."""
from __future__ import annotations

from datetime import date

from ...domain.reminders import Reminder
from .database import Database
from .records import insert_statement, stamp, upgrade


def columns(record: dict) -> dict:
    made_on = record.get("made_on")
    recipient = Reminder.from_record(record).recipient   # not a field of the record: its member, or unit and role
    return {"key": record["key"], "recipient": recipient, "kind": record["kind"],
            "shown_until": date.fromisoformat(record["shown_until"]),
            "made_on": date.fromisoformat(made_on) if made_on else None, "details": record}


ADD_NEW = (insert_statement("reminders", ["key", "recipient", "kind", "shown_until", "made_on", "details"])
           + " ON CONFLICT (recipient, key) DO NOTHING RETURNING key")


def _reminder(row: dict) -> Reminder:
    return Reminder.from_record(upgrade("reminders", row["details"]))


class ReminderRepository:
    def __init__(self, db: Database):
        self.db = db

    def add_new(self, reminders: list[Reminder]) -> list[Reminder]:
        """Keep the reminders whose key is not kept yet; returns those (the ones to send). The
        recipient and key are the primary key, so of two workers adding one reminder at once,
        one inserts it and the other's insert does nothing: it is sent once."""
        added = []
        with self.db.transaction():
            for reminder in reminders:
                if self.db.changing_row(ADD_NEW, columns(stamp("reminders", reminder.to_record()))):
                    added.append(reminder)
        return added

    def get(self, recipient: str, key: str) -> Reminder | None:
        row = self.db.row("SELECT details FROM reminders WHERE recipient = :recipient AND key = :key",
                          {"recipient": recipient, "key": key})
        return _reminder(row) if row else None

    def shown(self, recipient: str, today: date) -> list[Reminder]:
        """The recipient's reminders whose event has not passed, soonest first."""
        return [_reminder(row) for row in self.db.rows(
            "SELECT details FROM reminders WHERE recipient = :recipient AND shown_until >= :today "
            "ORDER BY shown_until, key", {"recipient": recipient, "today": today})]
