"""Units and members on each of the three stores: found by id, by workplace and by
residence cell, and moved between them by a save."""
from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from forms_service.domain.members import Member
from forms_service.domain.org import Unit, UnitKind

UNITS = [Unit("tinh", UnitKind.PROVINCE, "Tỉnh Đồng Tháp", parent_id=None),
         Unit("phuong-1", UnitKind.COMMUNE, "Phường 1", parent_id="tinh"),
         Unit("chi-bo-khom-1", UnitKind.RESIDENCE_CELL, "Chi bộ Khóm 1", parent_id="phuong-1"),
         Unit("chi-bo-khom-2", UnitKind.RESIDENCE_CELL, "Chi bộ Khóm 2", parent_id="phuong-1")]


def member(member_id: str, workplace_id="dang-uy-so-giao-duc", cell_id="chi-bo-khom-1") -> Member:
    return Member(id=member_id, full_name="Nguyễn Văn An", sex="Nam", birth_date=date(1980, 5, 1),
                  admission_date=date(2005, 3, 2), workplace_id=workplace_id, workplace_cell="Chi bộ Phòng Tổ chức",
                  residence_cell_id=cell_id)


def test_units_are_saved_all_at_once_and_replaced_by_id(repos, another_worker):
    repos.units.save_all(UNITS)
    assert set(repos.units.structure().units) == {u.id for u in UNITS}
    renamed = replace(UNITS[2], name="Chi bộ Khóm 1 (mới)")
    repos.units.save_all([renamed])
    assert repos.units.structure().units["chi-bo-khom-1"] == renamed
    assert another_worker.units.structure().units["chi-bo-khom-1"].name == "Chi bộ Khóm 1 (mới)"
    another_worker.units.save_all([replace(renamed, name="Chi bộ Khóm Một")])   # seen by the first at once
    assert repos.units.structure().units["chi-bo-khom-1"].name == "Chi bộ Khóm Một"


def test_an_import_that_fails_leaves_the_units_as_they_were(repos):
    repos.units.save_all(UNITS[:2])
    with pytest.raises(RuntimeError), repos.transaction():
        repos.units.save_all(UNITS[2:])
        raise RuntimeError("the import stops half-way")
    assert set(repos.units.structure().units) == {"tinh", "phuong-1"}


def test_members_are_found_by_workplace_and_cell_and_moved_by_a_save(repos):
    with repos.transaction():
        for member_id in ("dv-002", "dv-001"):
            repos.members.save(member(member_id))
        repos.members.save(member("dv-003", workplace_id="dang-uy-benh-vien", cell_id="chi-bo-khom-2"))
    assert repos.members.get("dv-001") == member("dv-001") and repos.members.get("dv-404") is None
    assert sorted(m.id for m in repos.members.of_workplace("dang-uy-so-giao-duc")) == ["dv-001", "dv-002"]
    assert sorted(m.id for m in repos.members.of_cell("chi-bo-khom-1")) == ["dv-001", "dv-002"]
    repos.members.save(member("dv-001", workplace_id="dang-uy-benh-vien", cell_id="chi-bo-khom-2"))
    assert [m.id for m in repos.members.of_workplace("dang-uy-so-giao-duc")] == ["dv-002"]
    assert sorted(m.id for m in repos.members.of_workplace("dang-uy-benh-vien")) == ["dv-001", "dv-003"]
    assert [m.id for m in repos.members.of_cell("chi-bo-khom-1")] == ["dv-002"]
    assert sorted(m.id for m in repos.members.of_cell("chi-bo-khom-2")) == ["dv-001", "dv-003"]


def test_two_changes_of_one_member_at_once_are_both_kept(repos, another_worker):
    """Members.update reads, changes and saves in one unit of work: the slower change reads
    the member after the quicker one is saved, not before (no change lost)."""
    import time

    from .sql.at_once import run_at_once
    repos.members.save(member("dv-001"))
    stores = iter([repos, another_worker])

    def renamed(current: Member) -> Member:
        time.sleep(0.3)   # a change that takes a while: a read-then-save would lose the other one
        return replace(current, full_name="Nguyễn Văn Bình")

    def moved(current: Member) -> Member:
        return replace(current, workplace_cell="Chi bộ Phòng Kế hoạch")

    changes = iter([renamed, moved])

    def change():
        store, how = next(stores), next(changes)
        return store.members.update("dv-001", how)
    done, failed = run_at_once(2, change)
    assert failed == [] and len(done) == 2
    stored = repos.members.get("dv-001")
    assert (stored.full_name, stored.workplace_cell) == ("Nguyễn Văn Bình", "Chi bộ Phòng Kế hoạch")
    with pytest.raises(KeyError):
        repos.members.update("dv-404", lambda current: current)
