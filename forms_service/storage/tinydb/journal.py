"""The unit of work on TinyDB files: all the files of one change are saved, or none.

A transaction keeps every file it changes in memory and holds each file's lock from
the first touch to the end (so what it read stays true until it writes). On commit:

1. a change of one file and no audit line is written straight away (one atomic replace);
2. otherwise an intent journal `<root>/.journal/<id>.json` is written first (atomically,
   fsynced, and held under an flock while its writer lives). It lists, for every file,
   the records the change removes and the records it adds, and the audit lines;
3. each file is replaced atomically, the audit lines appended, and the journal removed.

A process killed between 2 and 3 leaves a journal that no living process holds. The next
transaction, `open_store` and `check` find it and roll it forward: in each file they
remove the records listed as removed and add those listed as added that are not there
yet, and append the audit lines not yet written. Rolling forward twice changes nothing,
and it keeps whatever another process wrote to the same files meanwhile (a record is
replaced, never the whole file).
"""
from __future__ import annotations

import fcntl
import json
import os
import uuid
from collections import Counter
from pathlib import Path

from filelock import FileLock

from . import atomic

TABLE = "records"
LOCK_TIMEOUT_S = 30
JOURNAL = ".journal"


def _key(record: dict) -> str:
    return json.dumps(record, ensure_ascii=False, sort_keys=True)


def _records(data: dict | None) -> list[dict]:
    return list((data or {}).get(TABLE, {}).values())


def read_file(path: Path) -> dict | None:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    return json.loads(raw) if raw else None


def _encode(data) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


class Transaction:
    def __init__(self, root: Path):
        self.root = root
        self.before: dict[Path, dict | None] = {}
        self.after: dict[Path, dict] = {}
        self.audit: list[tuple[Path, bytes]] = []
        self._locks: list[FileLock] = []

    def lock(self, path: Path) -> None:
        """Take the file's lock for the rest of the transaction (once per file)."""
        if path in self.before:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        lock = FileLock(str(path) + ".lock", timeout=LOCK_TIMEOUT_S)
        lock.acquire()
        self._locks.append(lock)
        self.before[path] = read_file(path)

    def read(self, path: Path) -> dict | None:
        """The file as this transaction sees it (its own changes included). The tables are
        copied, not the records: TinyDB replaces a table's records, never changes one in
        place (the repositories replace a record whole), so a record stays the same object
        from the file's first read to its last write — which is how `_diff` finds what changed."""
        data = self.after[path] if path in self.after else self.before[path]
        return None if data is None else {name: dict(table) for name, table in data.items()}

    def stage(self, path: Path, data: dict) -> None:
        self.after[path] = data

    def unstage(self, path: Path, earlier: dict | None) -> None:
        """Put the file back as it was staged before (a block that raised)."""
        if earlier is None:
            self.after.pop(path, None)
        else:
            self.after[path] = earlier

    def staged(self, path: Path) -> dict | None:
        """The file's new content if this transaction changed it, else None."""
        return self.after.get(path)

    def release(self) -> None:
        for lock in reversed(self._locks):
            lock.release()
        self._locks.clear()

    def commit(self) -> None:
        changed = {path: data for path, data in self.after.items() if data != self.before.get(path)}
        if not changed and not self.audit:
            return
        if len(changed) == 1 and not self.audit:
            (path, data), = changed.items()
            atomic.write_atomically(path, _encode(data))
            return
        entry = {"files": {str(path.relative_to(self.root)): _diff(self.before.get(path), data)
                           for path, data in changed.items()},
                 "audit": [[str(path.relative_to(self.root)), line.decode("utf-8")] for path, line in self.audit]}
        with _journal(self.root, entry):
            for path, data in changed.items():
                atomic.write_atomically(path, _encode(data))
            for path, line in self.audit:
                append_line(path, line)


def _diff(before: dict | None, after: dict) -> dict:
    """The records a change removes and adds. A record kept is the very object it was when
    read (see Transaction.read), so nothing is compared field by field."""
    was, now = _records(before), _records(after)
    kept = {id(record) for record in now} & {id(record) for record in was}
    return {"remove": [r for r in was if id(r) not in kept], "add": [r for r in now if id(r) not in kept]}


