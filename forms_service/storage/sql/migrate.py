"""The schema's history, with Alembic: `migrations/versions/`, one history for SQLite and
PostgreSQL. `python -m forms_service migrate` runs it up to the newest revision (creating
the SQLite file if needed); an app server refuses a store whose revision is behind this code
or unknown to it (a newer code's). No alembic.ini: the configuration is made here, the
connection is the store's own engine's.
"""
from __future__ import annotations

from functools import lru_cache
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


@lru_cache(maxsize=1)
def _shipped() -> ScriptDirectory:
    """The history shipped with this code (read once: /healthz asks at every probe)."""
    return _scripts(MIGRATIONS)


def _unreachable(error: Exception, url: str) -> MigrationError:
    engine = "SQLite" if url.startswith("sqlite") else "PostgreSQL"
    return MigrationError(f"{UNAVAILABLE} {engine}: {str(getattr(error, 'orig', error)).strip().splitlines()[0]}")


def revision(url: str, create: bool = False) -> str | None:
    """The store's current revision (None: not migrated at all). A SQLite file that is not
    there is refused, unless `create` (migrate makes it)."""
    database = Database(url, create=create)
    try:
        with database.engine.connect() as connection:
            # a read: it must not wait for (or take) SQLite's write lock, which a backup or a writer may hold
            reading = connection.execution_options(sotay_read_only=True)
            return MigrationContext.configure(reading).get_current_revision()
    except sqlalchemy.exc.DBAPIError as error:
        raise MigrationError(str(database.failure(error, inside=False))) from error
    finally:
        database.close()


def _pending(scripts: ScriptDirectory, current: str | None) -> list[str]:
    """The revisions after `current`, oldest first. Raises MigrationError when `current` is
    unknown to this code (a newer code migrated the store): serving it or migrating it could
    break what that code wrote."""
    if current is not None and not _known(scripts, current):
        raise MigrationError(
            f"Cơ sở dữ liệu đang ở bản {current} mà mã nguồn này không có: mã nguồn cũ hơn cơ sở dữ liệu. "
            f"Hãy cài bản mã nguồn mới nhất; chưa thay đổi gì.")
    applied = {r.revision for r in scripts.iterate_revisions(current, "base")} if current else set()
    newest_first = list(scripts.walk_revisions(base="base", head="heads"))
    return [r.revision for r in reversed(newest_first) if r.revision not in applied]


def behind(missing: list[str]) -> str:
    """What a store whose schema lags behind this code is told."""
    return (f"Cơ sở dữ liệu chưa được cập nhật: còn {len(missing)} bản chưa áp dụng ({', '.join(missing)}), nên "
            f"dịch vụ chưa dùng được. Hãy chạy `python -m forms_service migrate` (với cùng SOTAY_DATABASE_URL) rồi "
            f"khởi động lại.")


def schema_problem(current: str | None) -> str | None:
    """Why a store at revision `current` cannot be served by this code (behind it, or of a
    newer code), in Vietnamese; None when it is this code's."""
    try:
        missing = _pending(_shipped(), current)
    except MigrationError as error:
        return str(error)
    return behind(missing) if missing else None


def pending(url: str, folder: Path = MIGRATIONS, create: bool = False) -> list[str]:
    """The revisions this code has that the store at `url` has not applied, oldest first."""
    return _pending(_scripts(folder), revision(url, create))


def _known(scripts: ScriptDirectory, name: str) -> bool:
    try:
        return scripts.get_revision(name) is not None
    except Exception:   # noqa: BLE001 (alembic raises its own kinds for an unknown or partial name)
        return False


def migrate(url: str, folder: Path = MIGRATIONS) -> list[str]:
    """Bring the store at `url` up to the newest revision; the revisions applied now, in order.
    Each revision is one transaction with its row in `alembic_version`: a revision that fails
    leaves the schema as it was before it, and the ones before it stay applied."""
    scripts = _scripts(folder)
    database = Database(url, create=True)
    try:
        with database.engine.connect() as connection:
            if database.dialect == dialect.POSTGRESQL:
                connection.exec_driver_sql(f"SELECT pg_advisory_lock({LOCK_KEY})")   # freed when it closes
                connection.commit()
            to_apply = _pending(scripts, MigrationContext.configure(connection).get_current_revision())
            connection.rollback()
            if to_apply:
                try:
                    command.upgrade(_config(folder, connection), "head")
                    connection.commit()
                except sqlalchemy.exc.DBAPIError as error:
                    connection.rollback()
                    raise _failed(error, to_apply, MigrationContext.configure(connection).get_current_revision())
    except sqlalchemy.exc.DBAPIError as error:
        raise _unreachable(error, url) from error
    finally:
        database.close()
    return to_apply


def _failed(error: sqlalchemy.exc.DBAPIError, to_apply: list[str], reached: str | None) -> MigrationError:
    done = to_apply[:to_apply.index(reached) + 1] if reached in to_apply else []
    failed = to_apply[len(done)]
    through = f" Các bản trước đó đã áp dụng xong: {', '.join(done)}." if done else ""
    return MigrationError(f"Bản {failed} không áp dụng được, nên cơ sở dữ liệu vẫn giữ nguyên như trước bản này."
                          f"{through} Cơ sở dữ liệu báo: {str(error.orig).strip()}")
