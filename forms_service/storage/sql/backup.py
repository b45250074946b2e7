"""Backup and restore of a SQL store, each engine with its own tools.

SQLite: the standard library's online backup API (`sqlite3.Connection.backup`), which copies
one consistent snapshot while the service goes on writing (a reader never blocks a writer in
WAL mode). A restore goes the same way in the other direction: the backup is copied into the
live file in one write transaction, so a reader sees the old store or the restored one, never
a mix, and SQLite's own journal keeps the file whole if the machine stops half-way.

PostgreSQL: `pg_dump --format=custom` (one snapshot, writers going on) and, to restore, the
dump's SQL (from `pg_restore`) run by `psql` in one transaction that first drops the store's
tables: all of it is restored or, on any error, none of it. The programs are looked up for
the server's major version (Debian keeps them in /usr/lib/postgresql/<version>/bin).
"""
from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from ..contract import BackupError
from .database import BUSY_TIMEOUT_S, LOCKED

PROGRAMS = Path("/usr/lib/postgresql")
DUMP_TIMEOUT_S = 6 * 3600


def sqlite_path(url: str) -> Path:
    return Path(url[len("sqlite:///"):])


def _open_sqlite(path: Path) -> sqlite3.Connection:
    """An existing SQLite file (a mistyped path must not quietly make an empty one)."""
    if not path.is_file():
        raise BackupError(f"Không có tệp cơ sở dữ liệu SQLite {path}: hãy xem lại SOTAY_DATABASE_URL.")
    return sqlite3.connect(f"file:{path}?mode=rw", uri=True, timeout=BUSY_TIMEOUT_S, isolation_level=None)


class _StillLocked(Exception):
    pass


def _give_up_when_locked(status: int, remaining: int, total: int) -> None:
    """The standard library retries a locked backup step for ever; each step has already waited
    the busy timeout for the lock, so one locked step is enough to say so."""
    if status in (5, 6):   # SQLITE_BUSY, SQLITE_LOCKED
        raise _StillLocked


def sqlite_backup(url: str, target: Path) -> None:
    source = _open_sqlite(sqlite_path(url))
    copy = sqlite3.connect(target)
    try:
        source.backup(copy, progress=_give_up_when_locked)     # all pages in one step: one snapshot
    except _StillLocked as error:
        raise BackupError(LOCKED.format(seconds=BUSY_TIMEOUT_S) + "; chưa sao lưu được.") from error
    except sqlite3.Error as error:
        raise BackupError(f"Không sao lưu được cơ sở dữ liệu SQLite: {error}") from error
    finally:
        copy.close()
        source.close()


def check_sqlite_copy(path: Path) -> None:
    """The copy in a backup is a whole SQLite database (before anything is overwritten with it)."""
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as copy:
            verdict = copy.execute("PRAGMA integrity_check").fetchone()[0]
    except sqlite3.Error as error:
        raise BackupError(f"Tệp sao lưu hỏng, không đọc được cơ sở dữ liệu trong đó ({error}); chưa thay đổi gì.") \
            from error
    if verdict != "ok":
        raise BackupError(f"Tệp sao lưu hỏng ({verdict}); chưa thay đổi gì.")


def sqlite_restore(copy: Path, url: str) -> None:
    """Copy the database at `copy` into the store's file in one write transaction (the file is
    made if it is not there yet)."""
    path = sqlite_path(url)
    path.parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(f"file:{copy}?mode=ro", uri=True)
    target = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
    try:
        target.execute("PRAGMA journal_mode = WAL")
        source.backup(target, progress=_give_up_when_locked)   # one step: one write transaction
    except _StillLocked as error:
        raise BackupError(LOCKED.format(seconds=BUSY_TIMEOUT_S) + "; chưa khôi phục gì.") from error
    except sqlite3.OperationalError as error:
        if "locked" in str(error):
            raise BackupError(LOCKED.format(seconds=BUSY_TIMEOUT_S) + "; chưa khôi phục gì.") from error
        raise BackupError(f"Không khôi phục được vào {path}: {error}; chưa thay đổi gì.") from error
    finally:
        target.close()
        source.close()


# --- PostgreSQL --------------------------------------------------------------


