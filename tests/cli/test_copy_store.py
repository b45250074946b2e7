"""`python -m forms_service copy-store --to …`: a whole store moved between the embedded
folder, a SQLite file and PostgreSQL, counted and checksummed per collection, refused into a store that
holds data unless told to merge, and safe to run again."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy

from forms_service import create_app
from forms_service.domain import clock
from forms_service.domain.front_committee import FrontOpinion
from forms_service.domain.reminders import Reminder, ReminderKind
from forms_service.storage import is_database_url, open_store
from forms_service.storage.copying import COLLECTIONS, copy_store, open_export, tally
from forms_service.storage.record_versions import CURRENT

from ..conftest import SITE_DIR, STORE_BACKENDS, CheckedClient, sqlite_url
from ..web.letters_helpers import submit_letter

pytestmark = pytest.mark.calendar


def copy_command(source: str | Path, *args: str) -> subprocess.CompletedProcess:
    """The command as an operator runs it, on the store the environment names."""
    env = {name: value for name, value in os.environ.items() if name not in ("SOTAY_DATABASE_URL", "SOTAY_DATA_DIR")}
    env["SOTAY_DATABASE_URL" if is_database_url(source) else "SOTAY_DATA_DIR"] = str(source)
    return subprocess.run([sys.executable, "-m", "forms_service", "copy-store", *args], env=env,
                          capture_output=True, text=True, timeout=300)


def fill_every_collection(location) -> None:
    """The demo has no Front opinion, reminder, rule switch, kept file or waiting mail: add one
    of each, so that every collection is copied with something in it."""
    repos = open_store(location)
    today = clock.today()
    member = repos.members.get("dv-001")
    repos.front_committee.save(FrontOpinion(member.residence_cell_id, member.id, today.year, "Gương mẫu ở khu dân cư.",
                                  today, "mattran"))
    repos.reminders.add_new([Reminder("kiem-thu.nhac", ReminderKind.MEETING, "Họp chi bộ tuần sau",
                                      "/dich-vu/", today + timedelta(days=7), member_id=member.id, made_on=today)])
    # a rating cap's switch as the first version of the store kept one: read at today's shape
    repos.store.put("rule-switches", lambda record: record["k"], {
        "k": f"tinh-dong-thap:{today.year}", "province_id": "tinh-dong-thap", "year": today.year, "on": True,
        "by": "quantri", "by_name": "Quản trị", "at": clock.now().isoformat(timespec="seconds")})
    code = repos.letters.for_member("dv-002")[0].code
    repos.kept.put(code, "pdf", b"%PDF-1.7 ban in luu san " + code.encode())
    repos.outbox.add("kiem_thu", code, {"to": "dangvien@example.vn", "subject": "Thư kiểm thử"})
    repos.close()


def tallies(location) -> dict[str, tuple[int, str]]:
    """collection -> (count, checksum), read as copy-store reads a store."""
    with open_export(location) as export:
        found = {c.name: tally(export, c) for c in COLLECTIONS}
    return {name: (counted.count, counted.checksum) for name, counted in found.items()}


def table_of(output: str) -> dict[str, tuple[str, str]]:
    """label -> (count, result) from the printed table."""
    rows = {}
    for collection in COLLECTIONS:
        found = re.search(rf"^{re.escape(collection.label)}\s+(\S+)\s+\S+\s+(khớp|KHÔNG khớp)$", output, re.M)
        assert found, f"no row for {collection.label} in:\n{output}"
        rows[collection.label] = found.groups()
    return rows


@pytest.fixture(params=STORE_BACKENDS)
def backend(request) -> str:
    """The copy's own tests run into and from each store: TinyDB, SQLite and PostgreSQL."""
    return request.param


@pytest.fixture
def source(demo_store, tmp_path) -> Path:
    """The demo province on the embedded store, with something in every collection."""
    folder = shutil.copytree(demo_store, tmp_path / "kho-nguon")
    fill_every_collection(folder)
    return folder


