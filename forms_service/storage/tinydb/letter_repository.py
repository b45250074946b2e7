"""Absence letters in the store.

Letters are sharded by residence cell and year of submission (`letters/<cell>.<year>`):
a cell receives a few hundred letters a year at most, so every file stays small even
with a million letters in a province. Small indexes answer what the pages ask without
reading other shards:

- `letter-shard` (KeyIndex, 1024 buckets): code -> shard key;
- `letters-member` (GroupIndex): member -> codes, each with the key of its shard;
- `letters-workplace-waiting` (GroupIndex): workplace -> codes (and shard keys) waiting for its confirmation;
- `letters-cell-waiting` (GroupIndex): residence cell -> codes (and shard keys) waiting for its decision.

A letter and its indexes are written in one transaction (store.py, journal.py).
"""
from __future__ import annotations

from collections import defaultdict
from typing import Callable

from ...domain.letters import WAITING_FOR_CELL, WAITING_FOR_WORKPLACE, Letter, letter_code
from .counters import next_number
from .indexes import GroupIndex, KeyIndex
from ..record_versions import changing, stamp, upgrade
from .store import Store



class LetterRepository:
    def __init__(self, store: Store):
        self.store = store
        self.locator = KeyIndex(store, "letter-shard", buckets=1024)
        self.by_member = GroupIndex(store, "letters-member")
        self.workplace_waiting = GroupIndex(store, "letters-workplace-waiting")
        self.cell_waiting = GroupIndex(store, "letters-cell-waiting")

    @staticmethod
    def shard_key(cell_id: str, year: int) -> str:
        return f"{cell_id}.{year}"

    def _shard(self, key: str):
        return self.store.shard("letters", key)

    # --- reading -------------------------------------------------------------------

    def get(self, code: str) -> Letter | None:
        key = self.locator.get(code)
        if key is None:
            return None
        doc = self._shard(key).get("code", code)
        return _letter(doc) if doc else None

    def _many(self, located: dict) -> list[Letter]:
        """Letters by code, given as code -> shard key (None where the index kept no
        key: looked up in the code index, each bucket read once); each shard read once."""
        unknown = [code for code, key in located.items() if not key]
        located = {**located, **self.locator.get_many(unknown)} if unknown else located
        wanted: dict[str, set[str]] = defaultdict(set)
        for code, key in located.items():
            if key:
                wanted[key].add(code)
        found = []
        for key, keys_codes in wanted.items():
            found += [_letter(doc) for doc in self._shard(key).all() if doc["code"] in keys_codes]
        return sorted(found, key=lambda letter: letter.submitted_at, reverse=True)

    def for_member(self, member_id: str) -> list[Letter]:
        """The member's letters, newest first (the attendance register reads this)."""
        return [letter for letter in self._many(self.by_member.items(member_id)) if letter.member_id == member_id]

    def waiting_for_workplace(self, workplace_id: str) -> list[Letter]:
        letters = self._many(self.workplace_waiting.items(workplace_id))
        return [x for x in letters if x.workplace_id == workplace_id and x.state in WAITING_FOR_WORKPLACE]

    def waiting_for_cell(self, cell_id: str) -> list[Letter]:
        letters = self._many(self.cell_waiting.items(cell_id))
        return [x for x in letters if x.cell_id == cell_id and x.state in WAITING_FOR_CELL]

    def for_cell(self, cell_id: str, year: int) -> list[Letter]:
        """The cell's letters of `year`: sent that year, or sent the year before for a
        meeting in this one (a letter of late December for a January meeting)."""
        letters = [_letter(doc) for doc in self._shard(self.shard_key(cell_id, year)).all()]
        letters += [letter for letter in (_letter(doc) for doc in self._shard(self.shard_key(cell_id, year - 1)).all())
                    if any(day.year == year for day in letter.dates)]
        return sorted(letters, key=lambda letter: letter.submitted_at, reverse=True)

    def count_waiting_for_workplace(self, workplace_id: str) -> int:
        return len(self.workplace_waiting.members(workplace_id))

    def count_waiting_for_cell(self, cell_id: str) -> int:
        return len(self.cell_waiting.members(cell_id))

    # --- writing -------------------------------------------------------------------

    def next_code(self, year: int) -> str:
        return letter_code(year, next_number(self.store, f"letters-{year}"))

    def add(self, letter: Letter) -> None:
        """Store a new letter with its indexes, in one transaction."""
        key = self.shard_key(letter.cell_id, letter.year)
        with self.store.transaction():
            with self._shard(key).table() as table:
                table.insert(stamp("letters", letter.to_record()))
            self.locator.put(letter.code, key)
            self.by_member.add(letter.member_id, letter.code, key)
            self._reindex(None, letter)

    def update(self, code: str, change: Callable[[Letter], Letter]) -> tuple[Letter, Letter]:
        """Apply `change` (a domain transition) under the shard's lock; returns
        (before, after). An exception from `change` leaves the record untouched."""
        key = self.locator.get(code)
        if key is None:
            raise KeyError(code)
        with self.store.transaction():
            records = self._shard(key).change("code", code, changing("letters", Letter.from_record, change))
            before, after = (_letter(record) for record in records)
            self._reindex(before, after)
        return before, after

    def _reindex(self, before: Letter | None, after: Letter) -> None:
        for index, states, unit in ((self.workplace_waiting, WAITING_FOR_WORKPLACE, after.workplace_id),
                                    (self.cell_waiting, WAITING_FOR_CELL, after.cell_id)):
            was = before is not None and before.state in states
            now = after.state in states
            if now and not was:
                index.add(unit, after.code, self.shard_key(after.cell_id, after.year))
            elif was and not now:
                index.discard(unit, after.code)


def _letter(doc: dict) -> Letter:
    return Letter.from_record(upgrade("letters", dict(doc)))
