"""Units created, renamed and merged on every store: members, cells, accounts and open comment
requests follow the unit they joined; the old names stay in history; each change is audited."""
from __future__ import annotations

from datetime import date

import pytest

from forms_service.domain import clock
from forms_service.domain.access import Actor, Role
from forms_service.domain.org import Unit, UnitKind
from forms_service.services import units
from tests.conftest import STORE_BACKENDS

pytestmark = pytest.mark.calendar

ADMIN = Actor("quantri", Role.ADMIN)
HOA_AN_TAY = Actor("xaphuong", Role.COMMUNE_OFFICER, "phuong-hoa-an-tay")
every_store = pytest.mark.parametrize("backend", STORE_BACKENDS)


@every_store
def test_merging_two_communes_moves_their_cells_members_and_accounts(repos):
    year = clock.today().year
    cells = {c.id for c in repos.units.structure().children("xa-my-loi-dong")}
    members = {m.id for cell in cells for m in repos.members.of_cell(cell)}
    assert cells and members
    today = clock.today()
    units.merge_units(repos, ADMIN, "xa-my-loi-dong", "phuong-hoa-an-tay", today)
    org = repos.units.structure()
    assert {c.id for c in org.children("phuong-hoa-an-tay")} >= cells
    assert "xa-my-loi-dong" not in {u.id for u in org.of_kind(UnitKind.COMMUNE)}
    assert org.get("xa-my-loi-dong").name == "Đảng ủy xã Mỹ Lợi Đông"   # old records still name it
    assert org.get("phuong-hoa-an-tay").former_names[-1] == {
        "name": "Đảng ủy xã Mỹ Lợi Đông", "until": today.isoformat(), "merged_from": "xa-my-loi-dong"}
    assert repos.accounts.get("xaphuong2").unit_id == "phuong-hoa-an-tay"
    moved = {m.id for cell in cells for m in repos.members.of_cell(cell)}
    assert moved == members   # the members stay in their cells, which now belong to the merged ward
    assert org.commune_of(sorted(cells)[0]) == "phuong-hoa-an-tay"
    entry = repos.audit.entries(target="phuong-hoa-an-tay")[0]
    assert entry["action"] == "sap_nhap_don_vi" and entry["actor"] == "quantri"
    summary = {n.cell_id for n in repos.attendance_numbers.summary("phuong-hoa-an-tay", year)}
    assert cells <= summary


@every_store
def test_merging_two_cells_moves_members_and_the_secretarys_account(repos):
    source, target, actor = "chi-bo-ap-my-thanh", "chi-bo-ap-tan-hoa", Actor("xaphuong2", Role.COMMUNE_OFFICER,
                                                                             "xa-my-loi-dong")
    assert repos.letters.count_waiting_for_cell(source) == 0
    members = {m.id for m in repos.members.of_cell(source)}
    units.merge_units(repos, actor, source, target, date(2026, 7, 1))
    assert members and members <= {m.id for m in repos.members.of_cell(target)}
    assert repos.members.of_cell(source) == []
    assert repos.accounts.get("bithu4").unit_id == target
    member = repos.members.get(sorted(members)[0])
    assert member.history[-1]["before"] == {"residence_cell_id": source}


@every_store
def test_a_cell_with_letters_waiting_is_not_merged_until_they_are_answered(repos):
    waiting = repos.letters.count_waiting_for_cell("chi-bo-khom-2")
    assert waiting
    with pytest.raises(units.UnitRefused, match=f"còn {waiting} đơn xin vắng đang chờ xử lý"):
        units.merge_units(repos, HOA_AN_TAY, "chi-bo-khom-2", "chi-bo-khom-1", date(2026, 7, 1))
    assert repos.accounts.get("bithu2").unit_id == "chi-bo-khom-2"


@every_store
def test_a_refused_merge_changes_nothing(repos):
    before = repos.units.structure().units
    with pytest.raises(units.UnitRefused, match="khác loại"):
        units.merge_units(repos, ADMIN, "chi-bo-khom-1", "phuong-hoa-an-tay", date(2026, 7, 1))
    with pytest.raises(units.UnitRefused, match="không thuộc phạm vi"):
        units.merge_units(repos, HOA_AN_TAY, "chi-bo-ap-tan-hoa", "chi-bo-khom-1", date(2026, 7, 1))
    assert repos.units.structure().units == before


@every_store
def test_rename_keeps_the_former_name_with_its_date_and_create_checks_the_parent(repos):
    units.rename_unit(repos, HOA_AN_TAY, "chi-bo-khom-1", "Chi bộ Khóm 1 mới", date(2026, 3, 1))
    unit = repos.units.structure().get("chi-bo-khom-1")
    assert unit.name == "Chi bộ Khóm 1 mới"
    assert unit.former_names == ({"name": "Chi bộ Khóm 1", "until": "2026-03-01", "merged_from": ""},)
    assert repos.audit.entries(target="chi-bo-khom-1")[0]["action"] == "doi_ten_don_vi"
    units.create_unit(repos, HOA_AN_TAY, Unit("chi-bo-khom-5", UnitKind.RESIDENCE_CELL, "Chi bộ Khóm 5",
                                              "phuong-hoa-an-tay", "Hòa An Tây"))
    assert repos.units.structure().get("chi-bo-khom-5").parent_id == "phuong-hoa-an-tay"
    with pytest.raises(units.UnitRefused, match="không thuộc phạm vi"):
        units.create_unit(repos, HOA_AN_TAY, Unit("chi-bo-x", UnitKind.RESIDENCE_CELL, "X", "xa-my-loi-dong"))
