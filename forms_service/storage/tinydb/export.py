"""The file store's side of `copy-store` (storage/copying.py). Each collection is a table of
the store's file under the same name, its records in the shape copying.py passes around, so
reading is handing the table out in batches; a kept document's bytes are read from their file
(and checked against their digest) as it goes.

Writing gathers every batch into one unit of work, committed by `finish()`: the file is
written once for the whole copy, not once per batch (each commit rewrites the whole file).
"""
from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path
from typing import Iterator

from ..contract import StoreError
from ..copy_records import BATCH, COLLECTIONS, KEPT_CHANGED, AuditMerge
from . import open_tinydb
from .atomic import write_atomically
from .kept_repository import TABLE as KEPT, kept_file, read_kept

KEYS = {collection.name: collection.key for collection in COLLECTIONS}


class TinyDBExport:
    def __init__(self, location: Path):
        self.repos = open_tinydb(location)
        self.store = self.repos.store
        self._audit_merge = AuditMerge(self._month_lines)
        self._writing: ExitStack | None = None

    def close(self) -> None:
        """Without `finish()`, what was written is dropped: the unit of work ends with an error."""
        if self._writing is not None:
            writing, self._writing = self._writing, None
            writing.__exit__(StoreError, StoreError("copy-store stopped before its end"), None)

    # --- reading -------------------------------------------------------------------

    def batches(self, collection: str, size: int = BATCH) -> Iterator[list[dict]]:
        records = self.store.records(collection)
        for start in range(0, len(records), size):
            batch = records[start:start + size]
            yield [self._with_content(record) for record in batch] if collection == KEPT else batch

    def _with_content(self, record: dict) -> dict:
        try:
            found = read_kept(self.store.root, record)
        except StoreError as error:   # the bytes no longer match their digest, or cannot be read
            raise StoreError(KEPT_CHANGED.format(code=record["code"], format=record["format"])) from error
        return {**record, "content": found.content}

    def _month_lines(self, month: str) -> Iterator[dict]:
        return (entry for entry in self.store.records("audit") if entry["at"][:7] == month)

    # --- writing -------------------------------------------------------------------

    def write(self, collection: str, records: list[dict], merge: bool) -> None:
        if self._writing is None:
            self._writing = ExitStack()
            self._writing.enter_context(self.store.transaction())
        if collection == KEPT:
            records = [self._keep_bytes(record, merge) for record in records]
        if collection == "audit":
            self.store.table("audit").insert_multiple(self._audit_merge.missing(records) if merge else records)
        elif not merge:
            self.store.table(collection).insert_multiple(records)
        else:
            self._merge(collection, records)

    def _keep_bytes(self, record: dict, merge: bool) -> dict:
        path = kept_file(self.store.root, record["code"], record["format"])
        if not (merge and path.exists() and path.read_bytes() == record["content"]):
            try:
                write_atomically(path, record["content"])
            except OSError as error:
                raise StoreError(str(error)) from error
        return {name: value for name, value in record.items() if name != "content"}

    def _merge(self, collection: str, records: list[dict]) -> None:
        """A record with the same key replaces the one there where it differs; a counter keeps
        the higher of its number and the copied one, so a code is never handed out twice."""
        key = KEYS[collection]

        def key_of(doc: dict) -> tuple:
            return tuple(doc.get(name) for name in key)
        held = {key_of(doc): doc for doc in self.store.records(collection)}
        if collection == "counters":
            records = [{**record, "n": max(record["n"], held.get(key_of(record), {}).get("n", 0))}
                       for record in records]
        changed = [record for record in records if held.get(key_of(record)) != record]
        replaced = {key_of(record) for record in changed} & set(held)
        table = self.store.table(collection)
        if replaced:
            table.remove(lambda doc: key_of(doc) in replaced)
        table.insert_multiple(changed)

    def finish(self) -> None:
        """Commit the copy: the file written once."""
        if self._writing is not None:
            writing, self._writing = self._writing, None
            writing.close()
