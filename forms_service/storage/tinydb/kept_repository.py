"""Kept documents: the PDF and DOCX of a document in a final state, rendered once.

The bytes are files beside the store's file (`kept/<prefix-year-block>/<code>.<format>`),
and the `kept-documents` table records each one's SHA-256. Not base64 inside the JSON: every
commit rewrites the whole file, and a year of printed copies (tens of kilobytes each) would
make every letter's send rewrite megabytes of bytes that never change. A file is written
atomically before the unit of work that records its digest commits, and only ever served when
its bytes still match it; a crash in between leaves a file with no record, which the next
`put` writes again. The first copy kept wins: the record is taken under the store's lock.

The render queue (`render-queue` table) is in the store, so documents still to render
survive a restart.
"""
from __future__ import annotations

import hashlib
import re
from datetime import datetime
from pathlib import Path
from typing import Iterator

from ...domain import clock
from ..contract import KeptFile, StoreError
from .atomic import write_atomically
from .counters import next_number
from .retries import is_due, retry_later
from .store import Store

TABLE, QUEUE = "kept-documents", "render-queue"
FORMATS = ("pdf", "docx", "jpg", "png")  # printed copies; scans of paper letters also jpg, png
BLOCK = 500  # codes per folder of kept files
_CODE = re.compile(r"^([A-Z]{1,4})-(\d{4})-(\d{1,7})$")


def _block(code: str) -> str:
    found = _CODE.match(code)
    if not found:
        raise ValueError(f"not a document code: {code!r}")
    prefix, year, number = found.groups()
    return f"{prefix.lower()}-{year}-{int(number) // BLOCK}"


def kept_file(root: Path, code: str, format_: str) -> Path:
    if format_ not in FORMATS:
        raise ValueError(f"unknown format: {format_!r}")
    return root / "kept" / _block(code) / f"{code.lower()}.{format_}"


def read_kept(root: Path, record: dict) -> KeptFile:
    """The bytes a record names, if they still match its digest (else StoreError)."""
    code, format_ = record["code"], record["format"]
    try:
        content = kept_file(root, code, format_).read_bytes()
    except OSError as error:
        raise StoreError(f"kept file of {code} ({format_}) unreadable: {error}") from error
    if hashlib.sha256(content).hexdigest() != record["sha256"]:
        raise StoreError(f"kept file of {code} ({format_}) differs from its recorded SHA-256")
    return KeptFile(content, record["sha256"])


class KeptDocumentRepository:
    def __init__(self, store: Store):
        self.store = store

    def next_code(self, prefix: str, year: int) -> str:
        return f"{prefix}-{year}-{next_number(self.store, f'kept-{prefix.lower()}-{year}'):05d}"

    def _record(self, code: str, format_: str) -> dict | None:
        return self.store.first(TABLE, lambda doc: doc["code"] == code and doc["format"] == format_)

    def put(self, code: str, format_: str, content: bytes) -> str:
        path = kept_file(self.store.root, code, format_)
        digest = hashlib.sha256(content).hexdigest()
        with self.store.transaction():
            found = self._record(code, format_)
            if found:
                return found["sha256"]
            try:
                write_atomically(path, content)
            except OSError as error:
                raise StoreError(str(error)) from error
            self.store.table(TABLE).insert({"code": code, "format": format_, "sha256": digest,
                                            "kept_at": clock.now().isoformat(timespec="seconds")})
        return digest

    def get(self, code: str, format_: str) -> KeptFile | None:
        kept_file(self.store.root, code, format_)   # refuses a code or format that cannot be ours
        record = self._record(code, format_)
        return read_kept(self.store.root, record) if record else None

    def digest(self, code: str, format_: str) -> str | None:
        record = self._record(code, format_)
        return record["sha256"] if record else None

    def digests(self, codes: list[str], format_: str) -> dict[str, str]:
        wanted = set(codes)
        return {doc["code"]: doc["sha256"] for doc in self.store.records(TABLE)
                if doc["format"] == format_ and doc["code"] in wanted}

    def get_many(self, codes: list[str], format_: str) -> Iterator[tuple[str, KeptFile | None]]:
        wanted = set(codes)
        records = {doc["code"]: doc for doc in self.store.records(TABLE)
                   if doc["format"] == format_ and doc["code"] in wanted}
        for code in codes:
            record = records.get(code)
            yield code, read_kept(self.store.root, record) if record else None

    def queue(self, code: str) -> None:
        _block(code)
        with self.store.transaction():
            if not self.store.first(QUEUE, lambda doc: doc["code"] == code):
                self.store.table(QUEUE).insert({"code": code, "queued_at": clock.now().isoformat(timespec="seconds")})

    def waiting(self, due_by: datetime | None = None) -> list[str]:
        """Codes still to render (those whose next try has come, with `due_by`), oldest first."""
        due = [doc for doc in self.store.records(QUEUE) if is_due(doc, due_by)]
        return [doc["code"] for doc in sorted(due, key=lambda doc: (doc["queued_at"], doc["code"]))]

    def attempts(self, code: str) -> int:
        found = self.store.first(QUEUE, lambda doc: doc["code"] == code)
        return found.get("attempts", 0) if found else 0

    def retry_later(self, code: str, next_try_at: datetime) -> None:
        retry_later(self.store, QUEUE, "code", code, next_try_at)

    def done(self, code: str) -> None:
        with self.store.transaction():
            self.store.table(QUEUE).remove(lambda doc: doc["code"] == code)
