"""`with repos.transaction():` — everything inside is saved, or nothing is."""
from __future__ import annotations

import pytest

from forms_service.domain import clock
from forms_service.domain.letters import Action, LetterError
from forms_service.services import letters

pytestmark = pytest.mark.calendar


def test_an_error_inside_saves_nothing_at_all(repos):
    member = repos.members.get("dv-001")
    meeting = repos.meetings.for_cell(member.residence_cell_id, clock.today().year)[-1]
    audit_before = len(repos.audit.entries(limit=100_000))
    with pytest.raises(RuntimeError):
        with repos.transaction():
            letter, _ = letters.submit(repos, "dangvien", member, [meeting.id], [], "cong_tac", "x", "t-1", mail=True)
            assert repos.letters.get(letter.code) is not None  # the transaction reads its own changes
            raise RuntimeError("the power went")
    assert repos.letters.get(letter.code) is None
    assert letter.code not in [x.code for x in repos.letters.for_member("dv-001")]
    assert repos.tokens.used("t-1") is None
    assert repos.outbox.waiting() == []
    assert len(repos.audit.entries(limit=100_000)) == audit_before
    again, created = letters.submit(repos, "dangvien", member, [meeting.id], [], "cong_tac", "x", "t-1")
    assert created and again.code > letter.code  # a number is never handed out twice (a gap is allowed)


def test_a_refused_step_saves_nothing_and_says_why(repos):
    waiting = repos.letters.waiting_for_workplace("dang-uy-so-giao-duc")[0]
    lines = len(repos.audit.entries(target=waiting.code))
    with pytest.raises(LetterError):
        letters.take_step(repos, "bithu", waiting.code, Action.AGREE)  # the workplace has not confirmed yet
    assert repos.letters.get(waiting.code) == waiting
    assert len(repos.audit.entries(target=waiting.code)) == lines
