"""Meetings (with their attendance): the `meetings` table of the store's file, by id."""
from __future__ import annotations

from dataclasses import replace
from datetime import date

from ...domain.meetings import Meeting, meeting_id
from ..record_versions import stamp, upgrade
from .records import change_record
from .store import Store

TABLE = "meetings"


def _meeting(doc: dict) -> Meeting:
    return Meeting.from_record(upgrade(TABLE, doc))


class MeetingRepository:
    def __init__(self, store: Store):
        self.store = store

    def get(self, id_: str) -> Meeting | None:
        doc = self.store.first(TABLE, lambda doc: doc["id"] == id_)
        return _meeting(doc) if doc else None

    def for_cell(self, cell_id: str, year: int | None = None) -> list[Meeting]:
        """The cell's meetings (of `year`, if given), by date and time."""
        meetings = [_meeting(doc) for doc in self.store.find(TABLE, lambda doc: doc["cell_id"] == cell_id)]
        if year is not None:
            meetings = [m for m in meetings if m.date.year == year]
        return sorted(meetings, key=lambda m: (m.date, m.time, m.id))

    def upcoming(self, cell_id: str, today: date) -> list[Meeting]:
        return [m for m in self.for_cell(cell_id) if m.date >= today]

    def add(self, meeting: Meeting) -> Meeting:
        """Store a new meeting; its id is made here from the cell, the date and how many
        meetings the cell already has that day, counted inside the unit of work."""
        with self.store.transaction():
            day = meeting.date.isoformat()
            same_day = self.store.find(TABLE, lambda doc: doc["cell_id"] == meeting.cell_id and doc["date"] == day)
            meeting = replace(meeting, id=meeting_id(meeting.cell_id, meeting.date, len(same_day) + 1))
            self.store.table(TABLE).insert(stamp(TABLE, meeting.to_record()))
        return meeting

    def save(self, meeting: Meeting) -> None:
        self.store.put(TABLE, lambda doc: doc["id"], stamp(TABLE, meeting.to_record()))

    def update(self, id_: str, change) -> Meeting:
        """Read-modify-write one meeting in one unit of work: `change(meeting) -> meeting`.
        Used by the attendance register to record attendance without losing a concurrent change."""
        return change_record(self.store, TABLE, "id", id_, Meeting.from_record, change)[1]
