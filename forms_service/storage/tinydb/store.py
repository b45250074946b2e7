"""The whole store in one TinyDB file, `<instance folder>/store.json`.

TinyDB keeps the tables in memory (`MemoryStorage`); this module decides when that memory
is read from the file and when it is written back, so that several gunicorn workers share
one file without losing each other's writes:

- a unit of work (`transaction()`) takes one exclusive lock (`fcntl.flock` on
  `.store.json.lock`), reloads the file if another process replaced it, lets the
  repositories change the in-memory tables, and commits by writing the file once, whole
  (atomic.py: temporary file, fsync, rename, fsync of the folder). A unit of work inside
  another one joins it. If it raises, nothing is written and the memory is dropped, so the
  next read loads the file as it is;
- a read outside a unit of work reloads the file only when it changed (inode, time, size),
  and needs no lock: the file is only ever replaced whole, so a reader sees the old or the
  new one.

The file holds one table a line. A process that reloads the file after another one wrote it
parses again only the tables whose bytes differ from those it read or wrote last (a letter
sent changes the letters, tokens and audit lines, not the members, accounts and meetings),
and its next commit encodes only the tables it changed; a file in any other layout (written
by hand) is read whole.

Threads of one process share the memory under one lock, so a reader never sees another
thread's unit of work half done. The cost of a commit grows with the file: the ceiling is
measured by `bench/tinydb_ceiling.py` and said by `check` and the administrator's home page.
"""
from __future__ import annotations

import fcntl
import json
import os
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from tinydb import TinyDB
from tinydb.storages import MemoryStorage
from tinydb.table import Table

from ..contract import StoreError
from . import atomic

FILE_NAME = "store.json"
LOCK_TIMEOUT_S = 30
BUSY = ("Kho dữ liệu đang bận (một thay đổi khác chưa xong sau {seconds} giây), nên thay đổi này chưa được lưu. "
        "Xin thử lại sau ít phút.")


def store_file(location: str | Path) -> Path:
    """The store's file: `location` itself if it names a .json file, else store.json in the folder."""
    location = Path(location)
    return location if location.suffix == ".json" else location / FILE_NAME


def encode(value) -> bytes:
    """Compact JSON: it holds no line break (one inside a string is written `\\n`), which is what
    lets the file keep one table a line."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def whole_file(encoded_tables: dict[str, bytes]) -> bytes:
    """The file's bytes: a JSON object of the tables, one table a line."""
    return b"{\n" + b",\n".join(encode(name) + b":" + value for name, value in encoded_tables.items()) + b"\n}"


def table_lines(raw: bytes) -> dict[str, bytes] | None:
    """Each table's bytes, from a file in whole_file's layout; None for any other layout."""
    if not (raw.startswith(b"{\n") and raw.endswith(b"\n}")):
        return None
    inner = raw[2:-2]
    lines = {}
    for line in inner.split(b",\n") if inner else []:
        name, colon, value = line.partition(b":")
        if not colon or len(name) < 2 or name[:1] != b'"' or name[-1:] != b'"':
            return None
        lines[json.loads(name)] = value
    return lines


@contextmanager
def file_lock(path: Path, timeout: float | None = None):
    """The store's one exclusive lock across processes: every unit of work and a backup hold it."""
    timeout = LOCK_TIMEOUT_S if timeout is None else timeout
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path.with_name(f".{path.name}.lock"), os.O_RDWR | os.O_CREAT, 0o640)
    try:
        waited, pause = 0.0, 0.001
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if waited >= timeout:
                    raise StoreError(BUSY.format(seconds=int(timeout))) from None
                time.sleep(pause)
                waited, pause = waited + pause, min(pause * 2, 0.02)
        yield
    finally:
        os.close(fd)  # closing releases the flock


def read_tables(path: Path) -> tuple[dict, tuple | None]:
    """The file's tables and its version (inode, mtime_ns, size), from one open file."""
    raw, version, handle = _read_holding(path)
    if handle is not None:
        handle.close()
    return (json.loads(raw) if raw else {}), version


