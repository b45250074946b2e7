"""`python -m forms_service check [--repair]`: counters, records and kept copies compared with the
records, and summaries rebuilt from them (on PostgreSQL: columns and sequences too)."""
from __future__ import annotations

import pytest

from forms_service.domain import clock
from forms_service.storage import open_store
from forms_service.storage.tinydb.kept_repository import kept_file

from .test_admin_commands import run

pytestmark = pytest.mark.calendar


def lists(repos) -> dict:
    year = clock.today().year
    return {"member's letters": [x.code for x in repos.letters.for_member("dv-002")],
            "workplace waiting": [x.code for x in repos.letters.waiting_for_workplace("dang-uy-so-giao-duc")],
            "cell comments": sorted(x.code for x in repos.comments.for_cell("chi-bo-khom-1", year)),
            "commune waiting": [x.code for x in repos.introductions.waiting_for_commune("phuong-hoa-an-tay")],
            "attendance_register": sorted(m.id for m in repos.members.of_cell("chi-bo-khom-1")),
            "oversight": sorted(str(n.to_record()) for n in repos.attendance_numbers.summary("phuong-hoa-an-tay", year)),
            "officers": [a.username for a in repos.accounts.of_unit("dang-uy-so-giao-duc")]}


def test_a_sound_store_has_nothing_to_repair(data_dir):
    result = run(data_dir, "check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "khớp với dữ liệu gốc" in result.stdout


def test_check_repair_raises_a_counter_behind_its_codes_and_has_a_changed_copy_printed_again(data_dir):
    repos = open_store(data_dir)
    code = repos.letters.for_member("dv-002")[0].code
    year = code.split("-")[1]
    repos.kept.put(code, "pdf", b"%PDF-1.7 ban in luu san")
    with repos.transaction():   # as if the counter had been lost: the next code would be one already given
        repos.store.table("counters").remove(lambda doc: doc["name"] == f"letters-{year}")
    kept_file(repos.store.root, code, "pdf").write_bytes(b"%PDF-1.7 sua ngoai dich vu")
    found = run(data_dir, "check")
    assert found.returncode == 1
    assert f"Khác biệt: bộ đếm letters-{year}: đang ở 0" in found.stdout
    assert f"Khác biệt: bản in lưu sẵn {code} (pdf)" in found.stdout
    assert "--repair" in found.stdout
    repaired = run(data_dir, "check", "--repair")
    assert repaired.returncode == 0, repaired.stderr
    assert "Đã sửa 2 chỗ" in repaired.stdout
    repos = open_store(data_dir)
    highest = max(int(x.code.split("-")[2]) for x in repos.letters.for_cell("chi-bo-khom-1", int(year)))
    assert int(repos.letters.next_code(int(year)).split("-")[2]) > highest
    assert repos.kept.get(code, "pdf") is None and code in repos.kept.waiting()   # to be printed again
    assert "khớp với dữ liệu gốc" in run(data_dir, "check").stdout


def test_check_names_a_record_that_cannot_be_read_and_a_file_that_does_not_parse(data_dir):
    repos = open_store(data_dir)
    with repos.transaction():
        repos.store.table("letters").insert({"code": "VS-2026-99990", "v": 1})
    found = run(data_dir, "check")
    assert found.returncode == 1 and "Khác biệt: bảng letters, bản ghi VS-2026-99990: không đọc được" in found.stdout
    (data_dir / "store.json").write_text('{"letters": {"1": ', encoding="utf-8")
    broken = run(data_dir, "check")
    assert broken.returncode != 0 and "hỏng, không đọc được" in broken.stdout + broken.stderr


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_check_on_a_database_repairs_a_column_changed_behind_its_back(demo_location, tmp_path):
    """With SOTAY_DATABASE_URL set, `check` looks at the database, not the data folder."""
    repos = open_store(demo_location)
    try:
        before = lists(repos)
        repos.db.run("UPDATE letters SET workplace_id = 'khong-co' WHERE state = 'da_gui'")
        assert lists(repos) != before
    finally:
        repos.close()
    empty_folder = tmp_path / "empty"
    with_url = {"SOTAY_DATABASE_URL": demo_location}
    found = run(empty_folder, "check", env=with_url)
    assert found.returncode == 1, found.stdout + found.stderr
    assert "Khác biệt: bảng letters" in found.stdout and "cột workplace_id" in found.stdout
    assert run(empty_folder, "check", "--repair", env=with_url).returncode == 0
    again = run(empty_folder, "check", env=with_url)
    assert again.returncode == 0 and "khớp với dữ liệu gốc" in again.stdout
    repos = open_store(demo_location)
    try:
        assert lists(repos) == before
    finally:
        repos.close()
    assert not empty_folder.exists()   # nothing was read from or written to the folder


def test_check_says_when_the_file_store_has_outgrown_its_kind_and_how_to_move(data_dir, monkeypatch):
    from forms_service.services.check import check_store
    from forms_service.storage.tinydb import check

    repos = open_store(data_dir)
    assert check_store(repos).outgrown is None
    monkeypatch.setattr(check, "CEILING_BYTES", repos.store.size() - 1)
    said = check_store(repos).outgrown
    assert "đã lớn" in said and f"copy-store --to sqlite:///{data_dir}/kho.db" in said
    assert check_store(repos).differences == []   # a store too big is whole, not to repair
