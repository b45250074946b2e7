"""One-time tokens (table `tokens`, the token its primary key): what a form posted once made,
so that the same form posted again (a double click, back and send again) shows the first
result instead of making a second.

Inside a unit of work `used` first claims the token's row (an insert with an empty result
that does nothing if the row is there): on PostgreSQL a second post of the same token waits
on that primary key until the first one's transaction ends, and then reads what it made; on
SQLite the unit of work already holds the one write lock. A claim rolled back leaves no row;
an empty result means "claimed, nothing made". Outside a unit of work it only reads.
"""
from __future__ import annotations

from .database import Database


class TokenRepository:
    def __init__(self, db: Database):
        self.db = db

    def used(self, token: str) -> str | None:
        """What the token made (a reference code or id), or None if it is still unused;
        inside a transaction the token stays reserved until it ends."""
        if self.db.in_transaction():
            self.db.run("INSERT INTO tokens (token, result) VALUES (:token, '') ON CONFLICT (token) DO NOTHING",
                        {"token": token})
        row = self.db.row("SELECT result FROM tokens WHERE token = :token", {"token": token})
        return row["result"] if row and row["result"] else None

    def use(self, token: str, result: str) -> None:
        """Remember that the token made `result` (saved with the transaction). The first
        result recorded stays: a token is used once."""
        self.db.run("INSERT INTO tokens (token, result) VALUES (:token, :result) "
                    "ON CONFLICT (token) DO UPDATE SET result = excluded.result WHERE tokens.result = ''",
                    {"token": token, "result": result})
