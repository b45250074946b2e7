"""`backup`, `restore` and `erase` of whichever store is configured.

An archive is a tar file holding two members: `sotay213-sao-luu.json`, which names the kind
of store it came from (tinydb, sqlite or postgresql), its schema revision and when it was
made, and the store itself in that store's own format (the TinyDB folder's archive, a SQLite
database, a pg_dump). A backup of one kind is restored only into a store of the same kind,
so a PostgreSQL dump is never half-poured into a folder; to move between kinds there is
`copy-store`. The archive is written beside its final name and renamed when whole.

A restore refuses a store that holds data unless `replace` is asked for, and is never done
by half: the TinyDB folder is unpacked beside the store and swapped in; SQLite and
PostgreSQL are restored in one transaction (sql/backup.py). A restored database is then
migrated to this code's schema.
"""
from __future__ import annotations

import json
import tarfile
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from ..domain import clock
from .copying import shown
from .durable import swap_in
from .locations import is_database_url
from .opening import open_store
from .contract import BackupError

MANIFEST = "sotay213-sao-luu.json"
FORMAT = "sotay213-sao-luu"
PAYLOAD = {"tinydb": "kho-tinydb.tar.gz", "sqlite": "kho.sqlite", "postgresql": "kho.pgdump"}


KIND_NAMES = {"tinydb": "kho nhúng (thư mục TinyDB)", "sqlite": "SQLite", "postgresql": "PostgreSQL"}


def kind_of(location: str | Path) -> str:
    text = str(location)
    if text.startswith("sqlite:///"):
        return "sqlite"
    return "postgresql" if is_database_url(text) else "tinydb"


def _revision(location: str | Path) -> str | None:
    if kind_of(location) == "tinydb":
        return None
    from .sql.migrate import MigrationError, revision
    try:
        return revision(str(location))
    except MigrationError as error:
        raise BackupError(str(error)) from error


def backup(location: str | Path, archive: Path) -> Path:
    """A consistent copy of the whole store at `location`, taken while the service runs."""
    try:
        return _backup(location, Path(archive))
    except OSError as error:   # the archive's disk is full, its folder not writable…
        raise BackupError(f"Không ghi được bản sao lưu vào {archive}: {error.strerror or error}; chưa có bản sao "
                          f"lưu mới.") from error


def _backup(location: str | Path, archive: Path) -> Path:
    kind = kind_of(location)
    manifest = {"dinh_dang": FORMAT, "phien_ban": 1, "kho": kind, "luoc_do": _revision(location),
                "tao_luc": clock.now().isoformat(timespec="seconds")}
    archive.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".sao-luu-", dir=archive.parent) as work:
        payload = Path(work) / PAYLOAD[kind]
        if kind == "tinydb":
            from .tinydb.backup import backup as backup_folder
            if not Path(location).is_dir():
                raise BackupError(f"Không có thư mục dữ liệu {location}: hãy xem lại SOTAY_DATA_DIR.")
            backup_folder(Path(location), payload)
        elif kind == "sqlite":
            from .sql.backup import sqlite_backup
            sqlite_backup(str(location), payload)
        else:
            from .sql.backup import postgres_backup
            postgres_backup(str(location), payload)
        (Path(work) / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
        partial = Path(work) / "archive.partial"
        with tarfile.open(partial, "w") as tar:
            tar.add(Path(work) / MANIFEST, arcname=MANIFEST)
            tar.add(payload, arcname=payload.name)
        swap_in(partial, archive)
    return archive


@contextmanager
def _opened(archive: Path, beside: Path) -> Iterator[tuple[dict, Path]]:
    """The archive's manifest and its store, unpacked into a folder next to `beside` (removed after)."""
    if not Path(archive).is_file():
        raise BackupError(f"Không có tệp sao lưu {archive}.")
    beside.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".khoi-phuc-", dir=beside) as work:
        try:
            with tarfile.open(archive, "r:") as tar:
                manifest = json.loads(tar.extractfile(MANIFEST).read().decode("utf-8"))
                name = PAYLOAD.get(manifest.get("kho"), "")
                tar.extract(name, work, filter="data")
        except (tarfile.TarError, KeyError, ValueError, AttributeError) as error:
            raise BackupError(f"Tệp {archive} không phải bản sao lưu của Sổ tay 213 (hoặc đã hỏng), nên chưa khôi "
                              f"phục gì.") from error
        if manifest.get("dinh_dang") != FORMAT:
            raise BackupError(f"Tệp {archive} không phải bản sao lưu của Sổ tay 213, nên chưa khôi phục gì.")
        yield manifest, Path(work) / name


