"""Kept documents: the PDF and DOCX of a document in a final state, rendered once.

The bytes live in their own files (`kept/<prefix-year-block>/<code>.<format>`, written
atomically), beside a TinyDB shard that records each file's SHA-256; a file is only ever
served when its bytes still match the recorded digest. The first copy kept wins: the
file is written under the shard's lock and never replaced, so two workers that render
the same document at once keep one of the two copies.

A crash after the file is written but before its record is saved leaves a file with no
record, which the next `put` simply writes again. The render queue (`render_queue/`, 16
bucket files like the outbox, so that a batch of changes seldom waits on one file) is kept
in the store, so documents still to render survive a restart.
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
from .indexes import bucket_of
from .retries import is_due, retry_later
from .store import Store

FORMATS = ("pdf", "docx", "jpg", "png")  # printed copies; scans of paper letters also jpg, png
QUEUE_BUCKETS = 16
BLOCK = 500  # codes per shard of digests: a year of 2 000 comments makes four small files
_CODE = re.compile(r"^([A-Z]{1,4})-(\d{4})-(\d{1,7})$")


def _parts(code: str) -> tuple[str, int]:
    found = _CODE.match(code)
    if not found:
        raise ValueError(f"not a document code: {code!r}")
    prefix, year, number = found.groups()
    return f"{prefix.lower()}-{year}-{int(number) // BLOCK}", int(number)


class KeptDocumentRepository:
    def __init__(self, store: Store):
        self.store = store

    def _shard(self, code: str):
        return self.store.shard("kept_documents", _parts(code)[0])

    def _file(self, code: str, format_: str) -> Path:
        if format_ not in FORMATS:
            raise ValueError(f"unknown format: {format_!r}")
        return self.store.root / "kept" / _parts(code)[0] / f"{code.lower()}.{format_}"

    def next_code(self, prefix: str, year: int) -> str:
        return f"{prefix}-{year}-{next_number(self.store, f'kept-{prefix.lower()}-{year}'):05d}"

    def put(self, code: str, format_: str, content: bytes) -> str:
        path = self._file(code, format_)
        digest = hashlib.sha256(content).hexdigest()
        with self._shard(code).table() as table:
            found = table.search(lambda doc: doc.get("code") == code and doc.get("format") == format_)
            if found:
                return found[0]["sha256"]
            try:
                write_atomically(path, content)
            except OSError as error:
                raise StoreError(str(error)) from error
            table.insert({"code": code, "format": format_, "sha256": digest,
                          "kept_at": clock.now().isoformat(timespec="seconds")})
        return digest

    def _record(self, code: str, format_: str) -> dict | None:
        return next((doc for doc in self._shard(code).all()
                     if doc.get("code") == code and doc.get("format") == format_), None)

    def get(self, code: str, format_: str) -> KeptFile | None:
        return self._read(code, format_, self._record(code, format_))

    def _records(self, codes: list[str], format_: str) -> dict[str, dict]:
        records: dict[str, dict] = {}
        for shard in sorted({_parts(code)[0] for code in codes}):  # each shard of digests read once
            records |= {doc["code"]: doc for doc in self.store.shard("kept_documents", shard).all()
                        if doc.get("format") == format_}
        return records

    def digests(self, codes: list[str], format_: str) -> dict[str, str]:
        wanted = set(codes)
        return {code: doc["sha256"] for code, doc in self._records(codes, format_).items() if code in wanted}

    def get_many(self, codes: list[str], format_: str) -> Iterator[tuple[str, KeptFile | None]]:
        records = self._records(codes, format_)
        for code in codes:
            yield code, self._read(code, format_, records.get(code))

    def _read(self, code: str, format_: str, record: dict | None) -> KeptFile | None:
        if record is None:
            return None
        try:
            content = self._file(code, format_).read_bytes()
        except OSError as error:
            raise StoreError(f"kept file of {code} ({format_}) unreadable: {error}") from error
        if hashlib.sha256(content).hexdigest() != record["sha256"]:
            raise StoreError(f"kept file of {code} ({format_}) differs from its recorded SHA-256")
        return KeptFile(content, record["sha256"])

    def digest(self, code: str, format_: str) -> str | None:
        record = self._record(code, format_)
        return record["sha256"] if record else None

    def _queue_shard(self, code: str):
        _parts(code)
        return self.store.shard("render_queue", bucket_of(code, QUEUE_BUCKETS))

    def queue(self, code: str) -> None:
        with self._queue_shard(code).table() as table:
            if not table.search(lambda doc: doc.get("code") == code):
                table.insert({"code": code, "queued_at": clock.now().isoformat(timespec="seconds")})

    def waiting(self, due_by: datetime | None = None) -> list[str]:
        docs = [doc for shard in self.store.shards("render_queue") for doc in shard.all() if is_due(doc, due_by)]
        return [doc["code"] for doc in sorted(docs, key=lambda doc: (doc["queued_at"], doc["code"]))]

    def attempts(self, code: str) -> int:
        docs = [doc for doc in self._queue_shard(code).all() if doc.get("code") == code]
        return docs[0].get("attempts", 0) if docs else 0

    def retry_later(self, code: str, next_try_at: datetime) -> None:
        retry_later(self._queue_shard(code), "code", code, next_try_at)

    def done(self, code: str) -> None:
        with self._queue_shard(code).table() as table:
            table.remove(lambda doc: doc.get("code") == code)
