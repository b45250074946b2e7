"""Small secondary indexes, so that a page reads one little file instead of every shard.

- `KeyIndex`: key -> value (e.g. a reference code -> the shard that holds the record),
  spread over a fixed number of bucket files.
- `GroupIndex`: group -> set of ids (e.g. a residence cell -> its members), one file per group.

Both live in the same store and obey the same locking rules as records.
"""
from __future__ import annotations

import zlib

from .store import Store


def bucket_of(key: str, buckets: int) -> str:
    return f"b{zlib.crc32(key.encode('utf-8')) % buckets:03d}"


class KeyIndex:
    def __init__(self, store: Store, name: str, buckets: int = 64):
        self.store, self.name, self.buckets = store, name, buckets

    def _shard(self, key: str):
        return self.store.shard(f"idx-{self.name}", bucket_of(key, self.buckets))

    def get(self, key: str):
        doc = self._shard(key).get("k", key)
        return doc["v"] if doc else None

    def get_many(self, keys: list[str]) -> dict:
        """Values of many keys, reading each bucket file once."""
        wanted: dict[str, set[str]] = {}
        for key in keys:
            wanted.setdefault(bucket_of(key, self.buckets), set()).add(key)
        found = {}
        for bucket, bucket_keys in wanted.items():
            for doc in self.store.shard(f"idx-{self.name}", bucket).all():
                if doc.get("k") in bucket_keys:
                    found[doc["k"]] = doc["v"]
        return found

    def put(self, key: str, value) -> None:
        self._shard(key).put("k", {"k": key, "v": value})

    def remove(self, key: str) -> None:
        with self._shard(key).table() as table:
            table.remove(lambda doc: doc.get("k") == key)

    @property
    def collection(self) -> str:
        return f"idx-{self.name}"

    def files_for(self, pairs) -> dict[str, list[dict]]:
        """What each bucket file holds when the index holds exactly `pairs` (key, value)."""
        files: dict[str, list[dict]] = {}
        for key, value in pairs:
            files.setdefault(bucket_of(key, self.buckets), []).append({"k": key, "v": value})
        return files


class GroupIndex:
    """group -> ids, each id with an optional value (e.g. the shard that holds it, so
    that a list page goes straight to the right files)."""

    def __init__(self, store: Store, name: str):
        self.store, self.name = store, name

    def _shard(self, group: str):
        return self.store.shard(f"grp-{self.name}", group)

    def members(self, group: str) -> list[str]:
        return [doc["id"] for doc in self._shard(group).all()]

    def items(self, group: str) -> dict:
        """id -> value (None where none was kept)."""
        return {doc["id"]: doc.get("v") for doc in self._shard(group).all()}

    def add(self, group: str, item_id: str, value=None) -> None:
        with self._shard(group).table() as table:
            if not table.search(lambda doc: doc.get("id") == item_id):
                table.insert({"id": item_id} if value is None else {"id": item_id, "v": value})

    def put(self, group: str, item_id: str, value) -> None:
        """Add the id, or replace the value it had."""
        self._shard(group).put("id", {"id": item_id, "v": value})

    def discard(self, group: str, item_id: str) -> None:
        with self._shard(group).table() as table:
            table.remove(lambda doc: doc.get("id") == item_id)

    @property
    def collection(self) -> str:
        return f"grp-{self.name}"

    def files_for(self, entries) -> dict[str, list[dict]]:
        """What each group file holds when the index holds exactly `entries` (group, id, value)."""
        files: dict[str, list[dict]] = {}
        for group, item_id, value in entries:
            files.setdefault(group, []).append({"id": item_id} if value is None else {"id": item_id, "v": value})
        return files
