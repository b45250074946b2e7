"""Printed documents (PDF with WeasyPrint, DOCX with docxtpl), rendered from stored records."""
from __future__ import annotations

from pathlib import Path
from typing import Callable


def sample_writers() -> dict[str, Callable[[Path], list[Path]]]:
    """Each journey's writer of filled samples: name -> function(directory) -> [written paths]."""
    from . import comments, introductions, letters
    return {"don-xin-vang": letters.write_samples, "mau-1-213": introductions.write_samples,
            "mau-3-213": comments.write_samples}
