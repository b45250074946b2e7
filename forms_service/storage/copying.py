"""`copy-store`: a whole store copied into another one, on either backend, and checked.

Each backend has an export module (`tinydb/export.py`, `sql/export.py`) that reads
the raw records of a collection in batches and writes batches of them. Between the two,
a record is a plain dict in one shape whatever the backend (the domain's `to_record()`
with its schema stamp, as both backends keep it; the service's own queues as small dicts
described in COLLECTIONS), so what one reads the other can write, and the same records
give the same checksum on both.

The checksum of a collection is order-free: SHA-256 of each record's canonical JSON (keys
sorted, no spaces, bytes by their own SHA-256), the digests added up modulo 2**256, and
SHA-256 of the count and that sum. Both backends give the same digest for the same records
in whatever order they read them, and the check streams: a store of a million letters is
never held in memory, only one batch of it.
"""
from __future__ import annotations

import hashlib
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from .copy_records import COLLECTIONS, Collection, StoreExport, digest
from .locations import is_database_url, store_identity
from .record_versions import CURRENT, stamp, upgrade
from .sql.migrate import MIGRATIONS, migrate


class CopyRefused(Exception):
    """Why nothing was copied, in words for the operator."""


@dataclass
class Tally:
    """A collection's count and order-free checksum, built one record at a time."""
    count: int = 0
    total: int = 0

    def add(self, record: dict) -> None:
        self.total = (self.total + int.from_bytes(digest(record), "big")) % 2 ** 256
        self.count += 1

    @property
    def checksum(self) -> str:
        return hashlib.sha256(f"{self.count}:".encode() + self.total.to_bytes(32, "big")).hexdigest()


@dataclass
class Compared:
    collection: Collection
    source: Tally
    target: Tally

    @property
    def matches(self) -> bool:
        return self.source.count == self.target.count and self.source.checksum == self.target.checksum


def normalised(collection: Collection, record: dict) -> dict:
    """A record at its collection's current schema version, stamped (as both backends keep it)."""
    if collection.name not in CURRENT:
        return record
    return stamp(collection.name, upgrade(collection.name, dict(record)))


@contextmanager
def open_export(location: str | Path) -> Iterator[StoreExport]:
    if is_database_url(location):
        from .sql.export import SqlExport
        export = SqlExport(str(location))
    else:
        from .tinydb.export import TinyDBExport
        export = TinyDBExport(Path(location))
    try:
        yield export
    finally:
        export.close()


def same_store(first: str | Path, second: str | Path) -> bool:
    return store_identity(first) == store_identity(second)


def holding(export: StoreExport) -> Collection | None:
    """The first collection of the store that holds a record (None: the store is empty)."""
    for collection in COLLECTIONS:
        with closing(iter(export.batches(collection.name, size=1))) as batches:
            if next(batches, []):
                return collection
    return None


Progress = Callable[[str, Collection, int, bool], None]   # (COPYING or CHECKING, collection, records so far, done)
COPYING, CHECKING = "copying", "checking"


def tally(export: StoreExport, collection: Collection, progress: Progress | None = None) -> Tally:
    found = Tally()
    for batch in export.batches(collection.name):
        for record in batch:
            found.add(normalised(collection, record))
        if progress:
            progress(CHECKING, collection, found.count, False)
    if progress:
        progress(CHECKING, collection, found.count, True)
    return found


def copy_store(source: str | Path, target: str | Path, merge: bool = False,
               progress: Progress | None = None) -> list[Compared]:
    """Copy every collection of the store at `source` into the store at `target` (a folder or
    a database URL; a database is migrated first), then read the target back and compare
    each collection's count and checksum with the source's. Raises CopyRefused, having
    copied nothing, when the target holds data and `merge` is not asked for."""
    progress = progress or (lambda stage, collection, done, finished: None)
    if same_store(source, target):
        raise CopyRefused(f"Kho đích ({shown(target)}) chính là kho đang dùng: không có gì để chép.")
    if is_database_url(target):
        migrate(str(target), MIGRATIONS)
    with open_export(source) as reader, open_export(target) as writer:
        if holding(reader) is None:
            raise CopyRefused(f"Kho nguồn ({shown(source)}) không có dữ liệu nào: không có gì để chép. Hãy xem lại "
                              f"SOTAY_DATA_DIR hoặc SOTAY_DATABASE_URL (kho đang dùng).")
        if not merge:
            held = holding(writer)
            if held is not None:
                raise CopyRefused(
                    f"Kho đích ({shown(target)}) đã có dữ liệu (mục «{held.label}»), nên chưa chép gì. "
                    f"Nếu đó là bản chép trước từ chính kho này, chạy lại lệnh với --merge để cập nhật "
                    f"(bản ghi trùng khóa được thay, không nhân đôi); nếu không, hãy chọn một thư mục "
                    f"hoặc cơ sở dữ liệu trống.")
        copied = {}
        for collection in COLLECTIONS:
            copied[collection.name] = _copy(reader, writer, collection, merge, progress)
        writer.finish()
        return [Compared(collection, copied[collection.name], tally(writer, collection, progress))
                for collection in COLLECTIONS]


def _copy(reader: StoreExport, writer: StoreExport, collection: Collection, merge: bool,
          progress: Progress) -> Tally:
    sent = Tally()
    for batch in reader.batches(collection.name):
        batch = [normalised(collection, record) for record in batch]
        writer.write(collection.name, batch, merge)
        for record in batch:
            sent.add(record)
        progress(COPYING, collection, sent.count, False)
    progress(COPYING, collection, sent.count, True)
    return sent


def shown(location: str | Path) -> str:
    """A database URL without its password, for messages."""
    text = str(location)
    if not is_database_url(text) or "@" not in text:
        return text
    scheme, rest = text.split("://", 1)
    credentials, host = rest.rsplit("@", 1)
    return f"{scheme}://{credentials.split(':', 1)[0]}@{host}"
