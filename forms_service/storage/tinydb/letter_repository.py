"""Absence letters: the `letters` table of the store's file, one record per letter.
Every list is a list comprehension over the table, newest first as on the SQL store."""
from __future__ import annotations

from typing import Callable

from ...domain.letters import WAITING_FOR_CELL, WAITING_FOR_WORKPLACE, Letter, letter_code
from ..record_versions import stamp, upgrade
from .counters import next_number
from .records import change_record
from .store import Store

TABLE = "letters"


def _letter(doc: dict) -> Letter:
    return Letter.from_record(upgrade(TABLE, doc))


def _newest_first(letters) -> list[Letter]:
    """Newest first, and by code within the same moment, as the SQL store orders them."""
    by_code = sorted(letters, key=lambda letter: letter.code)
    return sorted(by_code, key=lambda letter: letter.submitted_at, reverse=True)


class LetterRepository:
    def __init__(self, store: Store):
        self.store = store

    def get(self, code: str) -> Letter | None:
        doc = self.store.first(TABLE, lambda doc: doc["code"] == code)
        return _letter(doc) if doc else None

    def _where(self, predicate: Callable[[dict], bool]) -> list[Letter]:
        return _newest_first(_letter(doc) for doc in self.store.find(TABLE, predicate))

    def for_member(self, member_id: str) -> list[Letter]:
        """The member's letters, newest first (the attendance register reads this)."""
        return self._where(lambda doc: doc["member_id"] == member_id)

    def for_cell(self, cell_id: str, year: int) -> list[Letter]:
        """The cell's letters of `year`: sent that year, or sent the year before for a
        meeting in this one (a letter of late December for a January meeting)."""
        letters = [_letter(doc) for doc in self.store.find(TABLE, lambda doc: doc["cell_id"] == cell_id)]
        return _newest_first(letter for letter in letters if letter.year == year
                             or (letter.year == year - 1 and any(day.year == year for day in letter.dates)))

    def waiting_for_workplace(self, workplace_id: str) -> list[Letter]:
        return self._where(lambda doc: doc["workplace_id"] == workplace_id and doc["state"] in WAITING_FOR_WORKPLACE)

    def waiting_for_cell(self, cell_id: str) -> list[Letter]:
        return self._where(lambda doc: doc["cell_id"] == cell_id and doc["state"] in WAITING_FOR_CELL)

    def count_waiting_for_workplace(self, workplace_id: str) -> int:
        return len(self.store.find(TABLE, lambda doc: doc["workplace_id"] == workplace_id
                                   and doc["state"] in WAITING_FOR_WORKPLACE))

    def count_waiting_for_cell(self, cell_id: str) -> int:
        return len(self.store.find(TABLE, lambda doc: doc["cell_id"] == cell_id and doc["state"] in WAITING_FOR_CELL))

    def next_code(self, year: int) -> str:
        return letter_code(year, next_number(self.store, f"letters-{year}"))

    def add(self, letter: Letter) -> None:
        with self.store.transaction():
            self.store.table(TABLE).insert(stamp(TABLE, letter.to_record()))

    def update(self, code: str, change: Callable[[Letter], Letter]) -> tuple[Letter, Letter]:
        """Apply `change` (a domain transition) in one unit of work; returns (before, after).
        An exception from `change` leaves the record untouched."""
        return change_record(self.store, TABLE, "code", code, Letter.from_record, change)
