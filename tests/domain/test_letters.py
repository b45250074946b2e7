"""The letter's states, transitions and rules, without storage or web."""
from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from forms_service.domain.clock import ZONE
from forms_service.domain.access import Actor, Role, Scope, allowed
from forms_service.domain.letters import (LETTER_CELL_DECIDE, LETTER_VIEW, LETTER_WORKPLACE_DECIDE, Action, Letter,
                                          LetterError, LetterState, is_letter_code, letter_code, letter_problems,
                                          new_letter, transition)
from forms_service.domain.meetings import Meeting

TODAY = date(2026, 11, 20)
NOW = datetime(2026, 11, 20, 9, 0, tzinfo=ZONE)


def meeting(cell="chi-bo-khom-1", on=date(2026, 12, 12)):
    return Meeting(id=f"{cell}~{on:%Y%m%d}-1", cell_id=cell, date=on)


def letter(**kwargs):
    args = dict(meetings=[meeting()], other_dates=[], reason_kind="cong_tac", reason_text="dự hội nghị tại Cần Thơ")
    args.update(kwargs)
    return new_letter("VS-2026-00123", "dv-001", "Nguyễn Văn An", "chi-bo-khom-1", "dang-uy-so-giao-duc",
                      args["meetings"], args["other_dates"], args["reason_kind"], args["reason_text"], NOW, "dangvien",
                      workplace_confirms_first=args.get("workplace_confirms_first", True))


def test_with_the_workplace_confirming_first_the_cell_waits_for_its_confirmation():
    sent = letter(workplace_confirms_first=True)
    assert sent.state == LetterState.SUBMITTED and sent.awaits_workplace and not sent.awaits_cell
    with pytest.raises(LetterError):
        transition(sent, Action.AGREE, NOW, "bithu")
    assert transition(sent, Action.CONFIRM, NOW, "capuy").awaits_cell


def test_without_it_the_letter_goes_straight_to_the_cell_which_decides_without_waiting():
    sent = letter(workplace_confirms_first=False)
    assert sent.state == LetterState.SENT_TO_CELL and sent.awaits_cell and not sent.awaits_workplace
    assert sent.history[0]["state"] == str(LetterState.SENT_TO_CELL)
    for action in (Action.CONFIRM, Action.DECLINE):  # nothing for the workplace to decide
        with pytest.raises(LetterError):
            transition(sent, action, NOW, "capuy", "lý do")
    agreed = transition(sent, Action.AGREE, NOW, "bithu")
    assert agreed.is_agreed and agreed.workplace_decided_at is None
    assert transition(sent, Action.NOT_AGREE, NOW, "bithu", "chưa rõ lý do").state == LetterState.NOT_AGREED
    assert transition(sent, Action.WITHDRAW, NOW, "dangvien").state == LetterState.WITHDRAWN
    assert Letter.from_record(agreed.to_record()) == agreed


def test_a_letter_stored_before_the_setting_was_one_the_workplace_confirmed_first():
    record = letter().to_record()
    del record["workplace_confirms_first"]
    assert Letter.from_record(record).workplace_confirms_first


def test_a_new_letter_is_submitted_with_a_readable_reason():
    new = letter()
    assert new.state == LetterState.SUBMITTED and not new.late and not new.is_agreed
    assert new.reason_summary == "Đi công tác: dự hội nghị tại Cần Thơ"
    assert new.meeting_ids == ("chi-bo-khom-1~20261212-1",)
    assert letter(reason_kind="om_dau", reason_text="").reason_summary == "Ốm đau"


def test_full_path_and_history():
    agreed = transition(transition(letter(), Action.CONFIRM, NOW, "capuy"), Action.AGREE, NOW, "bithu", "đồng ý")
    assert agreed.is_agreed and agreed.workplace_decided_by == "capuy" and agreed.cell_note == "đồng ý"
    assert [h["action"] for h in agreed.history] == ["gui_don", "xac_nhan", "dong_y"]
    assert Letter.from_record(agreed.to_record()) == agreed


@pytest.mark.parametrize("steps, refused", [
    ([], Action.AGREE),                                     # the cell waits for the workplace
    ([Action.CONFIRM], Action.CONFIRM),                     # no second confirmation
    ([Action.CONFIRM, Action.AGREE], Action.WITHDRAW),      # decided: no withdrawal
    ([Action.DECLINE], Action.CONFIRM),                     # the workplace gave its opinion once
    ([Action.DECLINE, Action.NOT_AGREE], Action.AGREE),     # the cell decided: final
    ([Action.WITHDRAW], Action.CONFIRM),
])
def test_transitions_refused_from_the_wrong_state(steps, refused):
    current = letter()
    for step in steps:
        current = transition(current, step, NOW, "x", "lý do")
    with pytest.raises(LetterError, match="không thể"):
        transition(current, refused, NOW, "x", "lý do")


