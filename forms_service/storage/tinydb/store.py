"""The one place that opens TinyDB files.

Layout of a store folder::

    <root>/<collection>/<shard>.json     records, one small TinyDB file per shard
    <root>/<collection>/<shard>.json.lock

Rules that keep several gunicorn workers safe (TinyDB itself has no locking and caches its
next id per process, so without these, two workers lose each other's writes):
- every read-modify-write holds the shard's cross-process file lock, until the end of its
  transaction (the files a transaction touches are locked as it reaches them; a lock not
  got within LOCK_TIMEOUT_S — two changes waiting on each other — fails the change with
  StoreError and saves none of it);
- every operation opens a fresh TinyDB (its cached next-id goes stale across processes);
- every write is atomic and durable (atomic.py), and a change of several files is one
  transaction, saved whole or rolled forward after a crash (journal.py).

Repositories choose the shard key so that no file grows past a few thousand
records: the cost of a write grows with the size of the file it rewrites.
"""
from __future__ import annotations

import fcntl
import logging
import os
import re
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Table

from ..contract import StoreError
from .journal import TABLE, Transaction, pending_journals, read_file, roll_forward

log = logging.getLogger(__name__)
_SAFE_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{0,120}$")


@contextmanager
def store_lock(root: Path, exclusive: bool = False):
    """The store-wide lock. Every transaction holds it shared from its first read to its
    last write, so writers never wait for each other here; a backup holds it exclusive, so
    it copies a store with no change half done."""
    root.mkdir(parents=True, exist_ok=True)
    fd = os.open(root / ".store.lock", os.O_RDWR | os.O_CREAT, 0o640)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
        yield
    finally:
        os.close(fd)  # closing releases the flock


class _StagedStorage(Storage):
    """TinyDB storage over a transaction: reads what the transaction sees, writes into it."""

    def __init__(self, transaction: Transaction, path: Path):
        self.transaction, self.path = transaction, path

    def read(self):
        return self.transaction.read(self.path)

    def write(self, data) -> None:
        self.transaction.stage(self.path, data)

    def close(self) -> None:
        pass


class Shard:
    """One TinyDB file and its lock."""

    def __init__(self, path: Path, store: "Store"):
        self.path = path
        self.store = store

    @contextmanager
    def table(self) -> Iterator[Table]:
        """Lock the shard (until the end of the transaction; a change of one shard is a
        transaction of its own) and yield a fresh table. What the block changes is saved
        with the transaction; if the block raises, its changes are dropped."""
        with self.store.transaction() as transaction:
            try:
                transaction.lock(self.path)
            except OSError as error:
                raise StoreError(str(error)) from error
            staged_before = transaction.staged(self.path)
            db = TinyDB(transaction, self.path, storage=_StagedStorage)
            try:
                yield db.table(TABLE, cache_size=0)
            except BaseException:
                transaction.unstage(self.path, staged_before)
                raise
            finally:
                db.close()

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
        """Read every record. Reads need no lock: files are only ever replaced whole.
        Inside a transaction, a shard it changed is read as changed."""
        transaction = self.store.current_transaction()
        staged = transaction.staged(self.path) if transaction else None
        if staged is not None:
            return [dict(doc) for doc in staged.get(TABLE, {}).values()]
        try:
            data = read_file(self.path)
        except OSError as error:
            raise StoreError(str(error)) from error
        return [dict(doc) for doc in (data or {}).get(TABLE, {}).values()]

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
        self._local = threading.local()

    def shard(self, collection: str, key: str) -> Shard:
        for part in (collection, key):
            if not _SAFE_NAME.match(part):
                raise ValueError(f"unsafe store name: {part!r}")
        return Shard(self.root / collection / f"{key}.json", self)

    def shards(self, collection: str) -> list[Shard]:
        folder = self.root / collection
        if not folder.is_dir():
            return []
        return [Shard(path, self) for path in sorted(folder.glob("*.json"))]

    def current_transaction(self) -> Transaction | None:
        return getattr(self._local, "transaction", None)

    @contextmanager
    def transaction(self) -> Iterator[Transaction]:
        """The unit of work: every file changed inside is saved at the end, or none (see
        journal.py). A transaction inside another one is part of it."""
        current = self.current_transaction()
        if current is not None:
            yield current
            return
        try:
            with store_lock(self.root):
                self.recover()
                transaction = Transaction(self.root)
                self._local.transaction = transaction
                try:
                    yield transaction
                    transaction.commit()
                finally:
                    self._local.transaction = None
                    transaction.release()
        except OSError as error:
            raise StoreError(str(error)) from error

    @contextmanager
    def outside_transaction(self):
        """Run a change on its own, saved at once even inside a transaction: the counters,
        which like a database sequence hand out a number that is never given back, so that
        concurrent changes do not all wait for the counter until each one ends."""
        current = self.current_transaction()
        self._local.transaction = None
        try:
            yield
        finally:
            self._local.transaction = current

    def recover(self) -> list[str]:
        """Finish the changes of a process that died half-way (see journal.py); returns
        the files it completed, and says so in the log."""
        if not pending_journals(self.root):
            return []
        finished = roll_forward(self.root)
        for name in finished:
            log.warning("finished an interrupted change: %s", name)
        return finished

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
