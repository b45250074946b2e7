"""Where a store lives: a database URL or a folder. A leaf, so that the package and copy-store
both ask it without importing each other."""
from __future__ import annotations

from pathlib import Path

DATABASE_SCHEMES = ("sqlite:///", "postgresql://", "postgres://")


def is_database_url(location: str | Path) -> bool:
    return str(location).startswith(DATABASE_SCHEMES)
