"""Local practices as settings per province and year: the administrator's switch is stored
with who and when and audited, refused where the rule book has no row; the letter's chain
and the comment's prefill follow the setting of the province and year."""
from __future__ import annotations

import pytest

from forms_service.domain import clock
from forms_service.domain.local_rules import RATING_CAP, WORKPLACE_CONFIRMS_FIRST
from forms_service.services.local_rules import NotSwitchable, practice_status, rule_switches, switch

PROVINCE = "tinh-dong-thap"
ADMIN = ("quantri", "Quản trị hệ thống")


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
                                                      (WORKPLACE_CONFIRMS_FIRST, "tinh-khac", 2026),
                                                      ("khong-co", PROVINCE, 2026)])
def test_nothing_to_switch_is_refused_and_nothing_saved(repos, practice, province, year):
    with pytest.raises(NotSwitchable):
        switch(repos, *ADMIN, practice, province, year, True)
    assert rule_switches(repos) == {} and repos.audit.entries(target=f"{practice}:{province}:{year}") == []


def test_the_status_of_a_cell_follows_its_province_and_the_switch(repos):
    cell = repos.members.get("dv-001").residence_cell_id
    year = clock.today().year
    default = practice_status(repos, WORKPLACE_CONFIRMS_FIRST, cell, year)
    assert default.on and default.switch is None and default.setting.province_id == PROVINCE
    switch(repos, *ADMIN, WORKPLACE_CONFIRMS_FIRST, PROVINCE, year, False)
    switched = practice_status(repos, WORKPLACE_CONFIRMS_FIRST, cell, year)
    assert not switched.on and switched.switch.by == "quantri" and switched.changed_by_admin
    assert practice_status(repos, WORKPLACE_CONFIRMS_FIRST, cell, year + 1).on  # another year keeps its default
