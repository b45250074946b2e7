"""`python -m forms_service backup` and `restore` on each store (a TinyDB folder, a SQLite file,
a PostgreSQL database): the restored store holds the same records, collection by collection
(counted and checksummed as copy-store does); a store holding data is not overwritten unless
`--replace`; an archive of one kind of store is refused by another kind, whole."""
from __future__ import annotations

import tarfile
from contextlib import contextmanager
from pathlib import Path

import pytest

from forms_service.domain import clock
from forms_service.storage import open_store
from forms_service.storage.copying import COLLECTIONS, open_export, tally

from ..conftest import STORE_BACKENDS, sqlite_url
from .test_admin_commands import run

pytestmark = pytest.mark.calendar

KEPT = b"%PDF-1.7 ban in luu san cua don xin vang"


@pytest.fixture(params=STORE_BACKENDS)
def backend(request) -> str:
    return request.param


def on(location: str, folder: Path) -> dict:
    """The environment of a command on the store at `location` (a folder or a database URL)."""
    if location.startswith(("sqlite:", "postgresql:")):
        return {"env": {"SOTAY_DATABASE_URL": location}, "data_dir": folder / "no-data-folder"}
    return {"data_dir": Path(location)}


def command(location: str, folder: Path, *args: str):
    where = on(location, folder)
    return run(where["data_dir"], *args, env=where.get("env"))


def contents(location: str) -> dict:
    """Each collection's count and order-free checksum."""
    with open_export(location) as export:
        return {c.name: (found.count, found.checksum) for c in COLLECTIONS for found in [tally(export, c)]}


@contextmanager
def empty_store_beside(location: str, tmp_path: Path, request):
    """A new, empty store of the same kind (a database with no table at all)."""
    if location.startswith("sqlite:"):
        yield sqlite_url(tmp_path / "restored")
    elif location.startswith("postgresql:"):
        from ..postgres_cluster import fresh_database
        with fresh_database(request.getfixturevalue("postgres_url")) as url:
            yield url
    else:
        yield str(tmp_path / "restored" / "data")


def a_changed_store(location: str) -> str:
    """The demo with a kept printed copy and a member's changed address; the letter's code."""
    repos = open_store(location)
    try:
        letter = repos.letters.for_member("dv-013")[0]
        repos.kept.put(letter.code, "pdf", KEPT)
        repos.members.update("dv-002", lambda m: m.with_change(m.birth_date, "test", address="Số 5 đường Lê Lợi"))
        return letter.code
    finally:
        repos.close()


def test_a_backup_restores_the_same_records_into_a_new_store(demo_location, tmp_path, request):
    code = a_changed_store(demo_location)
    saved = contents(demo_location)
    assert saved["letters"][0] >= 6 and saved["comments"][0] >= 3 and saved["kept-documents"][0] == 1
    archive = tmp_path / "sao-luu.tar"
    made = command(demo_location, tmp_path, "backup", str(archive))
    assert made.returncode == 0, made.stderr
    assert "Đã sao lưu" in made.stdout
    with tarfile.open(archive) as tar:
        assert tar.getnames()[0] == "sotay213-sao-luu.json"

    with empty_store_beside(demo_location, tmp_path, request) as restored:
        done = command(restored, tmp_path, "restore", str(archive))
        assert done.returncode == 0, done.stdout + done.stderr
        assert "Đã khôi phục" in done.stdout
        assert contents(restored) == saved
        repos = open_store(restored)
        try:
            assert repos.kept.get(code, "pdf").content == KEPT
            assert repos.members.get("dv-002").address == "Số 5 đường Lê Lợi"
            letter = repos.letters.for_member("dv-013")[0]
            assert repos.letters.get(letter.code) == letter and letter.code == code
            year = clock.today().year
            assert repos.comments.for_cell("chi-bo-khom-1", year) or repos.comments.for_cell("chi-bo-khom-2", year)
        finally:
            repos.close()


