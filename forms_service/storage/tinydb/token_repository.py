"""One-time tokens: what a form posted once made, so that the same form posted again
(a double click, back and send again) shows the first result instead of making a second.

Tokens live in 1024 bucket files (`tokens/bNNN`). `used` takes the token's bucket lock for
the rest of the transaction, so two posts of one token at the same instant make one record.
"""
from __future__ import annotations

from .indexes import bucket_of
from .store import Store

TOKEN_BUCKETS = 1024


class TokenRepository:
    def __init__(self, store: Store):
        self.store = store

    def _shard(self, token: str):
        return self.store.shard("tokens", bucket_of(token, TOKEN_BUCKETS))

    def used(self, token: str) -> str | None:
        """What the token made (a reference code or id), or None if it is still unused;
        inside a transaction the token stays reserved until it ends."""
        if self.store.current_transaction() is None:
            doc = self._shard(token).get("k", token)
            return doc["v"] if doc else None
        with self._shard(token).table() as table:
            found = table.search(lambda doc: doc.get("k") == token)
        return found[0]["v"] if found else None

    def use(self, token: str, result: str) -> None:
        """Remember that the token made `result` (saved with the transaction)."""
        self._shard(token).put("k", {"k": token, "v": result})
