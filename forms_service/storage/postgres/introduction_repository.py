"""Introduction letters (Mẫu 1-213) in the `introductions` table (migration 0004).

A member's latest letter and what a commune still has to receive are each one indexed
query. The official number ("12-GGT/ĐU") comes from a sequence per issuing committee and year.
"""
from __future__ import annotations

from typing import Callable

from psycopg import sql

from ...domain.introductions import Introduction, IntroductionState
from ...domain.introductions import introduction_code
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


def number_counter(workplace_id: str, year: int) -> str:
    """The sequence of a committee's official numbers of a year (the same name as on the embedded store)."""
    return f"ggt-{workplace_id}.{year}"


class IntroductionRepository:
    def __init__(self, db: Database):
        self.db = db

    def _select(self, where: str, params: tuple) -> list[Introduction]:
        query = sql.SQL("SELECT details FROM introductions {}").format(sql.SQL(where))
        return [_introduction(row["details"]) for row in self.db.rows(query, params)]

    def next_code(self, year: int) -> str:
        return introduction_code(year, self.db.next_number(f"introductions-{year}"))

    def next_number(self, workplace_id: str, year: int) -> int:
        """The letter's number within its issuing committee and year ("12-GGT/ĐU")."""
        return self.db.next_number(number_counter(workplace_id, year))

    def get(self, code: str) -> Introduction | None:
        found = self._select("WHERE code = %s", (code,))
        return found[0] if found else None

    def latest_for_member(self, member_id: str) -> Introduction | None:
        found = self._select("WHERE member_id = %s ORDER BY issued_on DESC, code DESC LIMIT 1", (member_id,))
        return found[0] if found else None

    def waiting_for_commune(self, commune_id: str) -> list[Introduction]:
        return self._select("WHERE commune_id = %s AND state = %s ORDER BY issued_on, code",
                            (commune_id, str(IntroductionState.ISSUED)))

    def add(self, introduction: Introduction) -> None:
        insert(self.db, "introductions", [_row(introduction)])

    def update(self, code: str, change: Callable[[Introduction], Introduction]) -> Introduction:
        return change_locked(self.db, "introductions", "code", code, _introduction, change, _row)[1]