def test_a_store_holding_data_is_replaced_only_when_asked(demo_location, tmp_path):
    archive = tmp_path / "sao-luu.tar"
    assert command(demo_location, tmp_path, "backup", str(archive)).returncode == 0
    saved = contents(demo_location)
    a_changed_store(demo_location)
    changed = contents(demo_location)
    assert changed != saved

    refused = command(demo_location, tmp_path, "restore", str(archive))
    assert refused.returncode == 2 and "Traceback" not in refused.stderr
    assert "đang có dữ liệu, nên chưa khôi phục gì" in refused.stderr and "--replace" in refused.stderr
    assert contents(demo_location) == changed

    replaced = command(demo_location, tmp_path, "restore", "--replace", str(archive))
    assert replaced.returncode == 0, replaced.stdout + replaced.stderr
    assert contents(demo_location) == saved


@pytest.mark.parametrize("backend", ["sqlite"])
def test_an_archive_of_another_kind_of_store_is_refused_whole(demo_location, tmp_path):
    archive = tmp_path / "sao-luu.tar"
    assert command(demo_location, tmp_path, "backup", str(archive)).returncode == 0
    folder = tmp_path / "folder" / "data"
    refused = command(str(folder), tmp_path, "restore", str(archive))
    assert refused.returncode == 2 and "Traceback" not in refused.stderr
    assert "Tệp sao lưu này là của SQLite, còn kho đang dùng là kho nhúng" in refused.stderr
    assert "copy-store" in refused.stderr
    assert not folder.exists()

    not_a_backup = tmp_path / "thu.tar"
    not_a_backup.write_bytes(b"day khong phai ban sao luu")
    garbled = command(demo_location, tmp_path, "restore", "--replace", str(not_a_backup))
    assert garbled.returncode == 2 and "không phải bản sao lưu của Sổ tay 213" in garbled.stderr


@pytest.mark.parametrize("backend", ["sqlite"])
def test_a_sqlite_backup_is_taken_while_another_writer_holds_the_file(demo_location, tmp_path):
    """The online backup reads one snapshot: a writer holding the lock does not stop it, and the
    restore (a writer itself) waits for the lock, then says the file is locked and changes nothing."""
    import sqlite3
    saved = contents(demo_location)
    holder = sqlite3.connect(demo_location[len("sqlite:///"):], isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")
        holder.execute("DELETE FROM letters")     # not committed: the backup must not see it
        archive = tmp_path / "sao-luu.tar"
        made = command(demo_location, tmp_path, "backup", str(archive))
        assert made.returncode == 0, made.stderr
        refused = command(demo_location, tmp_path, "restore", "--replace", str(archive))
        assert refused.returncode == 2 and "đang bị khóa" in refused.stderr and "Traceback" not in refused.stderr
        holder.execute("ROLLBACK")
    finally:
        holder.close()
    assert contents(demo_location) == saved
    restored = sqlite_url(tmp_path / "restored")
    assert command(restored, tmp_path, "restore", str(archive)).returncode == 0
    assert contents(restored) == saved


def test_a_missing_store_gets_a_message_not_a_traceback(backend, tmp_path, request):
    if backend == "postgres":
        from urllib.parse import urlsplit, urlunsplit
        url = request.getfixturevalue("postgres_url")
        location, said = urlunsplit(urlsplit(url)._replace(path="/khong_co_csdl_nay")), "không có cơ sở dữ liệu nào tên"
    elif backend == "sqlite":
        location, said = sqlite_url(tmp_path / "khong-co"), "Không có tệp cơ sở dữ liệu SQLite"
    else:
        location, said = str(tmp_path / "khong-co" / "data"), "Không có thư mục dữ liệu"
    done = command(location, tmp_path, "backup", str(tmp_path / "sao-luu.tar"))
    assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr
    assert said in done.stderr
    assert not (tmp_path / "sao-luu.tar").exists() and not (tmp_path / "khong-co").exists()


@pytest.mark.parametrize("backend", ["postgres"])
def test_without_the_postgresql_programs_it_says_which_package_to_install(demo_location, tmp_path, monkeypatch):
    from forms_service.storage import BackupError, backup
    from forms_service.storage.sql import backup as sql_backup
    monkeypatch.setattr(sql_backup, "PROGRAMS", tmp_path / "khong-co-chuong-trinh")
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(BackupError) as refused:
        backup(demo_location, tmp_path / "sao-luu.tar")
    assert "Không tìm thấy chương trình pg_dump của PostgreSQL" in str(refused.value)
    assert "apt-get install postgresql-client-" in str(refused.value)
    assert list(tmp_path.glob("sao-luu*")) == [] and list(tmp_path.glob(".sao-luu-*")) == []
