"""Writing a file so that no reader ever sees it half-written.

TinyDB's own JSONStorage rewrites the file in place: a full disk or a crash in the
middle of `write()` leaves truncated JSON and the whole store is lost. Here every
write goes to a temporary file in the same folder, is fsynced, then atomically
replaces the old file with `os.replace`; the folder is fsynced so the rename itself
survives a power cut. Readers therefore always see either the old or the new file.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from ..durable import fsync_folder


def write_atomically(path: Path, data: bytes) -> None:
    """Replace `path` with `data` so that no reader ever sees a partial file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as tmp:
            tmp.write(data)
            tmp.flush()
            os.fsync(tmp.fileno())
        note_write(Path(tmp_name))
        os.replace(tmp_name, path)
    except BaseException:
        # Whatever failed (ENOSPC, a kill), the old file is untouched; drop the temp.
        try:
            os.unlink(tmp_name)
        except FileNotFoundError:
            pass
        raise
    fsync_folder(path.parent)
    note_write(path)


def note_write(path: Path) -> None:
    """Called after every durable write of the store: the temporary file written and
    fsynced, then the file replaced by it. It does nothing; the crash tests replace it in a
    child process to die right after the N-th write, for every N a change makes."""