def _connection(url: str) -> tuple[str, dict]:
    """The libpq connection string of `url` without its password, and the environment that
    carries the password (so that it never shows in the list of processes)."""
    from psycopg.conninfo import conninfo_to_dict, make_conninfo
    params = conninfo_to_dict(url)
    password = params.pop("password", None)
    env = dict(os.environ)
    if password:
        env["PGPASSWORD"] = str(password)
    return make_conninfo(**params), env


def server_major(url: str) -> int:
    import psycopg
    try:
        with psycopg.connect(url, connect_timeout=10) as connection:
            return connection.info.server_version // 10000
    except psycopg.Error as error:
        reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise BackupError(f"Không kết nối được tới cơ sở dữ liệu PostgreSQL: {reason}") from error


def program(name: str, major: int) -> str:
    """`pg_dump`, `pg_restore` or `psql` able to work with a server of version `major`: the
    same version's, else a newer one's (they read older servers), else the one on the PATH."""
    exact = PROGRAMS / str(major) / "bin" / name
    if exact.is_file():
        return str(exact)
    newer = sorted((p for p in PROGRAMS.glob(f"*/bin/{name}") if p.parts[-3].isdigit() and int(p.parts[-3]) > major),
                   key=lambda p: int(p.parts[-3]))
    if newer:
        return str(newer[0])
    on_path = shutil.which(name)
    if on_path:
        return on_path
    raise BackupError(f"Không tìm thấy chương trình {name} của PostgreSQL {major}, nên chưa làm gì. Hãy cài gói "
                      f"postgresql-client-{major} (Debian, Ubuntu: apt-get install postgresql-client-{major}).")


def _failed(what: str, done: subprocess.CompletedProcess | None, stderr: bytes = b"") -> BackupError:
    said = (stderr or (done.stderr if done else b"") or b"").decode("utf-8", "replace").strip()
    last = said.splitlines()[-1] if said else ""
    return BackupError(f"{what}; chưa thay đổi gì. PostgreSQL báo: {last}")


def postgres_backup(url: str, target: Path) -> None:
    conninfo, env = _connection(url)
    dump = program("pg_dump", server_major(url))
    done = subprocess.run([dump, "--format=custom", "--no-owner", "--no-privileges", f"--file={target}",
                           f"--dbname={conninfo}"], env=env, capture_output=True, timeout=DUMP_TIMEOUT_S)
    if done.returncode != 0:
        raise _failed("Không sao lưu được cơ sở dữ liệu PostgreSQL", done)


def postgres_restore(dump: Path, url: str, tables: list[str]) -> None:
    """The dump's SQL, after dropping `tables` (the store's as they are now), run as one
    transaction: either the store is the dump's afterwards, or it is as it was."""
    major = server_major(url)
    conninfo, env = _connection(url)
    listed = subprocess.run([program("pg_restore", major), "--list", str(dump)], capture_output=True, timeout=600)
    if listed.returncode != 0:
        raise _failed("Tệp sao lưu không phải bản sao lưu PostgreSQL đọc được", listed)
    script = subprocess.Popen([program("pg_restore", major), "--no-owner", "--no-privileges", "--file=-", str(dump)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    psql = subprocess.Popen([program("psql", major), "--no-psqlrc", "--quiet", "--set=ON_ERROR_STOP=1",
                             f"--dbname={conninfo}"], env=env, stdin=subprocess.PIPE,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        psql.stdin.write(b"BEGIN;\n")
        if tables:
            names = ", ".join(f'public."{table}"' for table in tables)
            psql.stdin.write(f"DROP TABLE IF EXISTS {names} CASCADE;\n".encode())
        shutil.copyfileobj(script.stdout, psql.stdin, 1 << 20)
        script_error = script.stderr.read()
        if script.wait(timeout=DUMP_TIMEOUT_S) == 0:
            psql.stdin.write(b"COMMIT;\n")   # only a script read to its end is committed
        psql.stdin.close()
    except BrokenPipeError:
        script_error = b""   # psql stopped on an error (and rolled back): it says which below
        script.kill()
        script.wait()
    psql_error = psql.stderr.read()
    psql.wait(timeout=DUMP_TIMEOUT_S)
    if psql.returncode != 0:
        raise _failed("Không khôi phục được cơ sở dữ liệu PostgreSQL", None, psql_error)
    if script.returncode != 0:
        raise _failed("Không đọc hết được tệp sao lưu PostgreSQL", None, script_error)
