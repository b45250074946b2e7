"""Yearly comments (Mẫu 3-213) in the store.

Sharded by workplace and year (`comments/<workplace>.<year>`): the workplace officer's
list for a year is one file, and a workplace asks for one comment per member a year.
Indexes: `comment-shard` (code -> shard key) and `comments-cell` (`<cell>.<year>` ->
codes), so the residence cell's list reads one small group file and the few workplace
shards its members belong to.
"""
from __future__ import annotations

from collections import defaultdict
from typing import Callable

from ...domain.comments import Comment, comment_code
from .counters import next_number
from .indexes import GroupIndex, KeyIndex
from ..record_versions import changing, stamp, upgrade
from .store import Store



class CommentRepository:
    def __init__(self, store: Store):
        self.store = store
        self.locator = KeyIndex(store, "comment-shard", buckets=1024)
        self.by_cell = GroupIndex(store, "comments-cell")

    @staticmethod
    def shard_key(workplace_id: str, year: int) -> str:
        return f"{workplace_id}.{year}"

    def _shard(self, key: str):
        return self.store.shard("comments", key)

    def next_code(self, year: int) -> str:
        return comment_code(year, next_number(self.store, f"comments-{year}"))

    def get(self, code: str) -> Comment | None:
        key = self.locator.get(code)
        doc = self._shard(key).get("code", code) if key else None
        return Comment.from_record(upgrade("comments", doc)) if doc else None

    def for_workplace(self, workplace_id: str, year: int) -> list[Comment]:
        return [Comment.from_record(upgrade("comments", d)) for d in self._shard(self.shard_key(workplace_id, year)).all()]

    def for_cell(self, cell_id: str, year: int) -> list[Comment]:
        codes = set(self.by_cell.members(f"{cell_id}.{year}"))
        keys: dict[str, set[str]] = defaultdict(set)
        for code in codes:
            key = self.locator.get(code)
            if key:
                keys[key].add(code)
        found = [Comment.from_record(upgrade("comments", d)) for key, wanted in keys.items()
                 for d in self._shard(key).all() if d["code"] in wanted]
        return [c for c in found if c.cell_id == cell_id]

    def add_many(self, comments: list[Comment]) -> None:
        """New requests of one workplace and year, in one write of their shard."""
        by_key: dict[str, list[Comment]] = defaultdict(list)
        for comment in comments:
            by_key[self.shard_key(comment.workplace_id, comment.year)].append(comment)
        with self.store.transaction():
            for key, batch in by_key.items():
                with self._shard(key).table() as table:
                    table.insert_multiple(stamp("comments", c.to_record()) for c in batch)
                for comment in batch:
                    self.locator.put(comment.code, key)
                    self.by_cell.add(f"{comment.cell_id}.{comment.year}", comment.code)

    def update(self, code: str, change: Callable[[Comment], Comment]) -> Comment:
        """Read-modify-write under the shard lock; `change` may raise a domain error."""
        key = self.locator.get(code)
        if key is None:
            raise KeyError(code)
        _, after = self._shard(key).change("code", code, changing("comments", Comment.from_record, change))
        return Comment.from_record(after)
