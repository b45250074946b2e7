"""A file finished beside its final name and swapped in whole, so that a crash or a power cut
leaves the old file or the new one, never part of one: the file store's every write, and the
backup archives of every kind of store."""
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
