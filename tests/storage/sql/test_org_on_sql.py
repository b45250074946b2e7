"""What only the SQL store has for the organisation and the people: `check` finds
(and repairs) the look-up columns of units, members, accounts and reminders changed behind
the service's back, from the records themselves."""
from __future__ import annotations

from datetime import date

import pytest

from forms_service.domain.access import Role
from forms_service.domain.accounts import Account
from forms_service.domain.members import Member
from forms_service.domain.reminders import Reminder, ReminderKind
from forms_service.storage import open_store

MEMBER = Member(id="dv-001", full_name="Nguyễn Văn An", sex="Nam", birth_date=date(1980, 5, 1),
                admission_date=date(2005, 3, 2), workplace_id="dang-uy-so-giao-duc",
                workplace_cell="Chi bộ Phòng Tổ chức", residence_cell_id="chi-bo-khom-1")
OFFICER = Account("capuy", "Trần Thị Bình", Role.WORKPLACE_OFFICER, "scrypt:x", unit_id="dang-uy-so-giao-duc")
REMINDER = Reminder(key="hop_chi_bo~m1~dv-001~7", kind=ReminderKind.MEETING, text="Nhắc sinh hoạt.",
                    path="don-xin-vang/moi", shown_until=date(2026, 12, 14), member_id="dv-001")


@pytest.fixture
def repos(migrated_database):
    repos = open_store(migrated_database)
    yield repos
    repos.close()


def test_check_finds_and_repairs_look_up_columns_changed_behind_its_back(repos):
    repos.members.save(MEMBER)
    repos.accounts.save(OFFICER)
    repos.reminders.add_new([REMINDER])
    assert repos.check().differences == []
    repos.db.run("UPDATE members SET residence_cell_id = 'chi-bo-khom-9' WHERE id = 'dv-001'")
    repos.db.run("UPDATE accounts SET unit_id = NULL WHERE username = 'capuy'")
    repos.db.run("UPDATE reminders SET shown_until = '2026-01-01'")
    assert repos.members.of_cell("chi-bo-khom-1") == [] and repos.accounts.of_unit("dang-uy-so-giao-duc") == []

    found = repos.check()
    assert not found.repaired and len(found.differences) == 3
    assert [d for d in found.differences if "bảng accounts, bản ghi capuy: cột unit_id" in d]
    repaired = repos.check(repair=True)
    assert repaired.repaired and repos.check().differences == []
    assert repos.members.of_cell("chi-bo-khom-1") == [MEMBER]
    assert repos.accounts.of_unit("dang-uy-so-giao-duc") == [OFFICER]
    assert repos.reminders.shown("m.dv-001", date(2026, 12, 14)) == [REMINDER]
