"""The attendance register's yearly numbers per residence cell, in `register_summaries` (the
table keeps its first name: renaming it would need a migration for no reader's gain).

The record is the cell's numbers (`CellYearNumbers.to_record()`, stamped) with the commune
it is kept under (`commune_id`): the embedded store files it by commune, here the commune
is a column, so the record says which it is. Oversight of a commune is one indexed query,
and so is oversight of a whole province (`of_communes`).
"""
from __future__ import annotations

from ...domain.attendance_register import CellYearNumbers
from .database import Database
from .records import stamp, upgrade, upsert

COLLECTION = "register-summary"  # the records' stored collection name (versions, copies): kept as first named
NUMBERS = ("working_members", "meetings_scheduled", "meetings_held", "expected_attendances", "present", "unexcused",
           "comments_requested", "comments_returned")


def columns(record: dict) -> dict:
    numbers = _numbers(record)
    return {"cell_id": numbers.cell_id, "year": numbers.year, "commune_id": record["commune_id"],
            **{name: getattr(numbers, name) for name in NUMBERS}, "details": record}


def _numbers(record: dict) -> CellYearNumbers:
    return CellYearNumbers.from_record(upgrade(COLLECTION, dict(record)))


class AttendanceNumbersRepository:
    def __init__(self, db: Database):
        self.db = db

    def summary(self, commune_id: str, year: int) -> list[CellYearNumbers]:
        return [_numbers(row["details"]) for row in self.db.rows(
            "SELECT details FROM register_summaries WHERE commune_id = :commune AND year = :year ORDER BY cell_id",
            {"commune": commune_id, "year": year})]

    def of_communes(self, commune_ids: list[str], year: int) -> dict[str, list[CellYearNumbers]]:
        """Every named commune's summaries of the year, in one query (a province's oversight)."""
        found: dict[str, list[CellYearNumbers]] = {commune_id: [] for commune_id in commune_ids}
        if not commune_ids:
            return found
        for row in self.db.rows("SELECT commune_id, details FROM register_summaries WHERE commune_id IN :communes "
                                "AND year = :year ORDER BY commune_id, cell_id",
                                {"communes": tuple(commune_ids), "year": year}):
            found[row["commune_id"]].append(_numbers(row["details"]))
        return found

    def save_summary(self, commune_id: str, numbers: CellYearNumbers) -> None:
        """Replace the cell's numbers of the year (a cell has one summary a year)."""
        record = stamp(COLLECTION, {**numbers.to_record(), "commune_id": commune_id})
        upsert(self.db, "register_summaries", columns(record), ("cell_id", "year"))
