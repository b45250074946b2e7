"""Absence letters in the `letters` table.

The pages ask for a member's letters, a cell's letters of a year and the two waiting
lists; each is one indexed query on the real columns (the waiting lists, on PostgreSQL and
SQLite alike, on small partial indexes, whatever the number of letters decided). Lists are
newest first, as on the embedded store.

A planner takes a partial index only when the query's condition implies the index's, and it
decides before any bound value is known: so the waiting lists write their states into the
statement, in the form the indexes are made with (migrations 0001 and 0003). SQLite asks for
the same text: `state = 'x'` for one state, `state IN (...)` in the same order for several.
"""
from __future__ import annotations

from typing import Callable

from ...domain.letters import WAITING_FOR_CELL, WAITING_FOR_WORKPLACE, Letter, LetterState, letter_code
from . import dialect
from .database import Database
from .records import change_locked, insert, stamp, upgrade

COLLECTION = "letters"


def state_among(states) -> str:
    """The condition `state` is one of the domain's `states`, as literals in sorted order (the
    form of the partial indexes). Made only from the domain's constants, never from input."""
    names = sorted(str(LetterState(state)) for state in states)
    if len(names) == 1:
        return f"state = '{names[0]}'"
    return "state IN (" + ", ".join(f"'{name}'" for name in names) + ")"


# the states of each waiting list, as the domain says (the partial indexes hold them)
FOR_WORKPLACE = state_among(WAITING_FOR_WORKPLACE)
FOR_CELL = state_among(WAITING_FOR_CELL)


def columns(record: dict) -> dict:
    letter = _letter(record)
    return {"code": letter.code, "member_id": letter.member_id, "cell_id": letter.cell_id,
            "workplace_id": letter.workplace_id, "state": str(letter.state), "submitted_at": letter.submitted_at,
            "year": letter.year, "dates": list(letter.dates), "details": record}


def _letter(record: dict) -> Letter:
    return Letter.from_record(upgrade(COLLECTION, dict(record)))


def _row(letter: Letter) -> dict:
    return columns(stamp(COLLECTION, letter.to_record()))


class LetterRepository:
    def __init__(self, db: Database):
        self.db = db

    def _select(self, where: str, params: dict) -> list[Letter]:
        return [_letter(row["details"]) for row in self.db.rows(
            f"SELECT details FROM letters WHERE {where} ORDER BY submitted_at DESC, code", params)]  # nosec B608: table and column names of our own code; every value is bound

    def get(self, code: str) -> Letter | None:
        found = self.db.row("SELECT details FROM letters WHERE code = :code", {"code": code})
        return _letter(found["details"]) if found else None

    def for_member(self, member_id: str) -> list[Letter]:
        """The member's letters, newest first (the attendance register reads this)."""
        return self._select("member_id = :member", {"member": member_id})

    def for_cell(self, cell_id: str, year: int) -> list[Letter]:
        """The cell's letters of `year`: sent that year, or sent the year before for a
        meeting in this one (a letter of late December for a January meeting)."""
        return self._select(f"cell_id = :cell AND (year = :year OR (year = :before AND "
                            f"{dialect.a_day_in_year(self.db.dialect, 'dates', 'year')}))",
                            {"cell": cell_id, "year": year, "before": year - 1})

    def waiting_for_workplace(self, workplace_id: str) -> list[Letter]:
        return self._select(f"workplace_id = :workplace AND {FOR_WORKPLACE}", {"workplace": workplace_id})

    def waiting_for_cell(self, cell_id: str) -> list[Letter]:
        return self._select(f"cell_id = :cell AND {FOR_CELL}", {"cell": cell_id})

    def count_waiting_for_workplace(self, workplace_id: str) -> int:
        return self.db.row(f"SELECT count(*) AS n FROM letters WHERE workplace_id = :workplace AND {FOR_WORKPLACE}",  # nosec B608: the states are the domain's constants; every value is bound
                           {"workplace": workplace_id})["n"]

    def count_waiting_for_cell(self, cell_id: str) -> int:
        return self.db.row(f"SELECT count(*) AS n FROM letters WHERE cell_id = :cell AND {FOR_CELL}",  # nosec B608: the states are the domain's constants; every value is bound
                           {"cell": cell_id})["n"]

    def next_code(self, year: int) -> str:
        return letter_code(year, self.db.next_number(f"letters-{year}"))

    def add(self, letter: Letter) -> None:
        insert(self.db, "letters", [_row(letter)])

    def update(self, code: str, change: Callable[[Letter], Letter]) -> tuple[Letter, Letter]:
        """Apply `change` (a domain transition) to the locked row; returns (before, after).
        An exception from `change` leaves the record untouched."""
        return change_locked(self.db, "letters", "code", code, _letter, change, _row)
