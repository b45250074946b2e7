"""A throw-away PostgreSQL for the tests, or the one SOTAY_TEST_DATABASE_URL names.

Without SOTAY_TEST_DATABASE_URL the tests start their own cluster with Debian's server
binaries (`initdb`, `pg_ctl`) in a temporary folder: Unix socket only (no TCP port to
collide with another run), fsync off (nothing here must survive the machine), stopped and
removed at the end. initdb refuses to run as root, so under root the cluster runs as the
`postgres` system user, in a folder that user owns.

Each test that asks for one gets its own empty database (CREATE DATABASE … TEMPLATE
template0), dropped afterwards, so tests never see each other's rows.
"""
from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
import uuid
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ENVIRONMENT_URL = "SOTAY_TEST_DATABASE_URL"
SERVER_USER = "postgres"     # the system user Debian's package creates
START_TIMEOUT_S = 60


def server_binaries() -> Path:
    """The folder holding initdb and pg_ctl: on PATH, else the newest /usr/lib/postgresql/*/bin."""
    on_path = shutil.which("initdb")
    if on_path and shutil.which("pg_ctl"):
        return Path(on_path).resolve().parent
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]))
    if not found:
        raise RuntimeError("PostgreSQL server binaries (initdb, pg_ctl) not found: run `scripts/system-deps.sh test` "
                           f"(installs Debian's postgresql package) or set {ENVIRONMENT_URL}")
    return Path(found[-1]).parent


class Cluster:
    """One PostgreSQL server in a temporary folder, reachable through its socket only."""

    def __init__(self, binaries: Path):
        self.binaries = binaries
        self.folder = Path(tempfile.mkdtemp(prefix="sotay-pg-"))  # short: a socket path has ~100 bytes at most
        self.data = self.folder / "data"
        self.log = self.folder / "server.log"
        self.as_root = os.geteuid() == 0
        if self.as_root:
            owner = pwd.getpwnam(SERVER_USER)
            os.chown(self.folder, owner.pw_uid, owner.pw_gid)

    def _run(self, program: str, *args: str) -> None:
        command = [str(self.binaries / program), *args]
        if self.as_root:
            command = ["runuser", "-u", SERVER_USER, "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, timeout=START_TIMEOUT_S + 30)
        if done.returncode != 0:
            log = self.log.read_text(errors="replace")[-2000:] if self.log.exists() else ""
            raise RuntimeError(f"{program} failed ({done.returncode}): {done.stderr.strip()}\n{log}")

    @property
    def url(self) -> str:
        return f"postgresql://{SERVER_USER}@/postgres?host={self.folder}"

    def start(self) -> None:
        self._run("initdb", "--pgdata", str(self.data), "--username", SERVER_USER, "--auth", "trust",
                  "--encoding", "UTF8", "--no-locale", "--no-sync")
        options = (f"-c listen_addresses='' -c unix_socket_directories='{self.folder}' "
                   "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=100")
        self._run("pg_ctl", "start", "--pgdata", str(self.data), "--log", str(self.log), "--wait",
                  "--timeout", str(START_TIMEOUT_S), "-o", options)

    def stop(self) -> None:
        try:
            if (self.data / "postmaster.pid").exists():
                self._run("pg_ctl", "stop", "--pgdata", str(self.data), "--mode", "immediate", "--wait")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)


@contextmanager
def server_url():
    """The URL of a server the tests may create databases on, for as long as the block runs."""
    if os.environ.get(ENVIRONMENT_URL):
        yield os.environ[ENVIRONMENT_URL]
        return
    cluster = Cluster(server_binaries())
    try:
        cluster.start()
        yield cluster.url
    finally:
        cluster.stop()


@contextmanager
def fresh_database(url: str, template: str = "template0"):
    """A new database on the server at `url` (empty, or a copy of the database `template`,
    which nobody may be connected to); yields its URL and drops it afterwards. The URL keeps
    the postgresql:// form (`open_store` recognises a database by it), so the server's URL
    (SOTAY_TEST_DATABASE_URL too) must have that form."""
    import psycopg
    name = f"sotay_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}" ENCODING \'UTF8\'')
    try:
        yield urlunsplit(urlsplit(url)._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def database_name(url: str) -> str:
    from psycopg.conninfo import conninfo_to_dict
    return conninfo_to_dict(url)["dbname"]