def test_demo_goes_to_postgresql_and_back_with_equal_checksums(source, postgres_database, tmp_path):
    before = tallies(source)
    assert all(count for count, _ in before.values()), before

    to_database = copy_command(source, "--to", postgres_database)
    assert to_database.returncode == 0, to_database.stdout + to_database.stderr
    rows = table_of(to_database.stdout)
    assert all(result == "khớp" for _, result in rows.values())
    assert rows["Đơn xin vắng"][0] == str(before["letters"][0])
    assert f"Đã chép Đơn xin vắng: {before['letters'][0]} bản ghi." in to_database.stdout   # a line each, not a tty
    assert "mọi mục đều khớp" in to_database.stdout
    assert tallies(postgres_database) == before

    folder = tmp_path / "ve-lai"
    back = copy_command(postgres_database, "--to", str(folder))
    assert back.returncode == 0, back.stdout + back.stderr
    assert tallies(folder) == before
    check = subprocess.run([sys.executable, "-m", "forms_service", "check"], capture_output=True, text=True,
                           env={**os.environ, "SOTAY_DATA_DIR": str(folder)}, timeout=120)
    assert "Chỉ mục và số liệu tổng hợp khớp với dữ liệu gốc." in check.stdout, check.stdout + check.stderr


def test_demo_goes_to_sqlite_then_postgresql_and_back_with_equal_checksums(source, postgres_database, tmp_path):
    """The three stores: a folder, a SQLite file (one machine), PostgreSQL (a province)."""
    before = tallies(source)
    sqlite = sqlite_url(tmp_path)
    to_sqlite = copy_command(source, "--to", sqlite)
    assert to_sqlite.returncode == 0, to_sqlite.stdout + to_sqlite.stderr
    assert all(result == "khớp" for _, result in table_of(to_sqlite.stdout).values())
    assert tallies(sqlite) == before
    to_postgres = copy_command(sqlite, "--to", postgres_database)
    assert to_postgres.returncode == 0, to_postgres.stdout + to_postgres.stderr
    assert tallies(postgres_database) == before
    folder = tmp_path / "ve-lai"
    assert copy_command(postgres_database, "--to", str(folder)).returncode == 0
    assert tallies(folder) == before


def test_from_one_database_to_another(source, postgres_url, postgres_database):
    """Moving to another database server is the same command between two databases."""
    from ..postgres_cluster import fresh_database
    assert copy_command(source, "--to", postgres_database).returncode == 0
    with fresh_database(postgres_url) as other:
        moved = copy_command(postgres_database, "--to", other)
        assert moved.returncode == 0, moved.stdout + moved.stderr
        assert tallies(other) == tallies(source)


def test_the_service_works_on_the_postgresql_copy(source, postgres_database, tmp_path):
    assert copy_command(source, "--to", postgres_database).returncode == 0
    copied = open_store(postgres_database)
    letter = copied.letters.for_member("dv-002")[0]    # waiting for its workplace (the demo's "capuy")
    copied.close()
    this_year = f"VS-{clock.today().year}-"
    with open_export(postgres_database) as export:
        highest = max(int(record["code"][-5:]) for batch in export.batches("letters") for record in batch
                      if record["code"].startswith(this_year))
    app = create_app({"SECRET_KEY": "test", "TESTING": True, "DATABASE_URL": postgres_database,
                      "DATA_DIR": str(tmp_path / "khong-dung"), "SITE_DIR": str(SITE_DIR),
                      "PUBLIC_URL": "http://sotay.test", "INSTANCE": str(tmp_path), "SMTP_HOST": "", "SMTP_PORT": 25,
                      "SMTP_FROM": "sotay213@localhost", "SESSION_COOKIE_SECURE": False})
    app.test_client_class = CheckedClient
    try:
        officer = app.test_client()
        officer.sign_in("capuy")
        page = officer.get(f"/dich-vu/duyet-don-vang/noi-cong-tac/{letter.code}")
        assert page.status_code == 200
        text = page.get_data(as_text=True)
        assert letter.code in text and letter.member_name in text and letter.reason_text in text
        member = app.test_client()
        member.sign_in("dangvien")
        new_code = submit_letter(member)
        assert new_code.startswith(this_year) and int(new_code[-5:]) == highest + 1
        assert member.get(f"/dich-vu/don-xin-vang/{new_code}").status_code == 200
    finally:
        app.extensions["repos"].close()


