"""The register's yearly summary per residence cell, for oversight.

Attendance itself lives in the meetings (`MeetingRepository.update`). Oversight must not
read every meeting of a commune, so each change of attendance, of a cell's list or of a
comment refreshes one small record per cell and year, kept in one file per commune and
year (`register-summary/<commune>.<year>`): a commune has tens of cells, so the file
stays tiny, and the oversight page reads one file per commune.
"""
from __future__ import annotations

from ..domain.register import CellYearNumbers, cell_year_numbers
from .schema import CURRENT, stamp, upgrade
from .store import Store

CURRENT["register-summary"] = 1


class RegisterRepository:
    def __init__(self, store: Store):
        self.store = store

    def _shard(self, commune_id: str, year: int):
        return self.store.shard("register-summary", f"{commune_id}.{year}")

    def summary(self, commune_id: str, year: int) -> list[CellYearNumbers]:
        return [CellYearNumbers.from_record(upgrade("register-summary", doc))
                for doc in self._shard(commune_id, year).all()]

    def save_summary(self, commune_id: str, numbers: CellYearNumbers) -> None:
        with self._shard(commune_id, numbers.year).table() as table:
            table.remove(lambda doc: doc["cell_id"] == numbers.cell_id)
            table.insert(stamp("register-summary", numbers.to_record()))


def refresh_cell_summary(repos, cell_id: str, year: int) -> CellYearNumbers | None:
    """Recount one cell's year from its meetings, members and comments, and store it."""
    commune_id = repos.units.structure().commune_of(cell_id)
    if commune_id is None:
        return None
    comments = repos.comments.for_cell(cell_id, year)
    numbers = cell_year_numbers(cell_id, year, repos.members.of_cell(cell_id), repos.meetings.for_cell(cell_id, year),
                                comments_requested=len(comments),
                                comments_returned=sum(1 for c in comments if c.state != "da_xin_y_kien"))
    repos.register.save_summary(commune_id, numbers)
    return numbers
