"""Introduction letters (Mẫu 1-213): the `introductions` table of the store's file, by code."""
from __future__ import annotations

from typing import Callable

from ...domain.introductions import Introduction, IntroductionState, introduction_code
from ...domain.numbering import Term
from ..number_counters import number_counter, yearly_counters
from ..record_versions import stamp, upgrade
from .counters import next_number, position
from .records import change_record
from .store import Store

TABLE = "introductions"


def number_position(store: Store, issuer_id: str, term: Term) -> int:
    """The last official number the committee gave in the term; before the term's first
    letter, where the per-year counters of its years left it."""
    return position(store, number_counter(issuer_id, term)) or max(
        position(store, earlier) for earlier in yearly_counters(issuer_id, term))


def _introduction(doc: dict) -> Introduction:
    return Introduction.from_record(upgrade(TABLE, doc))


class IntroductionRepository:
    def __init__(self, store: Store):
        self.store = store

    def next_code(self, year: int) -> str:
        return introduction_code(year, next_number(self.store, f"introductions-{year}"))

    def next_number(self, issuer_id: str, term: Term) -> int:
        """The letter's number within its signing committee and term ("12-GGT/ĐU"); the
        first one of a term follows what the per-year counters of its years gave."""
        with self.store.transaction():
            return next_number(self.store, number_counter(issuer_id, term),
                               number_position(self.store, issuer_id, term) + 1)

    def get(self, code: str) -> Introduction | None:
        doc = self.store.first(TABLE, lambda doc: doc["code"] == code)
        return _introduction(doc) if doc else None

    def latest_for_member(self, member_id: str) -> Introduction | None:
        found = [_introduction(doc) for doc in self.store.find(TABLE, lambda doc: doc["member_id"] == member_id)]
        return max(found, key=lambda i: (i.issued_on, i.code), default=None)

    def waiting_for_commune(self, commune_id: str) -> list[Introduction]:
        found = [_introduction(doc) for doc in self.store.find(TABLE, lambda doc: doc["commune_id"] == commune_id)]
        return sorted((i for i in found if i.state == IntroductionState.ISSUED), key=lambda i: (i.issued_on, i.code))

    def add(self, introduction: Introduction) -> None:
        with self.store.transaction():
            self.store.table(TABLE).insert(stamp(TABLE, introduction.to_record()))

    def update(self, code: str, change: Callable[[Introduction], Introduction]) -> Introduction:
        return change_record(self.store, TABLE, "code", code, Introduction.from_record, change)[1]
