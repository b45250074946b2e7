"""`python -m forms_service render`: the kept copies still missing are made, with a line per
10 % when not on a terminal; a second run makes nothing; `check` lists what is missing."""
from __future__ import annotations

import pytest

from forms_service.domain import clock
from forms_service.domain.comments import CommentState
from forms_service.storage import open_store

from .test_admin_commands import run
from .test_backup import command

pytestmark = pytest.mark.calendar


def _final_documents(repos, year: int) -> list[str]:
    org_cells = {m.residence_cell_id for m in repos.members.of_cell("chi-bo-khom-1")} | {"chi-bo-khom-1"}
    letters = [x.code for m in ("dv-013", "dv-018", "dv-003", "dv-010") for x in repos.letters.for_member(m)
               if x.is_final]
    comments = [c.code for cell in org_cells for c in repos.comments.for_cell(cell, year)
                if c.state != CommentState.REQUESTED]
    return letters + comments


def test_render_makes_what_is_missing_once_and_check_stops_listing_it(data_dir):
    year = str(clock.today().year)
    repos = open_store(data_dir)
    final = _final_documents(repos, int(year))
    # the demo's letters decided or withdrawn (its declined letter waits for the cell) and its comments
    assert len(final) >= 4 and all(repos.kept.digest(code, "pdf") is None for code in final)
    before = run(data_dir, "check")
    assert "văn bản chưa có bản in lưu sẵn" in before.stdout and before.returncode == 0

    only_introductions = run(data_dir, "render", "--year", year, "--kind", "gioi-thieu")
    assert "Không còn văn bản nào thiếu bản in" in only_introductions.stdout
    assert all(repos.kept.digest(code, "pdf") is None for code in final)

    made = run(data_dir, "render", "--year", year)
    assert made.returncode == 0, made.stdout + made.stderr
    assert "(100 %)" in made.stdout and "Đã tạo và lưu bản in của" in made.stdout
    assert 1 <= made.stdout.count("Đã tạo bản in ") <= 10  # one line per 10 %, not one per document
    kept = {code: repos.kept.get(code, "pdf") for code in final}
    assert all(k is not None and k.content.startswith(b"%PDF") for k in kept.values())
    assert all(repos.kept.get(code, "docx").content.startswith(b"PK") for code in final)
    assert repos.kept.waiting() == []
    assert "chưa có bản in lưu sẵn" not in run(data_dir, "check").stdout

    again = run(data_dir, "render", "--year", year)
    assert again.returncode == 0 and "Không còn văn bản nào thiếu bản in" in again.stdout
    assert {code: repos.kept.get(code, "pdf") for code in final} == kept


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_render_on_a_database_keeps_the_missing_copies_there(demo_location, tmp_path):
    year = str(clock.today().year)
    repos = open_store(demo_location)
    try:
        letters = [x.code for m in ("dv-013", "dv-018") for x in repos.letters.for_member(m) if x.is_final]
        assert letters and all(repos.kept.digest(code, "pdf") is None for code in letters)
    finally:
        repos.close()
    made = command(demo_location, tmp_path, "render", "--year", year, "--kind", "don-xin-vang")
    assert made.returncode == 0, made.stdout + made.stderr
    assert "Đã tạo và lưu bản in của" in made.stdout
    repos = open_store(demo_location)
    try:
        assert all(repos.kept.get(code, "pdf").content.startswith(b"%PDF") for code in letters)
    finally:
        repos.close()
    assert not (tmp_path / "no-data-folder").exists()   # nothing was read from or written to a folder
