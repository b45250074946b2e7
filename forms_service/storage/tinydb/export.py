"""The embedded store's side of `copy-store` (storage/copying.py): raw records read shard by
shard, and written into the shards the repositories would have chosen.

Only the records are written; the indexes that help pages find them are rebuilt once at
the end by `check(repair=True)` (check.py), which writes each index file once, rather than
once per record as the repositories do. Records are gathered until a few thousand of them
(more for small ones) and then written shard by shard, each shard once: a batch read from
a database in another order than the shards' (tokens spread over 1 024 bucket files) would
otherwise rewrite most files at every batch. So memory holds that many records, never the
whole store.
"""
from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Callable, Iterator

from ...domain.introductions import Introduction
from ...domain.letters import Letter
from ...domain.reminders import Reminder
from ..contract import StoreError
from ..copy_records import BATCH, COLLECTIONS, KEPT_CHANGED, AuditMerge
from . import open_tinydb
from .atomic import write_atomically
from .comment_repository import CommentRepository
from .indexes import bucket_of
from .journal import append_line
from .kept_repository import QUEUE_BUCKETS, KeptDocumentRepository
from .letter_repository import LetterRepository
from .org_repository import AccountRepository
from .outbox_repository import BUCKETS as OUTBOX_BUCKETS
from .token_repository import TOKEN_BUCKETS

# the fields that name a record in its shard (a token is kept as {"k": token, "v": result})
KEYS = {collection.name: collection.key for collection in COLLECTIONS} | {"tokens": ("k",)}
RULE_SWITCHES = ("settings", "rule-switches")   # one shard, as RuleSwitchRepository keeps them
# records gathered before they are written (small records in bucket files: more of them)
GATHER = {"tokens": 100_000, "render-queue": 100_000, "counters": 20_000, "accounts": 20_000, "outbox": 20_000}
GATHER_DEFAULT = 5_000
FILES_PER_TRANSACTION = 256   # each file's lock is held to the end of its transaction: an open file each


def _commune_of_summary(shard_key: str) -> str:
    return shard_key.rsplit(".", 1)[0]     # register-summary/<commune>.<year>


# collection -> (folder, the shard a record goes to) for the collections kept as plain records
SHARD_OF: dict[str, tuple[str, Callable[[dict], str]]] = {
    "units": ("units", lambda record: "all"),
    "members": ("members", lambda record: record["workplace_id"]),
    "accounts": ("accounts", lambda record: bucket_of(record["username"], AccountRepository.BUCKETS)),
    "meetings": ("meetings", lambda record: record["cell_id"]),
    "letters": ("letters", lambda record: LetterRepository.shard_key(record["cell_id"],
                                                                     Letter.from_record(record).year)),
    "comments": ("comments", lambda record: CommentRepository.shard_key(record["workplace_id"], record["year"])),
    "introductions": ("introductions", lambda record: "{}.{}".format(
        record["workplace_id"], Introduction.from_record(record).issued_on.year)),
    "register-summary": ("register-summary", lambda record: f"{record['commune_id']}.{record['year']}"),
    "front-opinions": ("front-opinions", lambda record: record["cell_id"]),
    "reminders": ("reminders", lambda record: Reminder.from_record(record).recipient),
    "tokens": ("tokens", lambda record: bucket_of(record["token"], TOKEN_BUCKETS)),
    "outbox": ("outbox", lambda record: bucket_of(record["id"], OUTBOX_BUCKETS)),
    "render-queue": ("render_queue", lambda record: bucket_of(record["code"], QUEUE_BUCKETS)),
}


