"""`python -m forms_service check [--repair]`: indexes and summaries rebuilt from the records
(on PostgreSQL: columns and sequences compared with the records)."""
from __future__ import annotations

import shutil

import pytest

from forms_service.domain import clock
from forms_service.storage import open_store

from .test_admin_commands import run

pytestmark = pytest.mark.calendar


def lists(repos) -> dict:
    year = clock.today().year
    return {"member's letters": [x.code for x in repos.letters.for_member("dv-002")],
            "workplace waiting": [x.code for x in repos.letters.waiting_for_workplace("dang-uy-so-giao-duc")],
            "cell comments": sorted(x.code for x in repos.comments.for_cell("chi-bo-khom-1", year)),
            "commune waiting": [x.code for x in repos.introductions.waiting_for_commune("phuong-hoa-an-tay")],
            "register": sorted(m.id for m in repos.members.of_cell("chi-bo-khom-1")),
            "oversight": sorted(str(n.to_record()) for n in repos.register.summary("phuong-hoa-an-tay", year)),
            "officers": [a.username for a in repos.accounts.of_unit("dang-uy-so-giao-duc")]}


def test_a_sound_store_has_nothing_to_repair(data_dir):
    result = run(data_dir, "check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "khớp với dữ liệu gốc" in result.stdout


def test_check_repair_rebuilds_deleted_indexes_and_summaries(data_dir):
    before = lists(open_store(data_dir))
    assert all(before.values())
    for folder in list(data_dir.glob("idx-*")) + list(data_dir.glob("grp-*")) + [data_dir / "register-summary"]:
        shutil.rmtree(folder)
    assert lists(open_store(data_dir)) != before
    found = run(data_dir, "check")
    assert found.returncode == 1
    assert "Khác biệt: chỉ mục grp-letters-workplace-waiting" in found.stdout
    assert "--repair" in found.stdout
    repaired = run(data_dir, "check", "--repair")
    assert repaired.returncode == 0, repaired.stderr
    assert "Đã sửa" in repaired.stdout
    assert lists(open_store(data_dir)) == before
    assert "khớp với dữ liệu gốc" in run(data_dir, "check").stdout


@pytest.mark.parametrize("backend", ["postgres"])
def test_check_on_postgresql_repairs_a_column_changed_behind_its_back(demo_location, tmp_path):
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
