"""services.home: each role's home figures follow the records they count."""
from __future__ import annotations

from dataclasses import replace

from forms_service.domain import clock
from forms_service.domain.access import Actor, Role
from forms_service.domain.letters import Action
from forms_service.services import letters
from forms_service.services.home import HomeFigures, home_figures

from .test_letters_service import _send

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