def _read_holding(path: Path):
    """(bytes, version, the open file): while the file stays open its inode cannot be given to
    another file, so the version read tells this file from any later one."""
    try:
        handle = open(path, "rb")
    except FileNotFoundError:
        return b"", None, None
    try:
        info = os.fstat(handle.fileno())
        return handle.read(), _version(info), handle
    except BaseException:
        handle.close()
        raise


def _version(info: os.stat_result) -> tuple:
    return info.st_ino, info.st_mtime_ns, info.st_size


class Store:
    def __init__(self, location: str | Path):
        self.path = store_file(location)
        self.root = self.path.parent   # the instance folder: kept documents live beside the file
        self._mutex = threading.RLock()
        self._db: TinyDB | None = None
        self._version: tuple | None = None
        self._depth = 0
        self._dirty = False
        self._generation = 0   # grows whenever the memory is reloaded or a table handed out to change
        self._encoded: dict[str, bytes] = {}   # each table as last written or read, until it is changed
        self._kept_anyway: list[Callable[[], None]] = []   # changes saved even if the unit of work is not
        self._held = None   # the file the memory was read from (or written to), kept open: see _read_holding

    # --- memory and file -----------------------------------------------------------

    def _refresh(self) -> TinyDB:
        """The tables in memory, reloaded if the file is not the one they were read from."""
        if self._db is not None and self._file_version() == self._version:
            return self._db
        try:
            raw, version, held = _read_holding(self.path)
        except OSError as error:
            raise StoreError(str(error)) from error
        try:
            tables, encoded = self._parse(raw)
        except ValueError as error:
            if held is not None:
                held.close()
            raise StoreError(f"tệp dữ liệu {self.path} hỏng, không đọc được: {error}") from error
        db = TinyDB(storage=MemoryStorage)
        db.storage.memory = tables
        self._hold(held)
        self._db, self._version = db, version
        self._generation += 1
        self._encoded = encoded
        return db

    def _parse(self, raw: bytes) -> tuple[dict, dict[str, bytes]]:
        """The file's tables, and each table's bytes where the layout gives them. A table whose
        bytes are those this process last read or wrote, and has not changed in memory since
        (`_encoded` loses a table handed out to change), is taken as it is in memory."""
        lines = table_lines(raw)
        if lines is None:
            return (json.loads(raw) if raw else {}), {}
        before = self._db.storage.memory if self._db is not None else {}
        return {name: before[name] if name in before and self._encoded.get(name) == value else json.loads(value)
                for name, value in lines.items()}, lines

    def _hold(self, handle) -> None:
        if self._held is not None:
            self._held.close()
        self._held = handle

    def _file_version(self) -> tuple | None:
        try:
            return _version(os.stat(self.path))
        except FileNotFoundError:
            return None

    def _commit(self) -> None:
        for left in self.root.glob(f".{self.path.name}.*.tmp"):   # of a writer killed before its rename
            left.unlink(missing_ok=True)
        tables = self._db.storage.memory
        for name in tables.keys() - self._encoded.keys():
            self._encoded[name] = encode(tables[name])
        whole = whole_file({name: self._encoded[name] for name in tables})
        try:
            atomic.write_atomically(self.path, whole)
            held = open(self.path, "rb")   # the lock is held: it is the file just written
        except OSError as error:
            raise StoreError(str(error)) from error
        self._hold(held)
        self._version = _version(os.fstat(held.fileno()))

    # --- units of work -------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Everything changed inside is written at the end in one replace of the file, or nothing."""
        with self._mutex:
            if self._depth:
                self._depth += 1
                try:
                    yield
                finally:
                    self._depth -= 1
                return
            try:
                with file_lock(self.path):
                    self._refresh()
                    self._depth, self._dirty = 1, False
                    try:
                        yield
                        if self._dirty:
                            self._commit()
                    except BaseException:
                        self._db = self._version = None   # drop what was changed; the file is the truth
                        self._encoded = {}
                        self._save_kept_anyway()
                        raise
                    finally:
                        self._depth = 0
                        self._kept_anyway = []
            except OSError as error:
                raise StoreError(str(error)) from error

    def keep_anyway(self, change: Callable[[], None]) -> None:
        """Make `change` (done in this unit of work) again if the unit of work is dropped: a
        number handed out, as a database sequence's, is never given back."""
        if self._depth:
            self._kept_anyway.append(change)

    def _save_kept_anyway(self) -> None:
        """Inside the failed unit of work's lock: the memory reloaded, the changes made again, written."""
        changes, self._kept_anyway = self._kept_anyway, []
        if not changes:
            return
        try:
            self._refresh()
            for change in changes:
                change()
            self._commit()
        except (OSError, StoreError, ValueError):
            self._db = self._version = None   # not saved either (a full disk): the error raised says so
            self._encoded = {}

    def in_transaction(self) -> bool:
        return self._depth > 0

    def table(self, name: str) -> Table:
        """A table to change; only inside a unit of work, which writes it back."""
        if not self._depth:
            raise RuntimeError("a change of the store belongs inside store.transaction()")
        self._dirty = True
        self._generation += 1
        self._encoded.pop(name, None)   # encoded again at the commit; the tables not changed are not
        return self._refresh().table(name, cache_size=0)

    # --- reading -------------------------------------------------------------------

    def records(self, name: str) -> list[dict]:
        """Every record of a table (copies), as this thread's unit of work sees it."""
        with self._mutex:
            db = self._refresh() if not self._depth else self._db
            return [dict(doc) for doc in db.storage.memory.get(name, {}).values()]

    def find(self, name: str, predicate: Callable[[dict], bool]) -> list[dict]:
        """Copies of the records that match (only those are copied)."""
        with self._mutex:
            db = self._refresh() if not self._depth else self._db
            return [dict(doc) for doc in db.storage.memory.get(name, {}).values() if predicate(doc)]

    def first(self, name: str, predicate: Callable[[dict], bool]) -> dict | None:
        with self._mutex:
            db = self._refresh() if not self._depth else self._db
            return next((dict(doc) for doc in db.storage.memory.get(name, {}).values() if predicate(doc)), None)

    def generation(self) -> int:
        """A number that changes whenever what is read may have changed: a cache of something
        derived from the records is good while it stays the same."""
        with self._mutex:
            if not self._depth:
                self._refresh()
            return self._generation

    def table_names(self) -> list[str]:
        with self._mutex:
            db = self._refresh() if not self._depth else self._db
            return sorted(db.storage.memory)

    # --- changing ------------------------------------------------------------------

    def put(self, name: str, key: Callable[[dict], object], record: dict) -> None:
        """Insert `record`, in place of the record with the same key if there is one."""
        with self.transaction():
            table = self.table(name)
            wanted = key(record)
            found = table.search(lambda doc: key(doc) == wanted)
            if found:
                self._replace(table, found[0].doc_id, record)
            else:
                table.insert(record)

    def change(self, name: str, predicate: Callable[[dict], bool], change: Callable[[dict], dict]) -> tuple[dict, dict]:
        """Replace the record matching `predicate` by `change(record)`, in one unit of work;
        (before, after). KeyError if there is none; if `change` raises, nothing is changed."""
        with self.transaction():
            table = self.table(name)
            found = table.search(predicate)
            if not found:
                raise KeyError(name)
            before = dict(found[0])
            after = change(dict(before))
            self._replace(table, found[0].doc_id, after)
        return before, after

    @staticmethod
    def _replace(table: Table, doc_id: int, record: dict) -> None:
        def replace(doc: dict) -> None:
            doc.clear()
            doc.update(record)
        table.update(replace, doc_ids=[doc_id])

    # --- the store as a whole ------------------------------------------------------

    def is_empty(self) -> bool:
        return not any(self.records(name) for name in self.table_names())

    def size(self) -> int:
        """The file's size in bytes (0: no file yet)."""
        try:
            return self.path.stat().st_size
        except FileNotFoundError:
            return 0

    def check_health(self) -> dict:
        """Can the store be read, and written (the folder takes a file, the lock is free)? Used by
        /healthz; never raises. Nothing is written to the store itself."""
        try:
            self.table_names()
        except StoreError as error:
            return {"readable": False, "writable": False, "error": str(error)}
        try:
            with file_lock(self.path, timeout=2):
                atomic.write_atomically(self.root / ".health-probe", b"ok")
        except (OSError, StoreError) as error:
            return {"readable": True, "writable": False, "error": str(error)}
        return {"readable": True, "writable": True}