def restore(archive: Path, location: str | Path, replace: bool = False) -> dict:
    """Put the store saved in `archive` in place of the store at `location`; its manifest."""
    try:
        return _restore(archive, location, replace)
    except OSError as error:   # no room to unpack the archive beside the store…
        raise BackupError(f"Không khôi phục được: {error.strerror or error} ({error.filename or archive}); kho "
                          f"vẫn giữ nguyên như trước.") from error


def _restore(archive: Path, location: str | Path, replace: bool) -> dict:
    kind = kind_of(location)
    place = Path(location).parent if kind == "tinydb" else (
        Path(str(location)[len("sqlite:///"):]).parent if kind == "sqlite" else Path(tempfile.gettempdir()))
    with _opened(Path(archive), place) as (manifest, payload):
        if manifest["kho"] != kind:
            raise BackupError(
                f"Tệp sao lưu này là của {KIND_NAMES[manifest['kho']]}, còn kho đang dùng là {KIND_NAMES[kind]}, "
                f"nên chưa khôi phục gì. Hãy khôi phục vào một kho {KIND_NAMES[manifest['kho']]}, rồi dùng "
                f"`python -m forms_service copy-store` nếu muốn chuyển sang loại kho khác.")
        _refuse_a_newer_schema(manifest.get("luoc_do"))
        if not replace and _holds_data(location):
            raise BackupError(f"Kho {shown(location)} đang có dữ liệu, nên chưa khôi phục gì. Nếu muốn "
                              f"thay toàn bộ dữ liệu đó bằng bản sao lưu, chạy lại lệnh với --replace.")
        if kind == "tinydb":
            from .tinydb.backup import restore as restore_folder
            try:
                restore_folder(payload, Path(location))
            except (ValueError, tarfile.TarError) as error:
                raise BackupError(f"Tệp sao lưu hỏng ({error}); chưa thay đổi gì.") from error
        elif kind == "sqlite":
            from .sql.backup import check_sqlite_copy, sqlite_restore
            check_sqlite_copy(payload)
            sqlite_restore(payload, str(location))
        else:
            from .sql.backup import postgres_restore
            postgres_restore(payload, str(location), _tables(str(location)))
    if kind != "tinydb":
        from .sql.migrate import MIGRATIONS, migrate
        migrate(str(location), MIGRATIONS)
    return manifest


def _refuse_a_newer_schema(saved: str | None) -> None:
    if saved is None:
        return
    from .sql.migrate import MIGRATIONS, _known, _scripts
    if not _known(_scripts(MIGRATIONS), saved):
        raise BackupError(f"Bản sao lưu được làm với lược đồ bản {saved} mà mã nguồn này không có (mã nguồn cũ hơn "
                          f"bản sao lưu), nên chưa khôi phục gì. Hãy cài bản mã nguồn mới nhất rồi khôi phục lại.")


def _holds_data(location: str | Path) -> bool:
    if kind_of(location) == "tinydb" and not Path(location).exists():
        return False
    if kind_of(location) == "sqlite" and not Path(str(location)[len("sqlite:///"):]).exists():
        return False
    repos = open_store(location)
    try:
        return not repos.is_empty()
    finally:
        repos.close()


def _tables(url: str) -> list[str]:
    """Every table of the database now (the schema's revision and the health probe too): the
    restore drops them all before the dump's are made."""
    import sqlalchemy

    from .sql.database import Database
    database = Database(url)
    try:
        with database.transaction(read_only=True) as connection:
            return sqlalchemy.inspect(connection).get_table_names()
    finally:
        database.close()


def erase(location: str | Path) -> None:
    """Every record of the store gone, in one go (its schema stays): the TinyDB folder is
    removed; a database's tables are emptied in one transaction."""
    import shutil
    if kind_of(location) == "tinydb":
        if Path(location).exists():
            shutil.rmtree(location)
        return
    from .sql.database import Database
    from .sql.migrate import revision
    if revision(str(location)) is None:
        return   # never migrated: no table, nothing to erase (open_store's caller migrates)
    tables = [table for table in _tables(str(location)) if table != "alembic_version"]
    database = Database(str(location))
    try:
        with database.transaction():
            if kind_of(location) == "postgresql":
                database.run(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")  # nosec B608: the schema's own table names
            else:
                for table in tables:
                    database.run(f"DELETE FROM {table}")  # nosec B608: the schema's own table names
    finally:
        database.close()
