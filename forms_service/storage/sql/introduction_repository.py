"""Introduction letters (Mẫu 1-213) in the `introductions` table.

A member's latest letter and what a commune still has to receive are each one indexed
query. The official number ("12-GGT/ĐU") comes from a counter per signing committee and term.
"""
from __future__ import annotations

from typing import Callable

from ...domain.introductions import Introduction, IntroductionState, introduction_code
from ...domain.numbering import Term
from ..number_counters import number_counter, yearly_counters
from .database import Database
from .records import change_locked, insert, stamp, upgrade

COLLECTION = "introductions"


def columns(record: dict) -> dict:
    introduction = _introduction(record)
    return {"code": introduction.code, "member_id": introduction.member_id,
            "workplace_id": introduction.workplace_id, "commune_id": introduction.commune_id,
            "state": str(introduction.state), "issued_on": introduction.issued_on, "details": record}


def _introduction(record: dict) -> Introduction:
    return Introduction.from_record(upgrade(COLLECTION, dict(record)))


def _row(introduction: Introduction) -> dict:
    return columns(stamp(COLLECTION, introduction.to_record()))


def number_position(db: Database, issuer_id: str, term: Term) -> int:
    """The last official number of the committee in the term: its counter's, or before
    the term's first letter, the highest its per-year counters of those years gave."""
    return db.counter_position(number_counter(issuer_id, term)) or max(
        db.counter_position(earlier) for earlier in yearly_counters(issuer_id, term))


class IntroductionRepository:
    def __init__(self, db: Database):
        self.db = db

    def _select(self, where: str, params: dict) -> list[Introduction]:
        return [_introduction(row["details"]) for row in self.db.rows(f"SELECT details FROM introductions {where}",  # nosec B608: table and column names of our own code; every value is bound
                                                                       params)]

    def next_code(self, year: int) -> str:
        return introduction_code(year, self.db.next_number(f"introductions-{year}"))

    def next_number(self, issuer_id: str, term: Term) -> int:
        """The letter's number within its signing committee and term ("12-GGT/ĐU"); the
        counter of a term, made by the first letter of it, follows what the per-year
        counters of its years gave."""
        return self.db.next_number(number_counter(issuer_id, term), 1 + number_position(self.db, issuer_id, term))

    def get(self, code: str) -> Introduction | None:
        found = self._select("WHERE code = :code", {"code": code})
        return found[0] if found else None

    def latest_for_member(self, member_id: str) -> Introduction | None:
        found = self._select("WHERE member_id = :member ORDER BY issued_on DESC, code DESC LIMIT 1",
                             {"member": member_id})
        return found[0] if found else None

    def waiting_for_commune(self, commune_id: str) -> list[Introduction]:
        return self._select("WHERE commune_id = :commune AND state = :state ORDER BY issued_on, code",
                            {"commune": commune_id, "state": str(IntroductionState.ISSUED)})

    def add(self, introduction: Introduction) -> None:
        insert(self.db, "introductions", [_row(introduction)])

    def update(self, code: str, change: Callable[[Introduction], Introduction]) -> Introduction:
        return change_locked(self.db, "introductions", "code", code, _introduction, change, _row)[1]
