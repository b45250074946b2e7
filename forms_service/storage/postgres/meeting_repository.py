"""Meetings in the `meetings` table, who came in `attendance` (migrations 0002, 0011).

The meeting record keeps its attendance (extra.attendance) as on the embedded store; the
attendance rows are rewritten from it by a trigger each time the record is written, in
the same transaction, so they always match it.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Callable

from psycopg import sql

from ...domain.meetings import Meeting, meeting_id
from .database import Database
from .records import change_locked, insert, stamp, upgrade, upsert

COLLECTION = "meetings"


def columns(record: dict) -> dict:
    meeting = _meeting(record)
    return {"id": meeting.id, "cell_id": meeting.cell_id, "date": meeting.date, "kind": str(meeting.kind),
            "details": record}


def _meeting(record: dict) -> Meeting:
    return Meeting.from_record(upgrade(COLLECTION, dict(record)))


def _row(meeting: Meeting) -> dict:
    return columns(stamp(COLLECTION, meeting.to_record()))


class MeetingRepository:
    def __init__(self, db: Database):
        self.db = db

    def _select(self, where: str, params: tuple) -> list[Meeting]:
        query = sql.SQL("SELECT details FROM meetings WHERE {} ORDER BY date, details ->> 'time', id").format(sql.SQL(where))
        return [_meeting(row["details"]) for row in self.db.rows(query, params)]

    def get(self, id_: str) -> Meeting | None:
        found = self._select("id = %s", (id_,))
        return found[0] if found else None

    def for_cell(self, cell_id: str, year: int | None = None) -> list[Meeting]:
        """The cell's meetings (of `year`, if given), by date and time."""
        if year is None:
            return self._select("cell_id = %s", (cell_id,))
        return self._select("cell_id = %s AND date >= %s AND date < %s", (cell_id, date(year, 1, 1), date(year + 1, 1, 1)))

    def upcoming(self, cell_id: str, today: date) -> list[Meeting]:
        return self._select("cell_id = %s AND date >= %s", (cell_id, today))

    def add(self, meeting: Meeting) -> Meeting:
        """Store a new meeting; its id is made here from the cell, the date and how many
        meetings the cell already has that day (counted under a lock of the cell, so two
        secretaries adding at once get two ids)."""
        with self.db.transaction():
            self.db.run("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", (f"meetings:{meeting.cell_id}",))
            same_day = self.db.row("SELECT count(*) AS n FROM meetings WHERE cell_id = %s AND date = %s",
                                   (meeting.cell_id, meeting.date))["n"]
            meeting = replace(meeting, id=meeting_id(meeting.cell_id, meeting.date, same_day + 1))
            insert(self.db, "meetings", [_row(meeting)])
        return meeting

    def save(self, meeting: Meeting) -> None:
        upsert(self.db, "meetings", _row(meeting), ("id",))

    def update(self, id_: str, change: Callable[[Meeting], Meeting]) -> Meeting:
        """Read-modify-write one meeting locked `FOR UPDATE`: `change(meeting) -> meeting`.
        Used by the register to record attendance without losing a concurrent change."""
        return change_locked(self.db, "meetings", "id", id_, _meeting, change, _row)[1]
