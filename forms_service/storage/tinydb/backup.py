"""Backup and restore of a whole store folder.

A backup holds the store-wide lock exclusively while it copies, so it never catches a
change half-written across several files; writers wait for the copy (a second or two
for a large province) and then carry on.
"""
from __future__ import annotations

import os
import shutil
import tarfile
import tempfile
from pathlib import Path

from .atomic import fsync_folder
from .store import store_lock


def _skip_locks(info: tarfile.TarInfo):
    return None if info.name.endswith(".lock") or "/." in info.name else info


def backup(root: Path, archive: Path) -> Path:
    root, archive = Path(root), Path(archive)
    archive.parent.mkdir(parents=True, exist_ok=True)
    partial = archive.with_name(archive.name + ".partial")
    with store_lock(root, exclusive=True):
        with tarfile.open(partial, "w:gz") as tar:
            tar.add(root, arcname="data", filter=_skip_locks)
    with open(partial, "rb") as handle:
        os.fsync(handle.fileno())
    os.replace(partial, archive)
    fsync_folder(archive.parent)
    return archive


def restore(archive: Path, root: Path) -> None:
    """Replace the store at `root` with the archive's content (the old one is kept
    beside it as <root>.before-restore until the next restore)."""
    root = Path(root).resolve()
    root.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".restore-", dir=root.parent))
    with tarfile.open(archive, "r:gz") as tar:
        tar.extractall(staging, filter="data")
    restored = staging / "data"
    if not restored.is_dir():
        shutil.rmtree(staging)
        raise ValueError("tệp sao lưu không đúng định dạng (thiếu thư mục data)")
    previous = root.with_name(root.name + ".before-restore")
    if previous.exists():
        shutil.rmtree(previous)
    if root.exists():
        with store_lock(root, exclusive=True):
            os.replace(root, previous)
    os.replace(restored, root)
    shutil.rmtree(staging)
    fsync_folder(root.parent)
