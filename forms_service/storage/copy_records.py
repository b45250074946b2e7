"""What copy-store (copying.py) and each backend's export module (tinydb/export.py,
sql/export.py) share: the collections, the batch size, the canonical form of a record and
its digest, the merge of audit lines. A leaf: it imports nothing of ours, so the exports
and the copy need not import one another."""
from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass
from typing import Callable, Iterator, Protocol

BATCH = 1000


@dataclass(frozen=True)
class Collection:
    name: str                 # as the embedded store names its folder or shard
    label: str                # for the table the command prints
    key: tuple[str, ...]      # the record's fields that name it: --merge replaces the record with the same key


COLLECTIONS = (
    Collection("units", "Đơn vị", ("id",)),
    Collection("members", "Đảng viên", ("id",)),
    Collection("accounts", "Tài khoản", ("username",)),
    Collection("meetings", "Cuộc họp (kèm điểm danh)", ("id",)),
    Collection("letters", "Đơn xin vắng", ("code",)),
    Collection("comments", "Phiếu nhận xét", ("code",)),
    Collection("introductions", "Giấy giới thiệu", ("code",)),
    # the cell's yearly numbers, with `commune_id`: the commune it is filed under
    Collection("register-summary", "Số liệu tổng hợp", ("cell_id", "year")),
    Collection("front-opinions", "Ý kiến Ban công tác Mặt trận", ("key",)),
    Collection("reminders", "Lời nhắc", ("key",)),
    Collection("rule-switches", "Công tắc quy định địa phương", ("k",)),
    # {"at", "actor", "action", "target", "reason", …}: a line has no key of its own (see AuditMerge)
    Collection("audit", "Nhật ký thao tác", ()),
    # {"name": "letters-2026", "n": the last number handed out}
    Collection("counters", "Bộ đếm mã số", ("name",)),
    # {"token", "result"}
    Collection("tokens", "Mã gửi một lần", ("token",)),
    # {"id", "kind", "about", "details", "queued_at"} (+ "attempts", "next_try_at" once a send failed)
    Collection("outbox", "Thư chờ gửi", ("id",)),
    # {"code", "format", "sha256", "kept_at", "content": the bytes}
    Collection("kept-documents", "Bản in lưu sẵn", ("code", "format")),
    # {"code", "queued_at"} (+ "attempts", "next_try_at" once a render failed)
    Collection("render-queue", "Văn bản chờ tạo bản in", ("code",)),
)


class StoreExport(Protocol):
    """What each backend's export module gives (tinydb/export.py, sql/export.py)."""

    def batches(self, collection: str, size: int = BATCH) -> Iterator[list[dict]]: ...

    def write(self, collection: str, records: list[dict], merge: bool) -> None:
        """Add the records (a backend may gather a few batches before it writes them); with
        `merge`, a record whose key is there already replaces it where it differs (counters keep
        the higher number; audit lines already there are not added again)."""

    def finish(self) -> None:
        """After the last write: write what is gathered, rebuild what the backend derives from
        the records."""

    def close(self) -> None: ...


KEPT_CHANGED = ("Bản in lưu sẵn của {code} ({format}) không còn khớp mã SHA-256 ghi lúc lưu (tệp đã bị sửa hoặc hỏng "
                "ngoài dịch vụ), nên không chép tiếp. Hãy lấy lại tệp đó từ bản sao lưu rồi chạy lại lệnh với --merge.")


def canonical(record: dict) -> bytes:
    return json.dumps(record, ensure_ascii=False, sort_keys=True, separators=(",", ":"),
                      default=_bytes_digest).encode("utf-8")


def _bytes_digest(value):
    if isinstance(value, (bytes, bytearray, memoryview)):
        return {"sha256": hashlib.sha256(value).hexdigest()}
    raise TypeError(f"not a stored value: {type(value).__name__}")


class AuditMerge:
    """Which audit lines a merge must add. A line has no key but what it says: one is added
    only where the target has fewer lines saying exactly this than the source. Both backends
    read the audit in time order, so only the month at hand is kept (`lines_of(month)`: the
    target's lines of a month, "2026-11")."""

    def __init__(self, lines_of: Callable[[str], Iterator[dict]]):
        self.lines_of = lines_of
        self.month: str | None = None
        self.held: Counter = Counter()

    def missing(self, entries: list[dict]) -> list[dict]:
        return [entry for entry in entries if not self._held(entry)]

    def _held(self, entry: dict) -> bool:
        month = entry["at"][:7]
        if month != self.month:
            self.month, self.held = month, Counter(digest(line) for line in self.lines_of(month))
        key = digest(entry)
        if self.held[key] > 0:
            self.held[key] -= 1
            return True
        return False


def digest(record: dict) -> bytes:
    return hashlib.sha256(canonical(record)).digest()
