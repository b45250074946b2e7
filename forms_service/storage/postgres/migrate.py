"""Apply the numbered SQL migrations in `migrations/` (0001_name.sql, 0002_…) to a database.

Each migration runs in its own transaction together with its row in `schema_migrations`:
a migration that fails leaves the schema as it was before it, and the ones before it stay
applied. Re-running applies only what is new. An advisory lock keeps two app servers
starting at the same moment from applying the same migration twice. A migration must never
change once applied (its SHA-256 is recorded): a new change is a new file.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import psycopg

MIGRATIONS = Path(__file__).with_name("migrations")
FILE_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")
LOCK_KEY = 213_000_001          # pg_advisory_lock key of this runner, any constant of ours

RECORD_TABLE = """
CREATE TABLE IF NOT EXISTS schema_migrations (
    version    integer PRIMARY KEY,
    name       text NOT NULL,
    sha256     text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
)"""


class MigrationError(Exception):
    """Why the schema could not be brought up to date, in words for the operator."""


@dataclass(frozen=True)
class Migration:
    version: int
    name: str        # the file's name, e.g. "0003_letters.sql"
    sql: str

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.sql.encode("utf-8")).hexdigest()


def read_migrations(folder: Path = MIGRATIONS) -> list[Migration]:
    """The migrations in `folder`, in order; a badly named or doubly numbered file is refused
    rather than skipped, because a skipped migration would be missed without a word."""
    found: dict[int, Migration] = {}
    for path in sorted(folder.glob("*.sql")):
        match = FILE_NAME.match(path.name)
        if not match:
            raise MigrationError(f"Tên tệp {path.name} không đúng mẫu 0001_ten_ngan.sql: chưa áp dụng gì.")
        version = int(match.group(1))
        if version in found:
            raise MigrationError(f"Hai tệp cùng số {version:04d} ({found[version].name}, {path.name}): "
                                 f"chưa áp dụng gì.")
        found[version] = Migration(version, path.name, path.read_text(encoding="utf-8"))
    return [found[v] for v in sorted(found)]


def _check_history(migrations: list[Migration], applied: dict[int, tuple[str, str]]) -> None:
    known = {m.version: m for m in migrations}
    for version, (name, sha256) in sorted(applied.items()):
        if version not in known:
            raise MigrationError(f"Cơ sở dữ liệu đã có bản {name} mà mã nguồn này không có: mã nguồn cũ hơn cơ sở "
                                 f"dữ liệu. Hãy cài bản mã nguồn mới nhất; chưa áp dụng gì.")
        if known[version].sha256 != sha256:
            raise MigrationError(f"Tệp {known[version].name} đã được sửa sau khi áp dụng. Một thay đổi mới phải là "
                                 f"một tệp mới; chưa áp dụng gì.")


def migrate(url: str, folder: Path = MIGRATIONS) -> list[Migration]:
    """Apply the migrations of `folder` not yet recorded in the database at `url`; returns
    those applied now (empty when the schema was already up to date)."""
    migrations = read_migrations(folder)
    try:
        connection = psycopg.connect(url, autocommit=True, connect_timeout=10)
    except psycopg.Error as error:
        raise MigrationError(f"Không kết nối được tới cơ sở dữ liệu PostgreSQL: {error}".strip()) from error
    applied_now: list[Migration] = []
    with connection:
        try:
            connection.execute("SELECT pg_advisory_lock(%s)", (LOCK_KEY,))   # released when the connection closes
            connection.execute(RECORD_TABLE)
            applied = {version: (name, sha256) for version, name, sha256
                       in connection.execute("SELECT version, name, sha256 FROM schema_migrations")}
        except psycopg.Error as error:
            raise MigrationError(f"Không đọc được các bản đã áp dụng: {str(error).strip()}") from error
        _check_history(migrations, applied)
        for migration in (m for m in migrations if m.version not in applied):
            _apply(connection, migration, applied_now)
            applied_now.append(migration)
    return applied_now


def unapplied(url: str, folder: Path = MIGRATIONS) -> list[Migration]:
    """The migrations of `folder` the database at `url` has not recorded yet, without
    changing anything; an app server asks this before it starts (see `require_current_schema`)."""
    migrations = read_migrations(folder)
    try:
        with psycopg.connect(url, autocommit=True, connect_timeout=10) as connection:
            recorded = connection.execute("SELECT to_regclass('schema_migrations') IS NOT NULL").fetchone()[0]
            applied = {version: (name, sha256) for version, name, sha256 in connection.execute(
                "SELECT version, name, sha256 FROM schema_migrations")} if recorded else {}
    except psycopg.Error as error:
        raise MigrationError(f"Không kết nối được tới cơ sở dữ liệu PostgreSQL: {str(error).strip()}") from error
    _check_history(migrations, applied)
    return [m for m in migrations if m.version not in applied]


def _apply(connection: psycopg.Connection, migration: Migration, before: list[Migration]) -> None:
    try:
        with connection.transaction():
            connection.execute(migration.sql)
            connection.execute("INSERT INTO schema_migrations (version, name, sha256) VALUES (%s, %s, %s)",
                               (migration.version, migration.name, migration.sha256))
    except psycopg.Error as error:
        done = f" Các bản trước đó đã áp dụng xong: {', '.join(m.name for m in before)}." if before else ""
        raise MigrationError(
            f"Bản {migration.name} không áp dụng được, nên cơ sở dữ liệu vẫn giữ nguyên như trước bản này."
            f"{done} PostgreSQL báo: {str(error).strip()}") from error
