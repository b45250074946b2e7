"""Kept documents (table `kept_documents`; `render_queue`): the PDF and DOCX of a document in
a final state, rendered once.

The bytes and their SHA-256 are one row (on PostgreSQL a CHECK also keeps a row from being
written with a digest that does not match), and every read computes the digest again, so
bytes changed behind the service's back are refused rather than served. The first copy kept
wins: the key is (code, format) and a later insert does nothing, so two workers that render
the same document at once keep one of the two. A batch reads one row at a time, so a year's
ZIP never holds every file at once.
"""
from __future__ import annotations

import hashlib
import re
from datetime import datetime
from typing import Iterator

from ...domain import clock
from ..contract import KeptFile, StoreError
from .database import Database

FORMATS = ("pdf", "docx", "jpg", "png")  # printed copies; scans of paper letters also jpg, png
_CODE = re.compile(r"^[A-Z]{1,4}-\d{4}-\d{1,7}$")


def _checked(code: str, format_: str) -> None:
    if format_ not in FORMATS:
        raise ValueError(f"unknown format: {format_!r}")
    if not _CODE.match(code):
        raise ValueError(f"not a document code: {code!r}")


def _file(code: str, format_: str, row: dict | None) -> KeptFile | None:
    if row is None:
        return None
    content = bytes(row["content"])
    if hashlib.sha256(content).hexdigest() != row["sha256"]:
        raise StoreError(f"kept file of {code} ({format_}) differs from its recorded SHA-256")
    return KeptFile(content, row["sha256"])


class KeptDocumentRepository:
    def __init__(self, db: Database):
        self.db = db

    def next_code(self, prefix: str, year: int) -> str:
        return f"{prefix}-{year}-{self.db.next_number(f'kept-{prefix.lower()}-{year}'):05d}"

    def put(self, code: str, format_: str, content: bytes) -> str:
        _checked(code, format_)
        digest = hashlib.sha256(content).hexdigest()
        with self.db.transaction():
            if self.db.changing_row(
                    "INSERT INTO kept_documents (code, format, content, sha256, kept_at) "
                    "VALUES (:code, :format, :content, :sha256, :kept_at) ON CONFLICT (code, format) DO NOTHING "
                    "RETURNING sha256",
                    {"code": code, "format": format_, "content": content, "sha256": digest, "kept_at": clock.now()}):
                return digest
            # kept already (by this call's rival, whose insert this one waited for): that copy stays
            return self.digest(code, format_)

    def get(self, code: str, format_: str) -> KeptFile | None:
        _checked(code, format_)
        return _file(code, format_, self.db.row(
            "SELECT content, sha256 FROM kept_documents WHERE code = :code AND format = :format",
            {"code": code, "format": format_}))

    def digest(self, code: str, format_: str) -> str | None:
        row = self.db.row("SELECT sha256 FROM kept_documents WHERE code = :code AND format = :format",
                          {"code": code, "format": format_})
        return row["sha256"] if row else None

    def digests(self, codes: list[str], format_: str) -> dict[str, str]:
        if not codes:
            return {}
        return {row["code"]: row["sha256"] for row in self.db.rows(
            "SELECT code, sha256 FROM kept_documents WHERE code IN :codes AND format = :format",
            {"codes": tuple(codes), "format": format_})}

    def get_many(self, codes: list[str], format_: str) -> Iterator[tuple[str, KeptFile | None]]:
        """One query per code, so only one file's bytes are in memory at a time."""
        for code in codes:
            yield code, self.get(code, format_)

    def queue(self, code: str) -> None:
        _checked(code, "pdf")
        self.db.run("INSERT INTO render_queue (code, queued_at) VALUES (:code, :at) ON CONFLICT (code) DO NOTHING",
                    {"code": code, "at": clock.now()})

    def waiting(self, due_by: datetime | None = None) -> list[str]:
        """Codes still to render, oldest first."""
        due = "WHERE next_try_at IS NULL OR next_try_at <= :due_by" if due_by is not None else ""
        return [row["code"] for row in self.db.rows(f"SELECT code FROM render_queue {due} ORDER BY queued_at, code",  # nosec B608: a condition of our own code; the value is bound
                                                    {"due_by": due_by and due_by.replace(microsecond=0)})]

    def attempts(self, code: str) -> int:
        row = self.db.row("SELECT attempts FROM render_queue WHERE code = :code", {"code": code})
        return row["attempts"] if row else 0

    def retry_later(self, code: str, next_try_at: datetime) -> None:
        self.db.run("UPDATE render_queue SET attempts = attempts + 1, next_try_at = :at WHERE code = :code",
                    {"code": code, "at": next_try_at.replace(microsecond=0)})

    def done(self, code: str) -> None:
        self.db.run("DELETE FROM render_queue WHERE code = :code", {"code": code})
