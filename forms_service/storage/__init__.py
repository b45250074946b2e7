"""Persistence: the contract (contract.py) and its backends. Nothing outside this package
imports a backend; `open_store` picks one."""
from __future__ import annotations

import os
from pathlib import Path

from .contract import Repositories, StoreError
from .locations import is_database_url, store_identity
from .opening import open_store


def address_of(repos: Repositories) -> str:
    """What `open_store` takes to open the same store again, e.g. in a worker process: the
    database's URL, or the folder. (`location` is for messages: it names a database without
    its URL.)"""
    database = getattr(repos, "db", None)
    return database.url if database is not None else repos.location


def backup(location: str | Path, archive: Path) -> Path:
    """A consistent copy of the whole store at `location` (a folder or a database URL), taken
    while the service runs, in one archive that names its kind of store (backups.py). Raises
    BackupError (a StoreError) saying why, in Vietnamese."""
    from .backups import backup as take
    return take(location, Path(archive))


def restore(archive: Path, location: str | Path, replace: bool = False) -> dict:
    """Put the store saved in `archive` in place of the store at `location`, all of it or
    nothing; refused when that store holds data, unless `replace`. The archive's manifest."""
    from .backups import restore as put_back
    return put_back(Path(archive), location, replace)


def shown(location: str | Path) -> str:
    """A store's location for a message: a database URL without its password."""
    from .copying import shown as without_password
    return without_password(location)


def erase_store(location: str | Path) -> None:
    """Every record of the store at `location` removed, in one go (a database keeps its schema)."""
    from .backups import erase
    erase(location)


def migrate_database(url: str, migrations: Path | None = None) -> list:
    """Bring the schema of the database at `url` up to date (Alembic, one history for SQLite
    and PostgreSQL); the revisions applied now, in order. Raises MigrationError (its message
    says why, in Vietnamese)."""
    from .sql.migrate import MIGRATIONS, migrate
    return migrate(url, migrations or MIGRATIONS)


def require_current_schema(url: str, migrations: Path | None = None) -> None:
    """Refuse to serve from a database whose schema lags behind this code (a page would fail
    on a missing table or column in front of a person) or is of a newer code. Raises
    MigrationError saying, in Vietnamese, what is wrong and what to do."""
    from .sql.migrate import MIGRATIONS, MigrationError, behind, pending
    missing = pending(url, migrations or MIGRATIONS)
    if missing:
        raise MigrationError(behind(missing))


def copy_store(source: str | Path, target: str | Path, merge: bool = False, progress=None) -> list:
    """Copy the whole store at `source` into `target` (a folder or a database URL) and compare
    them collection by collection (copying.py). Raises CopyRefused when nothing was copied."""
    from .copying import copy_store as copy
    return copy(source, target, merge, progress)


def __getattr__(name: str):
    # MigrationError lives with the SQL store's code; it is imported only when someone asks for it.
    if name == "MigrationError":
        from .sql.migrate import MigrationError
        return MigrationError
    if name == "BackupError":
        from .backups import BackupError
        return BackupError
    if name == "CopyRefused":
        from .copying import CopyRefused
        return CopyRefused
    raise AttributeError(name)


__all__ = ["BackupError", "CopyRefused", "MigrationError", "Repositories", "StoreError", "address_of", "backup",
           "copy_store", "erase_store", "is_database_url", "migrate_database", "open_store", "require_current_schema", "restore", "shown", "store_identity"]
