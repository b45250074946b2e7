"""Yearly comments (Mẫu 3-213): the `comments` table of the store's file, by code."""
from __future__ import annotations

from typing import Callable

from ...domain.comments import Comment, comment_code
from ..record_versions import stamp, upgrade
from .counters import next_number
from .records import change_record
from .store import Store

TABLE = "comments"


def _comment(doc: dict) -> Comment:
    return Comment.from_record(upgrade(TABLE, doc))


class CommentRepository:
    def __init__(self, store: Store):
        self.store = store

    def _where(self, predicate) -> list[Comment]:
        return sorted((_comment(doc) for doc in self.store.find(TABLE, predicate)), key=lambda c: c.code)

    def next_code(self, year: int) -> str:
        return comment_code(year, next_number(self.store, f"comments-{year}"))

    def get(self, code: str) -> Comment | None:
        doc = self.store.first(TABLE, lambda doc: doc["code"] == code)
        return _comment(doc) if doc else None

    def for_workplace(self, workplace_id: str, year: int) -> list[Comment]:
        return self._where(lambda doc: doc["workplace_id"] == workplace_id and doc["year"] == year)

    def for_cell(self, cell_id: str, year: int) -> list[Comment]:
        return self._where(lambda doc: doc["cell_id"] == cell_id and doc["year"] == year)

    def add_many(self, comments: list[Comment]) -> None:
        with self.store.transaction():
            self.store.table(TABLE).insert_multiple(stamp(TABLE, c.to_record()) for c in comments)

    def update(self, code: str, change: Callable[[Comment], Comment]) -> Comment:
        """Read-modify-write in one unit of work; `change` may raise a domain error."""
        return change_record(self.store, TABLE, "code", code, Comment.from_record, change)[1]
