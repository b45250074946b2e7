"""services.letters: send once per token, each step moves the letter between the lists."""
from __future__ import annotations

import pytest

from forms_service.domain import clock
from forms_service.domain.letters import Action, LetterState
from forms_service.services import letters

pytestmark = pytest.mark.calendar


def _send(repos, token="t"):
    member = repos.members.get("dv-001")
    meeting = repos.meetings.for_cell(member.residence_cell_id, clock.today().year)[-1]
    return letters.submit(repos, "dangvien", member, [meeting.id], [], "om_dau", "điều trị", token)


def test_a_letter_sent_twice_with_one_token_is_one_letter(repos):
    first, created = _send(repos)
    again, created_again = _send(repos)
    assert created and not created_again and again == first
    assert [x.code for x in repos.letters.for_member("dv-001")].count(first.code) == 1
    assert letters.made_by_token(repos, "t") == first
    assert repos.audit.entries(target=first.code)[0]["action"] == "don_xin_vang.gui_don"


def test_each_step_moves_the_letter_from_one_waiting_list_to_the_next(repos):
    letter, _ = _send(repos)
    assert letter.code in [x.code for x in repos.letters.waiting_for_workplace("dang-uy-so-giao-duc")]
    letters.take_step(repos, "capuy", letter.code, Action.CONFIRM)
    assert letter.code not in [x.code for x in repos.letters.waiting_for_workplace("dang-uy-so-giao-duc")]
    assert letter.code in [x.code for x in repos.letters.waiting_for_cell("chi-bo-khom-1")]
    agreed = letters.take_step(repos, "bithu", letter.code, Action.AGREE)
    assert agreed.state == LetterState.AGREED
    assert letter.code not in [x.code for x in repos.letters.waiting_for_cell("chi-bo-khom-1")]
    assert [e["action"] for e in repos.audit.entries(target=letter.code)] == [
        "don_xin_vang.dong_y", "don_xin_vang.xac_nhan", "don_xin_vang.gui_don"]


def test_where_the_workplace_need_not_confirm_first_the_letter_reaches_the_cell_at_once(repos):
    from forms_service.domain.local_rules import WORKPLACE_CONFIRMS_FIRST
    from forms_service.services.local_rules import switch
    switch(repos, "quantri", "Quản trị hệ thống", WORKPLACE_CONFIRMS_FIRST, "tinh-dong-thap", clock.today().year, False,
           commune_id="phuong-hoa-an-tay")
    workplace_before = repos.letters.count_waiting_for_workplace("dang-uy-so-giao-duc")
    cell_before = repos.letters.count_waiting_for_cell("chi-bo-khom-1")
    letter, _ = _send(repos)
    assert letter.state == LetterState.SENT_TO_CELL and not letter.workplace_confirms_first
    assert letter.code not in [x.code for x in repos.letters.waiting_for_workplace("dang-uy-so-giao-duc")]
    assert repos.letters.count_waiting_for_workplace("dang-uy-so-giao-duc") == workplace_before
    assert letter.code in [x.code for x in repos.letters.waiting_for_cell("chi-bo-khom-1")]
    assert repos.letters.count_waiting_for_cell("chi-bo-khom-1") == cell_before + 1
    assert letter.code in [x.code for x in repos.letters.for_member("dv-001")]  # the workplace reads it there
    agreed = letters.take_step(repos, "bithu", letter.code, Action.AGREE)
    assert agreed.state == LetterState.AGREED and agreed.workplace_decided_at is None
    assert repos.letters.count_waiting_for_cell("chi-bo-khom-1") == cell_before
    assert repos.check().differences == []  # the waiting lists agree with the records
