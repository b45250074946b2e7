"""Meetings in the `meetings` table, who came in `attendance`.

The meeting record keeps its attendance (extra.attendance) as on the embedded store; the
attendance rows are a copy of it for queries by member, rewritten from the record by this
module each time the record is written, in the same unit of work, so they always match it
(`check` compares them).
"""
from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Callable

from ...domain.meetings import Meeting, meeting_id
from .database import Database
from .records import change_locked, insert, stamp, upgrade, upsert

COLLECTION = "meetings"


def columns(record: dict) -> dict:
    meeting = _meeting(record)
    return {"id": meeting.id, "cell_id": meeting.cell_id, "date": meeting.date, "kind": str(meeting.kind),
            "details": record}


def attendance_rows(record: dict) -> list[dict]:
    """The attendance table's rows of a meeting's record, one per member's entry."""
    entries = (record.get("extra") or {}).get("attendance") or {}
    return [{"meeting_id": record["id"], "member_id": member_id, "status": entry.get("status"),
             "letter_code": entry.get("letter_code") or "", "details": entry}
            for member_id, entry in sorted(entries.items())]


def rewrite_attendance(db: Database, records: list[dict]) -> None:
    """Make the attendance rows of these meetings what their records hold (in the caller's unit of work)."""
    with db.transaction():
        for record in records:
            db.run("DELETE FROM attendance WHERE meeting_id = :id", {"id": record["id"]})
        insert(db, "attendance", [row for record in records for row in attendance_rows(record)])


def _meeting(record: dict) -> Meeting:
    return Meeting.from_record(upgrade(COLLECTION, dict(record)))


def _row(meeting: Meeting) -> dict:
    return columns(stamp(COLLECTION, meeting.to_record()))


class MeetingRepository:
    def __init__(self, db: Database):
        self.db = db

    def _select(self, where: str, params: dict) -> list[Meeting]:
        return [_meeting(row["details"]) for row in self.db.rows(
            f"SELECT details FROM meetings WHERE {where} ORDER BY date, details ->> 'time', id", params)]  # nosec B608: table and column names of our own code; every value is bound

    def get(self, id_: str) -> Meeting | None:
        found = self._select("id = :id", {"id": id_})
        return found[0] if found else None

    def for_cell(self, cell_id: str, year: int | None = None) -> list[Meeting]:
        """The cell's meetings (of `year`, if given), by date and time."""
        if year is None:
            return self._select("cell_id = :cell", {"cell": cell_id})
        return self._select("cell_id = :cell AND date >= :start AND date < :end",
                            {"cell": cell_id, "start": date(year, 1, 1), "end": date(year + 1, 1, 1)})

    def upcoming(self, cell_id: str, today: date) -> list[Meeting]:
        return self._select("cell_id = :cell AND date >= :today", {"cell": cell_id, "today": today})

    def add(self, meeting: Meeting) -> Meeting:
        """Store a new meeting; its id is made here from the cell, the date and how many
        meetings the cell already has that day, counted while the unit of work holds the
        cell's counter row (taking a number of it in the unit of work locks the row until the
        unit ends), so two secretaries adding at once get two ids."""
        with self.db.transaction():
            self.db.next_number(f"meetings-of-{meeting.cell_id}", in_unit_of_work=True)
            same_day = self.db.row("SELECT count(*) AS n FROM meetings WHERE cell_id = :cell AND date = :day",
                                   {"cell": meeting.cell_id, "day": meeting.date})["n"]
            meeting = replace(meeting, id=meeting_id(meeting.cell_id, meeting.date, same_day + 1))
            row = _row(meeting)
            insert(self.db, "meetings", [row])
            rewrite_attendance(self.db, [row["details"]])
        return meeting

    def save(self, meeting: Meeting) -> None:
        with self.db.transaction():
            row = _row(meeting)
            upsert(self.db, "meetings", row, ("id",))
            rewrite_attendance(self.db, [row["details"]])

    def update(self, id_: str, change: Callable[[Meeting], Meeting]) -> Meeting:
        """Read-modify-write one locked meeting: `change(meeting) -> meeting`. Used by the
        attendance register to record attendance without losing a concurrent change."""
        return change_locked(self.db, "meetings", "id", id_, _meeting, change, _row,
                             after_write=lambda meeting: rewrite_attendance(self.db, [_row(meeting)["details"]]))[1]
