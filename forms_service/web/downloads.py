"""The one way a file leaves the service: a download with a Vietnamese name, never kept.

Letters, comments, introductions and reports are personal data: `Cache-Control: no-store`
keeps them out of shared computers' caches and proxies. The name is given twice (RFC 6266
with RFC 5987): `filename*` in UTF-8 for every current browser ("Đơn xin vắng …pdf"), and
an ASCII `filename` without diacritics for the rest."""
from __future__ import annotations

import unicodedata
import zipfile
from typing import Iterable, Iterator
from urllib.parse import quote

from flask import current_app

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ZIP = "application/zip"
CSV = "text/csv; charset=utf-8"


def ascii_name(name: str) -> str:
    """"Đơn xin vắng.pdf" -> "Don xin vang.pdf" (đ has no decomposition of its own)."""
    plain = unicodedata.normalize("NFKD", name.replace("đ", "d").replace("Đ", "D"))
    text = "".join(c for c in plain if not unicodedata.combining(c)).encode("ascii", "ignore").decode()
    return text.replace('"', "").replace("\\", "") or "tep"


def file_response(content: bytes | Iterable[bytes], filename: str, mimetype: str):
    """`content` as bytes, or as an iterable of chunks streamed as they come."""
    name = unicodedata.normalize("NFC", filename)
    response = current_app.response_class(content, mimetype=mimetype)
    response.headers["Content-Disposition"] = (f'attachment; filename="{ascii_name(name)}"; '
                                               f"filename*=UTF-8''{quote(name, safe='')}")
    response.headers["Cache-Control"] = "no-store"
    return response


class _Chunks:
    """A write-only file for zipfile: what it writes is collected and handed out in chunks.
    It cannot seek or tell, so zipfile writes each member's sizes after its data."""

    def __init__(self):
        self.parts: list[bytes] = []

    def write(self, data) -> int:
        self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def take(self) -> bytes:
        chunk, self.parts = b"".join(self.parts), []
        return chunk


def zip_stream(members: Iterable[tuple[str, bytes]]) -> Iterator[bytes]:
    """A ZIP archive written while it is sent, one member at a time, so memory holds one
    file, not the year's batch. Members are stored, not deflated: PDFs are compressed already."""
    sink = _Chunks()
    with zipfile.ZipFile(sink, "w", zipfile.ZIP_STORED) as archive:
        for name, content in members:
            archive.writestr(name, content)
            yield sink.take()
    yield sink.take()
