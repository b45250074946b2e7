"""Meetings: one shard per residence cell (a cell holds a few meetings a year)."""
from __future__ import annotations

from dataclasses import replace
from datetime import date

from ...domain.meetings import Meeting, cell_of_meeting, meeting_id
from ..record_versions import changing, stamp, upgrade
from .store import Store



class MeetingRepository:
    def __init__(self, store: Store):
        self.store = store

    def _shard(self, cell_id: str):
        return self.store.shard("meetings", cell_id)

    def get(self, id_: str) -> Meeting | None:
        try:
            shard = self._shard(cell_of_meeting(id_))
        except ValueError:
            return None  # an id that cannot be ours
        doc = shard.get("id", id_)
        return Meeting.from_record(upgrade("meetings", doc)) if doc else None

    def for_cell(self, cell_id: str, year: int | None = None) -> list[Meeting]:
        meetings = [Meeting.from_record(upgrade("meetings", d)) for d in self._shard(cell_id).all()]
        if year is not None:
            meetings = [m for m in meetings if m.date.year == year]
        return sorted(meetings, key=lambda m: (m.date, m.time))

    def upcoming(self, cell_id: str, today: date) -> list[Meeting]:
        return [m for m in self.for_cell(cell_id) if m.date >= today]

    def add(self, meeting: Meeting) -> Meeting:
        """Store a new meeting; its id is made here from the cell and the date."""
        with self._shard(meeting.cell_id).table() as table:
            same_day = [d for d in table.all() if d["date"] == meeting.date.isoformat()]
            meeting = replace(meeting, id=meeting_id(meeting.cell_id, meeting.date, len(same_day) + 1))
            table.insert(stamp("meetings", meeting.to_record()))
        return meeting

    def save(self, meeting: Meeting) -> None:
        self._shard(meeting.cell_id).put("id", stamp("meetings", meeting.to_record()))

    def update(self, id_: str, change) -> Meeting:
        """Read-modify-write one meeting under its shard's lock: `change(meeting) -> meeting`.
        Used by the register to record attendance without losing a concurrent change."""
        _, after = self._shard(cell_of_meeting(id_)).change("id", id_, changing("meetings", Meeting.from_record, change))
        return Meeting.from_record(after)