class TinyDBExport:
    def __init__(self, root: Path):
        self.root = Path(root)
        self.repos = open_tinydb(self.root)
        self.store = self.repos.store
        self.store.recover()   # a change a crash cut short is finished before it is read or written to
        self._audit_merge = AuditMerge(self._month_lines)
        self._gathered: tuple[str, bool, list[dict]] | None = None   # (collection, merge, records)

    def close(self) -> None:
        self.repos.close()

    # --- reading -------------------------------------------------------------------

    def batches(self, collection: str, size: int = BATCH) -> Iterator[list[dict]]:
        batch: list[dict] = []
        for record in self._records(collection):
            batch.append(record)
            if len(batch) >= size:
                yield batch
                batch = []
        if batch:
            yield batch

    def _records(self, collection: str) -> Iterator[dict]:
        if collection == "audit":
            yield from self._audit_lines()
        elif collection == "counters":
            for shard in self.store.shards("counters"):
                docs = shard.all()
                if docs:   # a change rolled forward after a crash may leave a second, older entry
                    yield {"name": shard.path.stem, "n": max(doc["n"] for doc in docs)}
        elif collection == "tokens":
            for shard in self.store.shards("tokens"):
                yield from ({"token": doc["k"], "result": doc["v"]} for doc in shard.all())
        elif collection == "kept-documents":
            yield from self._kept()
        elif collection == "rule-switches":
            yield from self.store.shard(*RULE_SWITCHES).all()
        elif collection == "register-summary":
            for shard in self.store.shards("register-summary"):
                commune = _commune_of_summary(shard.path.stem)
                yield from ({**doc, "commune_id": commune} for doc in shard.all())
        else:
            for shard in self.store.shards(SHARD_OF[collection][0]):
                yield from shard.all()

    def _audit_lines(self) -> Iterator[dict]:
        for path in sorted((self.root / "audit").glob("*.jsonl")):
            yield from self._month_lines(path.stem)

    def _kept(self) -> Iterator[dict]:
        kept = self.repos.kept
        for shard in self.store.shards("kept_documents"):
            for doc in shard.all():
                try:
                    found = kept._read(doc["code"], doc["format"], doc)
                except StoreError as error:   # the bytes no longer match their digest, or cannot be read
                    raise StoreError(KEPT_CHANGED.format(code=doc["code"], format=doc["format"])) from error
                yield {**doc, "content": found.content}

    # --- writing -------------------------------------------------------------------

    def write(self, collection: str, records: list[dict], merge: bool) -> None:
        if self._gathered is not None and self._gathered[:2] != (collection, merge):
            self.flush()
        if self._gathered is None:
            self._gathered = (collection, merge, [])
        self._gathered[2].extend(records)
        if len(self._gathered[2]) >= GATHER.get(collection, GATHER_DEFAULT):
            self.flush()

    def flush(self) -> None:
        """Write the records gathered so far."""
        if self._gathered is None:
            return
        (collection, merge, records), self._gathered = self._gathered, None
        if not records:
            return
        if collection == "audit":
            self._write_audit(records, merge)
        elif collection == "counters":
            self._write_counters(records, merge)
        elif collection == "kept-documents":
            self._write_kept(records, merge)
        elif collection == "rule-switches":
            self._write_shards({RULE_SWITCHES[1]: records}, RULE_SWITCHES[0], KEYS[collection], merge)
        else:
            folder, shard_of = SHARD_OF[collection]
            shards: dict[str, list[dict]] = defaultdict(list)
            for record in records:
                shards[shard_of(record)].append(_stored(collection, record))
            self._write_shards(shards, folder, KEYS[collection], merge)

    def _write_shards(self, shards: dict[str, list[dict]], folder: str, key: tuple[str, ...], merge: bool) -> None:
        """Each shard's records in one write, a few hundred shards to a transaction. With `merge`,
        a record already there as it is is left alone (so a second run writes nothing)."""
        def key_of(doc: dict) -> tuple:
            return tuple(doc.get(field) for field in key)
        names = sorted(shards)
        for start in range(0, len(names), FILES_PER_TRANSACTION):
            self._write_some(folder, {name: shards[name] for name in names[start:start + FILES_PER_TRANSACTION]},
                             key_of, merge)

    def _write_some(self, folder: str, shards: dict[str, list[dict]], key_of, merge: bool) -> None:
        with self.store.transaction():
            for name, docs in shards.items():
                with self.store.shard(folder, name).table() as table:
                    if merge:
                        held = {key_of(doc): doc for doc in table.all()}
                        docs = [doc for doc in docs if held.get(key_of(doc)) != doc]
                        replaced = {key_of(doc) for doc in docs}
                        if replaced & set(held):
                            table.remove(lambda doc: key_of(doc) in replaced)
                    if docs:
                        table.insert_multiple(docs)

    def _write_counters(self, records: list[dict], merge: bool) -> None:
        """A counter keeps the higher of its number and the copied one: a code is never handed out twice."""
        for start in range(0, len(records), FILES_PER_TRANSACTION):
            with self.store.transaction():
                for record in records[start:start + FILES_PER_TRANSACTION]:
                    self._write_counter(record, merge)

    def _write_counter(self, record: dict, merge: bool) -> None:
        with self.store.shard("counters", record["name"]).table() as table:
            held = max((doc["n"] for doc in table.all()), default=0) if merge else 0
            if held < record["n"] or not merge:
                table.truncate()
                table.insert({"n": max(held, record["n"])})

    def _write_kept(self, records: list[dict], merge: bool) -> None:
        kept: KeptDocumentRepository = self.repos.kept
        for record in records:
            path = kept._file(record["code"], record["format"])
            if merge and path.exists() and path.read_bytes() == record["content"]:
                continue
            try:
                write_atomically(path, record["content"])
            except OSError as error:
                raise StoreError(str(error)) from error
        shards: dict[str, list[dict]] = defaultdict(list)
        for record in records:
            shards[kept._shard(record["code"]).path.stem].append(
                {name: value for name, value in record.items() if name != "content"})
        self._write_shards(shards, "kept_documents", KEYS["kept-documents"], merge)

    def _write_audit(self, entries: list[dict], merge: bool) -> None:
        """Lines appended to their month's file (audit/<yyyy-mm>.jsonl, the month of their
        own time, as AuditLog files them), one write per month and batch."""
        months: dict[str, list[bytes]] = defaultdict(list)
        for entry in (self._audit_merge.missing(entries) if merge else entries):
            months[entry["at"][:7]].append((json.dumps(entry, ensure_ascii=False) + "\n").encode("utf-8"))
        for month, lines in months.items():
            try:
                append_line(self.root / "audit" / f"{month}.jsonl", b"".join(lines))
            except OSError as error:
                raise StoreError(str(error)) from error

    def _month_lines(self, month: str) -> Iterator[dict]:
        """The audit lines of a month ("2026-11"), in the order they were written."""
        path = self.root / "audit" / f"{month}.jsonl"
        if not path.exists():
            return
        for raw in path.read_bytes().splitlines():
            try:
                yield json.loads(raw)
            except ValueError:
                continue  # a line cut short by a crash, as AuditLog.entries skips it

    def finish(self) -> None:
        self.flush()
        self.repos.check(repair=True)


def _stored(collection: str, record: dict) -> dict:
    """The record as the repository keeps it in its shard."""
    if collection == "tokens":
        return {"k": record["token"], "v": record["result"]}
    if collection == "register-summary":   # the commune is the shard's name, not a field
        return {name: value for name, value in record.items() if name != "commune_id"}
    return record
