"""Opening a store by its address. A module of its own so that what the package offers and the
commands on whole stores (backups.py) both ask it without importing each other."""
from __future__ import annotations

from pathlib import Path

from .contract import Repositories
from .locations import is_database_url


def open_store(location: str | Path) -> Repositories:
    """The store at `location`: a database URL (sqlite:///path/store.db, postgresql://…), or
    else an instance folder (the embedded TinyDB backend)."""
    if is_database_url(location):
        from .sql import open_sql
        return open_sql(str(location))
    from .tinydb import open_tinydb
    return open_tinydb(location)
