"""The one place that opens TinyDB files.

Layout of a store folder::

    <root>/<collection>/<shard>.json     records, one small TinyDB file per shard
    <root>/<collection>/<shard>.json.lock

Rules that keep several gunicorn workers safe (see stack-measurements §3):
- every read-modify-write holds the shard's cross-process file lock;
- every operation opens a fresh TinyDB (its cached next-id goes stale across processes);
- every write is atomic and durable (AtomicJSONStorage).

Repositories choose the shard key so that no file grows past a few thousand
records: the cost of a write grows with the size of the file it rewrites.
"""
from __future__ import annotations

import fcntl
import os
import re
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from filelock import FileLock
from tinydb import TinyDB
from tinydb.table import Table

from .atomic import AtomicJSONStorage

TABLE = "records"
LOCK_TIMEOUT_S = 30
_SAFE_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{0,120}$")


class StoreError(Exception):
    """The store could not complete an operation (disk full, lock timeout…)."""


@contextmanager
def store_lock(root: Path, exclusive: bool = False):
    """The store-wide lock. Every write holds it shared, so writers never wait for each
    other here; a backup holds it exclusive, so it copies a store with no write half done.
    A repository that writes several files for one change (a record and its index)
    holds it around all of them."""
    root.mkdir(parents=True, exist_ok=True)
    fd = os.open(root / ".store.lock", os.O_RDWR | os.O_CREAT, 0o640)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
        yield
    finally:
        os.close(fd)  # closing releases the flock


class _OneWriteStorage(AtomicJSONStorage):
    """Keeps TinyDB's writes in memory until `flush`: one locked block, one file write."""

    def __init__(self, path):
        super().__init__(path)
        self._pending = None

    def read(self):
        return self._pending if self._pending is not None else super().read()

    def write(self, data) -> None:
        self._pending = data

    def flush(self) -> None:
        if self._pending is not None:
            super().write(self._pending)
            self._pending = None


class Shard:
    """One TinyDB file and its lock."""

    def __init__(self, path: Path, root: Path):
        self.path = path
        self.root = root
        self._lock = FileLock(str(path) + ".lock", timeout=LOCK_TIMEOUT_S)

    @contextmanager
    def table(self) -> Iterator[Table]:
        """Lock the shard and yield a fresh table. Whatever the block changes is written
        once, atomically, when it ends; if it raises, nothing is written. So a reader
        (reads take no lock) never sees a state between two steps of one change, such as
        a record removed and not yet re-inserted."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with store_lock(self.root), self._lock:
                db = TinyDB(self.path, storage=_OneWriteStorage)
                try:
                    yield db.table(TABLE, cache_size=0)
                    db.storage.flush()
                finally:
                    db.close()
        except OSError as error:
            raise StoreError(str(error)) from error

    def put(self, field: str, record: dict) -> None:
        """Insert `record`, replacing the record with the same `field` value (one write)."""
        with self.table() as table:
            table.remove(lambda doc: doc.get(field) == record[field])
            table.insert(record)

    def change(self, field: str, value, change: Callable[[dict], dict]) -> tuple[dict, dict]:
        """Replace the record whose `field` is `value` by `change(record)` under the lock,
        in one write; returns (before, after). KeyError if there is no such record; if
        `change` raises (a rule refused it), nothing is written."""
        with self.table() as table:
            found = table.search(lambda doc: doc.get(field) == value)
            if not found:
                raise KeyError(value)
            before = dict(found[0])
            after = change(before)
            table.remove(lambda doc: doc.get(field) == value)
            table.insert(after)
        return before, after

    def all(self) -> list[dict]:
        """Read every record. Reads need no lock: files are only ever replaced whole."""
        if not self.path.exists():
            return []
        db = TinyDB(self.path, storage=AtomicJSONStorage)
        try:
            return [dict(doc) for doc in db.table(TABLE, cache_size=0).all()]
        except OSError as error:
            raise StoreError(str(error)) from error
        finally:
            db.close()

    def find(self, predicate: Callable[[dict], bool]) -> list[dict]:
        return [doc for doc in self.all() if predicate(doc)]

    def get(self, field: str, value) -> dict | None:
        for doc in self.all():
            if doc.get(field) == value:
                return doc
        return None


class Store:
    """A folder of sharded collections."""

    def __init__(self, root: str | Path):
        self.root = Path(root)

    def shard(self, collection: str, key: str) -> Shard:
        for part in (collection, key):
            if not _SAFE_NAME.match(part):
                raise ValueError(f"unsafe store name: {part!r}")
        return Shard(self.root / collection / f"{key}.json", self.root)

    def shards(self, collection: str) -> list[Shard]:
        folder = self.root / collection
        if not folder.is_dir():
            return []
        return [Shard(path, self.root) for path in sorted(folder.glob("*.json"))]

    @contextmanager
    def operation(self):
        """Hold the store-wide lock (shared) around a change that writes several files."""
        try:
            with store_lock(self.root):
                yield
        except OSError as error:
            raise StoreError(str(error)) from error

    def is_empty(self) -> bool:
        return not any(self.root.glob("*/*.json"))

    def check_health(self) -> dict:
        """Can the store be read and written? Used by /healthz."""
        probe = self.shard("health", "probe")
        try:
            with probe.table() as table:
                table.truncate()
                table.insert({"ok": True})
            readable = probe.all() == [{"ok": True}]
            return {"readable": readable, "writable": True}
        except StoreError as error:
            return {"readable": False, "writable": False, "error": str(error)}
