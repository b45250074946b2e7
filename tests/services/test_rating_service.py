"""The administrator's switch of an unconfirmed rating-cap row: stored, audited, refused
where there is nothing to switch."""
from __future__ import annotations

import pytest

from forms_service.domain import clock
from forms_service.services.rating import NotSwitchable, cap_switches, switch_cap

PROVINCE = "tinh-dong-thap"


def test_switch_on_then_off_is_stored_with_who_and_when_and_audited(repos):
    assert cap_switches(repos) == {}
    on = switch_cap(repos, "quantri", "Quản trị hệ thống", PROVINCE, 2025, True)
    stored = cap_switches(repos)[(PROVINCE, 2025)]
    assert stored == on and stored.on and stored.by == "quantri" and stored.by_name == "Quản trị hệ thống"
    assert stored.at.date() == clock.today()
    switch_cap(repos, "quantri", "Quản trị hệ thống", PROVINCE, 2025, False)
    assert not cap_switches(repos)[(PROVINCE, 2025)].on
    actions = [e["action"] for e in repos.audit.entries(target=f"{PROVINCE}:2025")]
    assert actions == ["tat_gioi_han_xep_loai", "bat_gioi_han_xep_loai"]


@pytest.mark.parametrize("province, year", [(PROVINCE, 2024), (PROVINCE, 2030), ("tinh-khac", 2026)])
def test_nothing_to_switch_is_refused_and_nothing_saved(repos, province, year):
    with pytest.raises(NotSwitchable):
        switch_cap(repos, "quantri", "Quản trị hệ thống", province, year, True)
    assert cap_switches(repos) == {} and repos.audit.entries(target=f"{province}:{year}") == []