def test_a_declined_letter_goes_on_to_the_cell_with_the_workplaces_opinion_and_the_cell_decides():
    # The workplace's "không xác nhận" is an opinion the cell sees (it was final before).
    declined = transition(letter(), Action.DECLINE, NOW, "capuy", "không rõ lịch công tác")
    assert declined.awaits_cell and not declined.is_final and declined.workplace_declined
    assert declined.workplace_note == "không rõ lịch công tác"
    agreed = transition(declined, Action.AGREE, NOW, "bithu", "đồng chí đã báo trước")
    assert agreed.is_agreed and agreed.workplace_declined and agreed.is_final
    assert transition(declined, Action.NOT_AGREE, NOW, "bithu", "chưa rõ").state == LetterState.NOT_AGREED
    assert not transition(letter(), Action.CONFIRM, NOW, "capuy").workplace_declined
    assert Letter.from_record(agreed.to_record()) == agreed


def test_declining_needs_a_reason():
    with pytest.raises(LetterError, match="ghi rõ lý do"):
        transition(letter(), Action.DECLINE, NOW, "capuy", "  ")
    with pytest.raises(LetterError, match="dài quá"):
        transition(letter(), Action.DECLINE, NOW, "capuy", "x" * 501)


def test_withdraw_until_the_cell_decides():
    assert transition(letter(), Action.WITHDRAW, NOW, "dangvien").state == LetterState.WITHDRAWN
    confirmed = transition(letter(), Action.CONFIRM, NOW, "capuy")
    assert confirmed.can_withdraw
    assert transition(confirmed, Action.WITHDRAW, NOW, "dangvien").state == LetterState.WITHDRAWN


def test_a_letter_after_the_meeting_is_late():
    assert letter(meetings=[meeting(on=date(2026, 11, 10))]).late
    assert letter(meetings=[], other_dates=[date(2026, 11, 19)]).late
    assert not letter(meetings=[], other_dates=[date(2026, 11, 20)]).late


def problems(**kwargs):
    args = dict(cell="chi-bo-khom-1", meetings=[meeting()], unknown=[], other=[], kind="cong_tac", text="")
    args.update(kwargs)
    return letter_problems(args["cell"], args["meetings"], args["unknown"], args["other"], args["kind"],
                           args["text"], TODAY)


def test_rules_before_sending():
    assert problems() == {}
    assert "không thuộc chi bộ" in problems(meetings=[meeting(cell="chi-bo-khom-2")])["meetings"]
    assert "không thuộc chi bộ" in problems(meetings=[], unknown=["x~20260101-1"])["meetings"]
    assert "ít nhất một" in problems(meetings=[])["meetings"]
    assert "quá một năm" in problems(meetings=[], other=[TODAY - timedelta(days=400)])["other_date"]
    assert "quá một năm" in problems(meetings=[meeting(on=TODAY - timedelta(days=366))])["meetings"]
    assert problems(meetings=[], other=[TODAY - timedelta(days=300)]) == {}
    assert "quá xa" in problems(meetings=[], other=[TODAY + timedelta(days=500)])["other_date"]
    assert "ghi rõ" in problems(kind="khac", text="")["reason_text"]
    assert "500" in problems(text="x" * 501)["reason_text"]
    assert "chọn lý do" in problems(kind="bay_ba")["reason_kind"]
    assert "chưa được giới thiệu" in problems(cell=None)["meetings"]


def test_codes():
    assert letter_code(2026, 123) == "VS-2026-00123"
    assert is_letter_code("VS-2026-00123") and not is_letter_code("VS-2026-1") and not is_letter_code("../x")


def test_who_may_act_on_a_letter():
    scope = Scope(member_id="dv-001", workplace_id="dang-uy-so-giao-duc", cell_id="chi-bo-khom-1",
                  commune_id="phuong-hoa-an-tay")
    capuy = Actor("capuy", Role.WORKPLACE_OFFICER, "dang-uy-so-giao-duc")
    capuy2 = Actor("capuy2", Role.WORKPLACE_OFFICER, "dang-uy-benh-vien-tinh")
    bithu = Actor("bithu", Role.CELL_SECRETARY, "chi-bo-khom-1")
    assert allowed(capuy, LETTER_WORKPLACE_DECIDE, scope) and not allowed(capuy2, LETTER_WORKPLACE_DECIDE, scope)
    assert allowed(bithu, LETTER_CELL_DECIDE, scope) and not allowed(bithu, LETTER_WORKPLACE_DECIDE, scope)
    assert allowed(Actor("dangvien", Role.MEMBER, member_id="dv-001"), LETTER_VIEW, scope)
    assert not allowed(Actor("dangvien2", Role.MEMBER, member_id="dv-009"), LETTER_VIEW, scope)