class _journal:
    """Writes the intent journal, holds its flock while the change is applied, removes it."""

    def __init__(self, root: Path, entry: dict):
        self.folder = root / JOURNAL
        self.entry = entry

    def __enter__(self):
        self.folder.mkdir(parents=True, exist_ok=True)
        self.path = self.folder / f"{uuid.uuid4().hex}.json"
        # the lock is taken on the temporary file, before it gets its name: a reader of the
        # folder never sees a journal whose writer is alive and not holding it
        temporary = self.folder / f".{self.path.name}.tmp"
        self.fd = os.open(temporary, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o640)
        try:
            fcntl.flock(self.fd, fcntl.LOCK_EX)
            payload = _encode(self.entry)
            written = 0
            while written < len(payload):
                written += os.write(self.fd, payload[written:])
            os.fsync(self.fd)
            os.replace(temporary, self.path)
        except BaseException:
            # no journal, no change: drop the half-written temporary file
            os.close(self.fd)
            temporary.unlink(missing_ok=True)
            raise
        atomic.note_write(self.path)
        atomic.fsync_folder(self.folder)
        return self

    def __exit__(self, kind, error, trace):
        if kind is None:
            os.unlink(self.path)
            atomic.note_write(self.path)
        # on an error (a disk full half-way) the journal stays: the next transaction
        # finds it unheld and finishes the change
        os.close(self.fd)
        return False


def append_line(path: Path, line: bytes) -> None:
    """Append one whole line under the file's lock, fsynced; a half line is cut off."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(str(path) + ".lock", timeout=LOCK_TIMEOUT_S):
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
        size = os.fstat(fd).st_size
        try:
            written = 0
            while written < len(line):  # a write may be short; finish the line
                written += os.write(fd, line[written:])
            os.fsync(fd)
        except OSError:
            # A disk full half-way: cut the half line off, or the next entry
            # would be glued to it and lost as well.
            os.ftruncate(fd, size)
            raise
        finally:
            os.close(fd)
    atomic.note_write(path)


def pending_journals(root: Path) -> list[Path]:
    folder = root / JOURNAL
    return sorted(folder.glob("*.json")) if folder.is_dir() else []


def roll_forward(root: Path) -> list[str]:
    """Finish every change whose writer died; returns the files it touched."""
    touched: list[str] = []
    for path in pending_journals(root):
        try:
            fd = os.open(path, os.O_RDONLY)
        except FileNotFoundError:
            continue  # its writer finished meanwhile
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                continue  # its writer is alive and applying it
            if not path.exists():
                continue
            entry = json.loads(os.read(fd, os.fstat(fd).st_size) or b"{}")
            for name, diff in entry.get("files", {}).items():
                if _replay(root / name, diff):
                    touched.append(name)
            for name, line in entry.get("audit", []):
                if _append_missing(root / name, line.encode("utf-8")):
                    touched.append(name)
            os.unlink(path)
        finally:
            os.close(fd)
    return touched


def _replay(path: Path, diff: dict) -> bool:
    path.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(str(path) + ".lock", timeout=LOCK_TIMEOUT_S):
        data = read_file(path) or {}
        table = data.setdefault(TABLE, {})
        changed = False
        for record in diff["remove"]:
            for doc_id, doc in list(table.items()):
                if doc == record:
                    del table[doc_id]
                    changed = True
                    break
        present = Counter(_key(r) for r in table.values())
        for record in diff["add"]:
            if present[_key(record)]:
                present[_key(record)] -= 1
                continue
            table[str(max((int(i) for i in table), default=0) + 1)] = record
            changed = True
        if changed:
            atomic.write_atomically(path, _encode(data))
        return changed


def _append_missing(path: Path, line: bytes) -> bool:
    if path.exists() and line.rstrip(b"\n") in path.read_bytes().splitlines():
        return False
    append_line(path, line)
    return True
