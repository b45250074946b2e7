"""Introduction letters (Mẫu 1-213) in the store.

Sharded by workplace and year of issue (`introductions/<workplace>.<year>`). Indexes:
`introduction-shard` (code -> shard key), `introduction-member` (member -> latest code,
for the workplace's list of members) and `introductions-commune-waiting` (commune ->
codes not yet received), so the commune officer's list reads one small group file.
"""
from __future__ import annotations

from typing import Callable

from ...domain.introductions import Introduction, IntroductionState, introduction_code
from ...domain.numbering import Term
from ..number_counters import number_counter, yearly_counters
from .counters import next_number, position
from .indexes import GroupIndex, KeyIndex
from ..record_versions import changing, stamp, upgrade
from .store import Store



class IntroductionRepository:
    def __init__(self, store: Store):
        self.store = store
        self.locator = KeyIndex(store, "introduction-shard", buckets=256)
        self.latest = KeyIndex(store, "introduction-member", buckets=256)
        self.commune_waiting = GroupIndex(store, "introductions-commune-waiting")

    def _shard(self, key: str):
        return self.store.shard("introductions", key)

    def next_code(self, year: int) -> str:
        return introduction_code(year, next_number(self.store, f"introductions-{year}"))

    def next_number(self, issuer_id: str, term: Term) -> int:
        """The letter's number within its signing committee and term ("12-GGT/ĐU"); the
        first one of a term follows what the per-year counters of its years gave."""
        name = number_counter(issuer_id, term)
        start = 1
        if not position(self.store, name):
            start += max(position(self.store, earlier) for earlier in yearly_counters(issuer_id, term))
        return next_number(self.store, name, start)

    def get(self, code: str) -> Introduction | None:
        key = self.locator.get(code)
        doc = self._shard(key).get("code", code) if key else None
        return Introduction.from_record(upgrade("introductions", doc)) if doc else None

    def latest_for_member(self, member_id: str) -> Introduction | None:
        code = self.latest.get(member_id)
        return self.get(code) if code else None

    def waiting_for_commune(self, commune_id: str) -> list[Introduction]:
        found = [self.get(code) for code in self.commune_waiting.members(commune_id)]
        return sorted((i for i in found if i and i.state == IntroductionState.ISSUED), key=lambda i: i.issued_on)

    def add(self, introduction: Introduction) -> None:
        key = f"{introduction.workplace_id}.{introduction.issued_on.year}"
        with self.store.transaction():
            with self._shard(key).table() as table:
                table.insert(stamp("introductions", introduction.to_record()))
            self.locator.put(introduction.code, key)
            self.latest.put(introduction.member_id, introduction.code)
            self.commune_waiting.add(introduction.commune_id, introduction.code)

    def update(self, code: str, change: Callable[[Introduction], Introduction]) -> Introduction:
        key = self.locator.get(code)
        if key is None:
            raise KeyError(code)
        with self.store.transaction():
            _, after = self._shard(key).change("code", code,
                                               changing("introductions", Introduction.from_record, change))
            changed = Introduction.from_record(after)
            if changed.state != IntroductionState.ISSUED:
                self.commune_waiting.discard(changed.commune_id, code)
        return changed
