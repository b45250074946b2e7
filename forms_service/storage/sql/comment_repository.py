"""Yearly comments (Mẫu 3-213) in the `comments` table.

The workplace officer's list of a year and the residence cell's are each one indexed
query; both in the order the requests were numbered, as on the embedded store.
"""
from __future__ import annotations

from typing import Callable

from ...domain.comments import Comment, comment_code
from .database import Database
from .records import change_locked, insert, stamp, upgrade

COLLECTION = "comments"


def columns(record: dict) -> dict:
    comment = _comment(record)
    return {"code": comment.code, "year": comment.year, "member_id": comment.member_id,
            "workplace_id": comment.workplace_id, "cell_id": comment.cell_id, "state": str(comment.state),
            "details": record}


def _comment(record: dict) -> Comment:
    return Comment.from_record(upgrade(COLLECTION, dict(record)))


def _row(comment: Comment) -> dict:
    return columns(stamp(COLLECTION, comment.to_record()))


class CommentRepository:
    def __init__(self, db: Database):
        self.db = db

    def _select(self, where: str, params: dict) -> list[Comment]:
        return [_comment(row["details"]) for row in self.db.rows(
            f"SELECT details FROM comments WHERE {where} ORDER BY code", params)]  # nosec B608: table and column names of our own code; every value is bound

    def next_code(self, year: int) -> str:
        return comment_code(year, self.db.next_number(f"comments-{year}"))

    def get(self, code: str) -> Comment | None:
        found = self._select("code = :code", {"code": code})
        return found[0] if found else None

    def for_workplace(self, workplace_id: str, year: int) -> list[Comment]:
        return self._select("workplace_id = :workplace AND year = :year", {"workplace": workplace_id, "year": year})

    def for_cell(self, cell_id: str, year: int) -> list[Comment]:
        return self._select("cell_id = :cell AND year = :year", {"cell": cell_id, "year": year})

    def add_many(self, comments: list[Comment]) -> None:
        """New requests of one workplace and year, in one statement."""
        insert(self.db, "comments", [_row(comment) for comment in comments])

    def update(self, code: str, change: Callable[[Comment], Comment]) -> Comment:
        """Read-modify-write the locked row; `change` may raise a domain error."""
        return change_locked(self.db, "comments", "code", code, _comment, change, _row)[1]
