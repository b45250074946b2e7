"""services.home: each role's home figures follow the records they count."""
from __future__ import annotations

from dataclasses import replace

import pytest

from forms_service.domain import clock
from forms_service.domain.access import Actor, Role
from forms_service.domain.letters import Action
from forms_service.services import letters
from forms_service.services.home import HomeFigures, home_figures

from .test_letters_service import _send

pytestmark = pytest.mark.calendar

MEMBER = Actor("dangvien", Role.MEMBER, member_id="dv-001")
OFFICER = Actor("capuy", Role.WORKPLACE_OFFICER, unit_id="dang-uy-so-giao-duc")
SECRETARY = Actor("bithu", Role.CELL_SECRETARY, unit_id="chi-bo-khom-1")


def _counts(repos):
    today = clock.today()
    return (home_figures(repos, MEMBER, today).open_letters, home_figures(repos, OFFICER, today).letters_waiting,
            home_figures(repos, SECRETARY, today).letters_waiting)


def test_a_letter_is_counted_where_it_waits(repos):
    member, officer, secretary = _counts(repos)
    letter, _ = _send(repos)
    assert _counts(repos) == (member + 1, officer + 1, secretary)
    letters.take_step(repos, "capuy", letter.code, Action.CONFIRM)
    assert _counts(repos) == (member + 1, officer, secretary + 1)
    letters.take_step(repos, "bithu", letter.code, Action.AGREE)
    assert _counts(repos) == (member, officer, secretary)


def test_an_officer_bound_to_no_unit_has_nothing_counted(repos):
    unbound = Actor("moi", Role.WORKPLACE_OFFICER, member_id="dv-001")
    assert replace(home_figures(repos, unbound, clock.today()), reminders=()) == HomeFigures()


def test_the_workplace_and_the_front_committee_do_not_count_members_exempt_under_hd_33(repos):
    """HD 33 mục 1.1: no routine yearly comment of a member exempt from residence activity, so
    neither 'not asked yet' nor 'without the Front's opinion' counts them."""
    from forms_service.domain.members import Exemption
    today = clock.today()
    front_committee = Actor("mattran", Role.FRONT_COMMITTEE, unit_id="chi-bo-khom-1")
    before = home_figures(repos, OFFICER, today).not_asked, home_figures(repos, front_committee, today).without_front_opinion
    member = repos.members.get("dv-007")  # of the officer's workplace, living in Khóm 1
    with repos.transaction():
        repos.members.save(member.with_change(today, "mien", exemption=Exemption.FROM_RESIDENCE_ACTIVITY,
                                              exemption_ground="Đi học tập trung 12 tháng trong năm",
                                              exemption_from=today))
    after = home_figures(repos, OFFICER, today).not_asked, home_figures(repos, front_committee, today).without_front_opinion
    assert after == (before[0] - 1, before[1] - 1)
