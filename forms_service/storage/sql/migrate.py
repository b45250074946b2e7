"""The schema's history, with Alembic: `migrations/versions/`, one history for SQLite and
PostgreSQL. `python -m forms_service migrate` runs it up to the newest revision (creating
the SQLite file if needed); an app server refuses a store whose revision is behind this code
or unknown to it (a newer code's). No alembic.ini: the configuration is made here, the
connection is the store's own engine's.
"""
from __future__ import annotations

from pathlib import Path

import sqlalchemy
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from . import dialect
from .database import UNAVAILABLE, Database

MIGRATIONS = Path(__file__).with_name("migrations")
LOCK_KEY = 213_000_001          # pg_advisory_lock key of this runner: two servers never migrate at once


class MigrationError(Exception):
    """Why the schema could not be brought up to date (or is not), in words for the operator."""


def _config(folder: Path, connection=None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(folder))
    config.attributes["connection"] = connection
    return config


def _scripts(folder: Path) -> ScriptDirectory:
    return ScriptDirectory.from_config(_config(folder))


def _unreachable(error: Exception) -> MigrationError:
    return MigrationError(f"{UNAVAILABLE}: {str(getattr(error, 'orig', error)).strip().splitlines()[0]}")


def revision(url: str, create: bool = False) -> str | None:
    """The store's current revision (None: not migrated at all). A SQLite file that is not
    there is refused, unless `create` (migrate makes it)."""
    database = Database(url, create=create)
    try:
        with database.engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    except sqlalchemy.exc.DBAPIError as error:
        raise _unreachable(error) from error
    finally:
        database.close()


def pending(url: str, folder: Path = MIGRATIONS, create: bool = False) -> list[str]:
    """The revisions this code has that the store at `url` has not applied, oldest first.
    Raises MigrationError when the store's revision is unknown to this code (a newer code
    migrated it): serving it could break what that code wrote."""
    scripts = _scripts(folder)
    current = revision(url, create)
    if current is not None and not _known(scripts, current):
        raise MigrationError(
            f"Cơ sở dữ liệu đang ở bản {current} mà mã nguồn này không có: mã nguồn cũ hơn cơ sở dữ liệu. "
            f"Hãy cài bản mã nguồn mới nhất; chưa thay đổi gì.")
    revisions = list(scripts.walk_revisions(base="base", head="heads"))   # newest first
    applied = set()
    if current is not None:
        applied = {r.revision for r in scripts.iterate_revisions(current, "base")}
    return [r.revision for r in reversed(revisions) if r.revision not in applied]


def _known(scripts: ScriptDirectory, name: str) -> bool:
    try:
        return scripts.get_revision(name) is not None
    except Exception:   # alembic raises its own errors for an unknown or partial name
        return False


def migrate(url: str, folder: Path = MIGRATIONS) -> list[str]:
    """Bring the store at `url` up to the newest revision; the revisions applied now, in order.
    Each revision is one transaction with its row in `alembic_version`: a revision that fails
    leaves the schema as it was before it."""
    to_apply = pending(url, folder, create=True)
    if not to_apply:
        return []
    database = Database(url, create=True)
    try:
        with database.engine.connect() as connection:
            if database.dialect == dialect.POSTGRESQL:
                connection.exec_driver_sql(f"SELECT pg_advisory_lock({LOCK_KEY})")   # freed when it closes
                connection.commit()
            command.upgrade(_config(folder, connection), "head")
            connection.commit()
    except sqlalchemy.exc.OperationalError as error:
        raise MigrationError(f"Không cập nhật được cơ sở dữ liệu, nên nó vẫn giữ nguyên như trước bản đang áp "
                             f"dụng. Cơ sở dữ liệu báo: {str(error.orig).strip()}") from error
    except sqlalchemy.exc.DBAPIError as error:
        raise MigrationError(f"Một bản cập nhật không áp dụng được, nên cơ sở dữ liệu vẫn giữ nguyên như trước bản "
                             f"đó. Cơ sở dữ liệu báo: {str(error.orig).strip()}") from error
    finally:
        database.close()
    return to_apply
