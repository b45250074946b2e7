"""The attendance register's yearly numbers per residence cell, for oversight: the `register-summary`
table, one record per cell and year with the commune it is filed under (`commune_id`), as the
SQL store keeps it. Oversight of a commune, or of a province, is one pass over the table."""
from __future__ import annotations

from ...domain.attendance_register import CellYearNumbers
from ..record_versions import stamp, upgrade
from .store import Store

TABLE = "register-summary"  # stored data: the table's name in every existing JSON file, so it keeps its first name


def _numbers(doc: dict) -> CellYearNumbers:
    return CellYearNumbers.from_record(upgrade(TABLE, {k: v for k, v in doc.items() if k != "commune_id"}))


class AttendanceNumbersRepository:
    def __init__(self, store: Store):
        self.store = store

    def summary(self, commune_id: str, year: int) -> list[CellYearNumbers]:
        return self.of_communes([commune_id], year)[commune_id]

    def of_communes(self, commune_ids: list[str], year: int) -> dict[str, list[CellYearNumbers]]:
        """Every named commune's summaries of the year, by cell, in one pass over the table."""
        found: dict[str, list[CellYearNumbers]] = {commune_id: [] for commune_id in commune_ids}
        for doc in sorted(self.store.find(TABLE, lambda doc: doc["year"] == year and doc["commune_id"] in found),
                          key=lambda doc: doc["cell_id"]):
            found[doc["commune_id"]].append(_numbers(doc))
        return found

    def save_summary(self, commune_id: str, numbers: CellYearNumbers) -> None:
        """Replace the cell's numbers of the year (a cell has one summary a year)."""
        self.store.put(TABLE, lambda doc: (doc["cell_id"], doc["year"]),
                       stamp(TABLE, {**numbers.to_record(), "commune_id": commune_id}))
