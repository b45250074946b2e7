"""Local practices as settings per place and year: the administrator's switch is stored
with who and when and audited, refused where the rule book has no row or for a commune of
another province; the letter's chain and the comment's prefill follow the row that holds in
the cell's commune."""
from __future__ import annotations

import pytest

from forms_service.domain import clock
from forms_service.domain.local_rules import RATING_CAP, WORKPLACE_CONFIRMS_FIRST
from forms_service.domain.org import Unit, UnitKind
from forms_service.services.local_rules import (CommuneOutsideProvince, NotSwitchable, practice_status, rule_switches,
                                                switch)

PROVINCE = "tinh-dong-thap"
ADMIN = ("quantri", "Quản trị hệ thống")


@pytest.mark.calendar
def test_switch_on_then_off_is_stored_with_who_and_when_and_audited(repos):
    assert rule_switches(repos) == {}
    on = switch(repos, *ADMIN, RATING_CAP, PROVINCE, 2025, True)
    stored = rule_switches(repos)[(RATING_CAP, PROVINCE, 2025)]
    assert stored == on and stored.on and stored.by == "quantri" and stored.by_name == "Quản trị hệ thống"
    assert stored.at.date() == clock.today()
    switch(repos, *ADMIN, RATING_CAP, PROVINCE, 2025, False)
    assert not rule_switches(repos)[(RATING_CAP, PROVINCE, 2025)].on and len(rule_switches(repos)) == 1
    actions = [e["action"] for e in repos.audit.entries(target=f"{RATING_CAP}:{PROVINCE}:2025")]
    assert actions == ["tat_quy_dinh_dia_phuong", "bat_quy_dinh_dia_phuong"]


@pytest.mark.parametrize("practice, province, year", [(RATING_CAP, PROVINCE, 2023), (RATING_CAP, PROVINCE, 2030),
                                                      (RATING_CAP, PROVINCE, 2024),  # only former Đồng Tháp's row
                                                      (WORKPLACE_CONFIRMS_FIRST, "tinh-khac", 2026),
                                                      ("khong-co", PROVINCE, 2026)])
def test_nothing_to_switch_is_refused_and_nothing_saved(repos, practice, province, year):
    with pytest.raises(NotSwitchable):
        switch(repos, *ADMIN, practice, province, year, True)
    assert rule_switches(repos) == {} and repos.audit.entries(target=f"{practice}:{province}:{year}") == []


@pytest.mark.calendar
def test_the_status_of_a_cell_follows_the_row_of_its_commune_and_the_switch(repos):
    cell = repos.members.get("dv-001").residence_cell_id  # Khóm 1, in a ward of former Đồng Tháp
    year = clock.today().year
    default = practice_status(repos, WORKPLACE_CONFIRMS_FIRST, cell, year)
    assert default.on and default.switch is None and default.setting.former_province == "dong-thap-cu"
    assert not practice_status(repos, WORKPLACE_CONFIRMS_FIRST, "chi-bo-ap-tan-hoa", year).on  # former Tiền Giang
    switch(repos, *ADMIN, WORKPLACE_CONFIRMS_FIRST, PROVINCE, year, False, part="dong-thap-cu")
    switched = practice_status(repos, WORKPLACE_CONFIRMS_FIRST, cell, year)
    assert not switched.on and switched.switch.by == "quantri" and switched.changed_by_admin
    assert practice_status(repos, WORKPLACE_CONFIRMS_FIRST, cell, year + 1).on  # another year keeps its default


@pytest.mark.calendar
def test_a_switch_for_one_commune_wins_there_only(repos):
    year = clock.today().year
    done = switch(repos, *ADMIN, WORKPLACE_CONFIRMS_FIRST, PROVINCE, year, True, commune_id="xa-my-loi-dong")
    assert done.part == "xa-my-loi-dong"
    ward = practice_status(repos, WORKPLACE_CONFIRMS_FIRST, "chi-bo-ap-tan-hoa", year)
    assert ward.on and ward.switch == done and ward.setting.part is None  # the new province's row, switched here
    assert practice_status(repos, WORKPLACE_CONFIRMS_FIRST, "chi-bo-khom-1", year).switch is None
    assert [e["action"] for e in repos.audit.entries(target=f"{WORKPLACE_CONFIRMS_FIRST}:xa-my-loi-dong:{year}")] \
        == ["bat_quy_dinh_dia_phuong"]


@pytest.mark.calendar
def test_a_switch_for_a_commune_outside_the_province_is_refused_and_nothing_saved(repos):
    repos.units.save_all([Unit("tinh-khac", UnitKind.PROVINCE, "Đảng bộ tỉnh Khác", None),
                          Unit("xa-o-tinh-khac", UnitKind.COMMUNE, "Đảng ủy xã Ở Tỉnh Khác", "tinh-khac")])
    year = clock.today().year
    for commune in ("xa-o-tinh-khac", "chi-bo-khom-1", "khong-ton-tai"):  # another province's, a cell, nothing
        with pytest.raises(CommuneOutsideProvince):
            switch(repos, *ADMIN, WORKPLACE_CONFIRMS_FIRST, PROVINCE, year, True, commune_id=commune)
    with pytest.raises(NotSwitchable):  # a commune of the province, in a year the book has no row for it
        switch(repos, *ADMIN, RATING_CAP, PROVINCE, 2024, True, commune_id="xa-my-loi-dong")
    assert rule_switches(repos) == {}
