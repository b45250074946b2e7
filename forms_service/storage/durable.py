"""A file finished beside its final name and swapped in whole, so that a crash or a power cut
leaves the old file or the new one, never part of one: the backup archives of every kind of
store. The file store's own writes (tinydb/atomic.py) take the same steps with a hook between
them for the crash tests, and share the folder's fsync."""
from __future__ import annotations

import os
from pathlib import Path


def swap_in(partial: Path, path: Path) -> None:
    """Put the finished file `partial` (in `path`'s folder) in `path`'s place: its bytes are on
    disk before the rename, and the rename is on disk when this returns."""
    with open(partial, "rb") as handle:
        os.fsync(handle.fileno())
    os.replace(partial, path)
    fsync_folder(path.parent)


def fsync_folder(folder: Path) -> None:
    """A rename (or a new file) in `folder` survives a power cut once the folder is fsynced."""
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
