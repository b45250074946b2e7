"""The register's yearly summary per residence cell, for oversight.

Attendance itself lives in the meetings (`MeetingRepository.update`). Oversight must not
read every meeting of a commune, so each change of attendance, of a cell's list or of a
comment refreshes one small record per cell and year, kept in one file per commune and
year (`register-summary/<commune>.<year>`): a commune has tens of cells, so the file
stays tiny, and the oversight page reads one file per commune.
"""
from __future__ import annotations

from ...domain.register import CellYearNumbers
from ..record_versions import stamp, upgrade
from .store import Store


class RegisterRepository:
    def __init__(self, store: Store):
        self.store = store

    def _shard(self, commune_id: str, year: int):
        return self.store.shard("register-summary", f"{commune_id}.{year}")

    def summary(self, commune_id: str, year: int) -> list[CellYearNumbers]:
        return [CellYearNumbers.from_record(upgrade("register-summary", doc))
                for doc in self._shard(commune_id, year).all()]

    def of_communes(self, commune_ids: list[str], year: int) -> dict[str, list[CellYearNumbers]]:
        """Every named commune's summaries of the year: one small file per commune."""
        return {commune_id: self.summary(commune_id, year) for commune_id in commune_ids}

    def save_summary(self, commune_id: str, numbers: CellYearNumbers) -> None:
        self._shard(commune_id, numbers.year).put("cell_id", stamp("register-summary", numbers.to_record()))
