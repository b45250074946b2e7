"""The bench measures every store on the same generated province: generated into SQLite
through the SQL store's tables, then loaded into PostgreSQL with COPY, it reads through the
repositories the same on both."""
from __future__ import annotations

import pytest

from bench.letters_gen import check_letters, generate_letters
from bench.postgres_load import load_store
from bench.province import check_province, generate_province, sqlite_url
from forms_service.domain import clock
from forms_service.storage import open_store

pytestmark = pytest.mark.calendar


def test_the_loaded_database_reads_as_the_generated_store(tmp_path, postgres_database):
    province = generate_province(sqlite_url(tmp_path / "store.db"), communes=2, cells_per_commune=3, workplaces=4,
                                 members=120, years=2)
    check_province(province)
    made = generate_letters(province, 600, 2)
    check_letters(province, made)
    loaded = load_store(province.url, postgres_database)
    assert loaded["rows"]["letters"] == 600 and loaded["rows"]["members"] == 120
    assert loaded["rows"]["tokens"] == 600 and loaded["rows"]["register_summaries"] == 2 * 6
    folder, database = open_store(province.url), open_store(postgres_database)
    try:
        for member in province.members[:30]:
            assert database.members.get(member.id) == folder.members.get(member.id)
            assert database.letters.for_member(member.id) == folder.letters.for_member(member.id)
            username = province.member_usernames[member.id]
            assert database.accounts.get(username) == folder.accounts.get(username)
        for workplace in province.workplaces:
            assert database.letters.waiting_for_workplace(workplace) == folder.letters.waiting_for_workplace(workplace)
        year = clock.today().year
        for cell in province.cells:
            assert database.letters.waiting_for_cell(cell) == folder.letters.waiting_for_cell(cell)
            assert database.letters.for_cell(cell, year) == folder.letters.for_cell(cell, year)
            assert database.meetings.for_cell(cell) == folder.meetings.for_cell(cell)
        for commune in province.communes:
            assert database.attendance_numbers.summary(commune, year) == folder.attendance_numbers.summary(commune, year)
        assert database.units.structure().get(province.cells[0]) == folder.units.structure().get(province.cells[0])
        # the counters continue after the generated codes on both
        code = database.letters.next_code(year)
        assert code == folder.letters.next_code(year) and code.endswith("-00301")   # 600 letters over two years
    finally:
        folder.close()
        database.close()
