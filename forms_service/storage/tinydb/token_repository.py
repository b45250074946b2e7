"""One-time tokens: what a form posted once made, so that the same form posted again
(a double click, back and send again) shows the first result instead of making a second.
The `tokens` table, {"token", "result"}: a unit of work that reads a token and saves it holds
the store's one lock in between, so two posts of one token at once make one record."""
from __future__ import annotations

from .store import Store

TABLE = "tokens"


class TokenRepository:
    def __init__(self, store: Store):
        self.store = store

    def used(self, token: str) -> str | None:
        """What the token made (a reference code or id), or None if it is still unused."""
        doc = self.store.first(TABLE, lambda doc: doc["token"] == token)
        return doc["result"] if doc else None

    def use(self, token: str, result: str) -> None:
        """Remember that the token made `result` (saved with the unit of work)."""
        self.store.put(TABLE, lambda doc: doc["token"], {"token": token, "result": result})