def test_into_a_store_that_holds_data_it_refuses_and_copies_nothing(source, demo_location):
    before = tallies(demo_location)
    files = _files(demo_location)
    refused = copy_command(source, "--to", demo_location)
    assert refused.returncode == 2
    assert "đã có dữ liệu" in refused.stderr and "nên chưa chép gì" in refused.stderr
    assert "--merge" in refused.stderr and "Traceback" not in refused.stderr
    assert tallies(demo_location) == before
    assert _files(demo_location) == files


def test_merge_twice_changes_nothing_the_second_time(source, empty_store_location):
    first = copy_command(source, "--to", empty_store_location)
    assert first.returncode == 0, first.stdout + first.stderr
    merged = copy_command(source, "--to", empty_store_location, "--merge")
    assert merged.returncode == 0, merged.stdout + merged.stderr
    after_first = (tallies(empty_store_location), _files(empty_store_location), _row_versions(empty_store_location))
    again = copy_command(source, "--to", empty_store_location, "--merge")
    assert again.returncode == 0, again.stdout + again.stderr
    assert all(result == "khớp" for _, result in table_of(again.stdout).values())
    assert (tallies(empty_store_location), _files(empty_store_location),
            _row_versions(empty_store_location)) == after_first
    assert tallies(empty_store_location) == tallies(source)


def test_a_merge_into_a_store_with_more_records_says_they_do_not_match(source, demo_location):
    """The target keeps a letter the source has not: the letters differ, and the exit code says so."""
    extra = open_store(demo_location)
    submitted = _letter_from(extra)
    extra.close()
    merged = copy_command(source, "--to", demo_location, "--merge")
    assert merged.returncode == 1, merged.stdout + merged.stderr
    rows = table_of(merged.stdout)
    source_letters = tallies(source)["letters"][0]
    assert rows["Đơn xin vắng"] == (f"{source_letters}→{source_letters + 1}", "KHÔNG khớp")
    assert rows["Đơn vị"][1] == "khớp"
    assert "KHÔNG khớp" in merged.stdout and "chưa nên chuyển" in merged.stdout
    kept = open_store(demo_location)
    assert kept.letters.get(submitted) is not None
    kept.close()


def _letter_from(repos) -> str:
    import secrets

    from forms_service.services import letters
    member = repos.members.get("dv-002")
    meeting = repos.meetings.for_cell(member.residence_cell_id, clock.today().year)[-1]
    letter, _ = letters.submit(repos, "kiem-thu", member, [meeting.id], [], "cong_tac", "chỉ kho đích có",
                               secrets.token_hex(8))
    return letter.code


def test_into_itself_it_refuses(source):
    refused = copy_command(source, "--to", str(source))
    assert refused.returncode == 2 and "chính là kho đang dùng" in refused.stderr


def other_spellings(location: str, tmp_path: Path) -> list[str]:
    """The same store named otherwise: through `..`, through a symbolic link, or (PostgreSQL)
    with the other scheme and a parameter more."""
    if location.startswith("postgresql://"):
        return ["postgres://" + location[len("postgresql://"):], location + "&connect_timeout=7"]
    path = Path(location[len("sqlite:///"):] if location.startswith("sqlite:") else location)
    link = tmp_path / "loi-tat"
    link.symlink_to(path.parent, target_is_directory=True)
    spelled = [path.parent / ".." / path.parent.name / path.name, link / path.name]
    return [f"sqlite:///{p}" if location.startswith("sqlite:") else str(p) for p in spelled]


@pytest.mark.parametrize("backend", STORE_BACKENDS)
def test_into_itself_spelled_otherwise_it_refuses(demo_location, tmp_path):
    before = tallies(demo_location)
    for target in other_spellings(demo_location, tmp_path):
        refused = copy_command(demo_location, "--to", target, "--merge")
        assert refused.returncode == 2, (target, refused.stdout, refused.stderr)
        assert "chính là kho đang dùng" in refused.stderr
    assert tallies(demo_location) == before


def test_a_kept_copy_changed_behind_the_service_stops_the_copy(source, tmp_path):
    kept = next((source / "kept").rglob("*.pdf"))
    kept.write_bytes(kept.read_bytes() + b" sua tay")
    stopped = copy_command(source, "--to", str(tmp_path / "dich"))
    assert stopped.returncode == 2 and "Traceback" not in stopped.stderr
    assert "không còn khớp mã SHA-256" in stopped.stderr and "bản sao lưu" in stopped.stderr


