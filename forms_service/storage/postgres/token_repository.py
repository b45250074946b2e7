"""One-time tokens on PostgreSQL (table `tokens`, migration 0010): what a form posted once
made, so that the same form posted again (a double click, back and send again) shows the
first result instead of making a second.

Inside a transaction `used` takes a transaction-scoped advisory lock on the token before it
reads: a second post of the same token waits there until the first one's transaction ends,
and then reads what it made. Outside a transaction it only reads.
"""
from __future__ import annotations

from .database import Database

LOCK_CLASS = 213_010   # first key of our token locks, so they never meet another advisory lock of ours


class TokenRepository:
    def __init__(self, db: Database):
        self.db = db

    def used(self, token: str) -> str | None:
        """What the token made (a reference code or id), or None if it is still unused;
        inside a transaction the token stays reserved until it ends."""
        if self.db.in_transaction():
            self.db.run("SELECT pg_advisory_xact_lock(%s, hashtext(%s))", (LOCK_CLASS, token))
        row = self.db.row("SELECT result FROM tokens WHERE token = %s", (token,))
        return row["result"] if row else None

    def use(self, token: str, result: str) -> None:
        """Remember that the token made `result` (saved with the transaction). The first
        result recorded stays: a token is used once."""
        self.db.run("INSERT INTO tokens (token, result) VALUES (%s, %s) ON CONFLICT (token) DO NOTHING",
                    (token, result))
