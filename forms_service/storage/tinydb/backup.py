"""Backup and restore of the file store: `store.json` and the kept documents beside it.

A backup holds the store's one lock while it copies, so it never catches a unit of work
half-written (a kept file written but its record not yet committed is copied or not, and a
file without a record is harmless); writers wait for the copy and then carry on.
"""
from __future__ import annotations

import json
import os
import shutil
import tarfile
import tempfile
from pathlib import Path

from ..durable import fsync_folder, swap_in
from .store import FILE_NAME, file_lock, store_file


def backup(root: Path, archive: Path) -> Path:
    """A gzipped tar of the store (`data/store.json`, `data/kept/…`) written to `archive` whole."""
    path, archive = store_file(root), Path(archive)
    archive.parent.mkdir(parents=True, exist_ok=True)
    partial = archive.with_name(archive.name + ".partial")
    with file_lock(path):
        with tarfile.open(partial, "w:gz") as tar:
            if path.exists():
                tar.add(path, arcname=f"data/{FILE_NAME}")
            if (path.parent / "kept").is_dir():
                tar.add(path.parent / "kept", arcname="data/kept")
    swap_in(partial, archive)
    return archive


def restore(archive: Path, root: Path) -> None:
    """Replace the store folder at `root` with the archive's content (the old one is kept
    beside it as <root>.before-restore until the next restore)."""
    root = Path(root).resolve()
    root.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".restore-", dir=root.parent))
    try:
        with tarfile.open(archive, "r:gz") as tar:
            tar.extractall(staging, filter="data")
        restored = staging / "data"
        if not restored.is_dir():
            raise ValueError("tệp sao lưu không đúng định dạng (thiếu thư mục data)")
        if (restored / FILE_NAME).exists():
            try:
                json.loads((restored / FILE_NAME).read_bytes() or b"{}")
            except ValueError as error:
                raise ValueError(f"tệp sao lưu hỏng: {FILE_NAME} không đọc được ({error})") from error
        previous = root.with_name(root.name + ".before-restore")
        if previous.exists():
            shutil.rmtree(previous)
        if root.exists():
            with file_lock(store_file(root)):
                os.replace(root, previous)
        os.replace(restored, root)
        fsync_folder(root.parent)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