def test_from_an_empty_store_it_refuses(tmp_path):
    """A data folder named wrongly would otherwise 'copy' nothing and report that all matches."""
    refused = copy_command(tmp_path / "khong-co", "--to", str(tmp_path / "dich"))
    assert refused.returncode == 2 and "không có dữ liệu nào" in refused.stderr
    assert not (tmp_path / "dich").exists()


def _files(location) -> dict | None:
    """Every file of a folder store with its bytes (None for a database)."""
    if is_database_url(location):
        return None
    root = Path(location)
    return {str(path.relative_to(root)): path.read_bytes() for path in sorted(root.rglob("*"))
            if path.is_file() and not path.name.endswith(".lock")}


def _row_versions(location) -> dict | None:
    """PostgreSQL: each table's highest row version (xmin), which a row rewritten changes.
    SQLite: the count of changes the file has seen (a rewrite counts, even to the same value)."""
    if not is_database_url(location):
        return None
    from forms_service.storage.sql.dialect import database_url
    engine = sqlalchemy.create_engine(database_url(location))
    try:
        with engine.connect() as connection:
            if connection.dialect.name == "sqlite":
                return {"changes": _sqlite_changes(connection)}
            tables = sqlalchemy.inspect(connection).get_table_names()
            return {table: tuple(connection.exec_driver_sql(
                f'SELECT count(*), max(xmin::text::bigint) FROM "{table}"').one()) for table in tables}
    finally:
        engine.dispose()


def _sqlite_changes(connection) -> int:
    """The file's change counter (bytes 24–27 of its header, raised by every write transaction
    that changes a page), after the WAL is folded into the file."""
    connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    path = connection.engine.url.database
    return int.from_bytes(Path(path).read_bytes()[24:28], "big")


@pytest.mark.slow
def test_a_store_of_100_000_letters_goes_to_postgresql_and_back(tmp_path, postgres_database):
    """Generated straight into a SQLite store by the bench's own generators, copied to
    PostgreSQL, then from there into the embedded store."""
    from bench.letters_gen import generate_letters
    from bench.province import generate_province, sqlite_url

    province = generate_province(sqlite_url(tmp_path / "tinh.db"), communes=10, cells_per_commune=10, workplaces=40,
                                 members=3000, years=2)
    generate_letters(province, 100_000, years=2)
    to_database = copy_store(province.url, postgres_database)
    assert all(row.matches for row in to_database), [row.collection.name for row in to_database if not row.matches]
    counts = {row.collection.name: row.source.count for row in to_database}
    assert counts["letters"] == 100_000 and counts["tokens"] == 100_000 and counts["members"] == 3000
    back = copy_store(postgres_database, tmp_path / "ve-lai")
    assert all(row.matches for row in back)
    assert [(row.source.count, row.source.checksum) for row in back] == \
        [(row.source.count, row.source.checksum) for row in to_database]
    returned = open_store(tmp_path / "ve-lai")
    sample = returned.letters.get("VS-%d-00777" % clock.today().year)
    assert sample is not None and sample in returned.letters.for_member(sample.member_id)


def test_records_of_an_older_schema_are_copied_at_todays(source, empty_store_location):
    """A comment kept before its record gained two fields (schema version 1) reaches the
    target upgraded, as the repositories would read it."""
    store_file = source / "store.json"
    data = json.loads(store_file.read_text(encoding="utf-8"))
    number, record = next(iter(data["comments"].items()))
    old = {name: value for name, value in record.items() if name not in ("front_consulted_on", "deadline")}
    data["comments"][number] = {**old, "v": 1}
    store_file.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

    copied = copy_command(source, "--to", empty_store_location)
    assert copied.returncode == 0, copied.stdout + copied.stderr
    with open_export(empty_store_location) as export:
        found = next(r for batch in export.batches("comments") for r in batch if r["code"] == record["code"])
    assert found["v"] == CURRENT["comments"] == 3
    assert found["front_consulted_on"] is None and found["deadline"] is None and found["asked_because"] == ""
    assert {name: found[name] for name in old} == old
