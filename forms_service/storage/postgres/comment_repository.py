"""Yearly comments (Mẫu 3-213) in the `comments` table (migration 0004).

The workplace officer's list of a year and the residence cell's are each one indexed
query; both in the order the requests were numbered, as on the embedded store.
"""
from __future__ import annotations

from typing import Callable

from psycopg import sql

from ...domain.comments import Comment
from ...domain.comments import comment_code
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

    def _select(self, where: str, params: tuple) -> list[Comment]:
        query = sql.SQL("SELECT details FROM comments WHERE {} ORDER BY code").format(sql.SQL(where))
        return [_comment(row["details"]) for row in self.db.rows(query, params)]

    def next_code(self, year: int) -> str:
        return comment_code(year, self.db.next_number(f"comments-{year}"))

    def get(self, code: str) -> Comment | None:
        found = self._select("code = %s", (code,))
        return found[0] if found else None

    def for_workplace(self, workplace_id: str, year: int) -> list[Comment]:
        return self._select("workplace_id = %s AND year = %s", (workplace_id, year))

    def for_cell(self, cell_id: str, year: int) -> list[Comment]:
        return self._select("cell_id = %s AND year = %s", (cell_id, year))

    def add_many(self, comments: list[Comment]) -> None:
        """New requests of one workplace and year, in one statement."""
        insert(self.db, "comments", [_row(comment) for comment in comments])

    def update(self, code: str, change: Callable[[Comment], Comment]) -> Comment:
        """Read-modify-write the row locked `FOR UPDATE`; `change` may raise a domain error."""
        return change_locked(self.db, "comments", "code", code, _comment, change, _row)[1]
