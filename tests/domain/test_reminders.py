"""When each reminder is due, day by day, and who receives it."""
from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta

import pytest

from forms_service.domain.clock import ZONE
from forms_service.domain.comments import CommentState, new_request
from forms_service.domain.letters import Action, Letter, new_letter, transition
from forms_service.domain.meetings import Meeting
from forms_service.domain.members import Exemption, Member
from forms_service.domain.reminders import (Reminder, cell_letter_reminder, comment_reminder, letter_due_at,
                                            letter_reminder, meeting_reminders)

MEETING_DAY = date(2026, 12, 14)


def _member(id_="dv-1", **changes) -> Member:
    return replace(Member(id=id_, full_name="Nguyễn Văn An", sex="Nam", birth_date=date(1980, 1, 1),
                          admission_date=date(2005, 5, 19), workplace_id="dang-uy-so", workplace_cell="Chi bộ 1",
                          residence_cell_id="chi-bo-khom-1"), **changes)


@pytest.mark.parametrize("days_before, due", [(9, None), (8, None), (7, "7"), (4, "7"), (2, "7"), (1, "1"),
                                              (0, "1"), (-1, None)])
def test_a_meeting_reminder_is_due_a_week_ahead_then_the_day_before(days_before, due):
    meeting = Meeting(id="chi-bo-khom-1~20261214-1", cell_id="chi-bo-khom-1", date=MEETING_DAY, time="19:00",
                      place="Nhà văn hóa Khóm 1")
    members = [_member(), _member("dv-2", exemption=Exemption.FROM_RESIDENCE_ACTIVITY),
               _member("dv-3", residence_cell_id="chi-bo-khom-2")]
    found = meeting_reminders(meeting, members, MEETING_DAY - timedelta(days=days_before))
    assert [r.key.rsplit("~", 1)[1] for r in found] == ([due] if due else [])
    for reminder in found:  # only the member who attends, of this cell
        assert reminder.member_id == "dv-1" and reminder.shown_until == MEETING_DAY
        assert "14/12/2026 lúc 19:00 tại Nhà văn hóa Khóm 1" in reminder.text
        assert Reminder.from_record(reminder.to_record()) == reminder


@pytest.mark.parametrize("days_before, state, due", [(15, CommentState.REQUESTED, False),
                                                     (14, CommentState.REQUESTED, True),
                                                     (0, CommentState.REQUESTED, True),
                                                     (-1, CommentState.REQUESTED, False),
                                                     (10, CommentState.SUBMITTED, False)])
def test_a_comment_deadline_reminder_is_due_from_14_days_before_while_the_comment_is_open(days_before, state, due):
    deadline = date(2026, 12, 20)
    comment = replace(new_request("NX-2026-00001", 2026, _member(), "capuy", date(2026, 11, 1), deadline), state=state)
    reminder = comment_reminder(comment, deadline - timedelta(days=days_before))
    assert (reminder is not None) == due
    if reminder:
        assert (reminder.unit_id, reminder.role, reminder.recipient) == \
            ("chi-bo-khom-1", "bi_thu_chi_bo", "u.chi-bo-khom-1.bi_thu_chi_bo")
    assert comment_reminder(replace(comment, deadline=None), deadline) is None


MEETING = Meeting(id="chi-bo-khom-1~20261214-1", cell_id="chi-bo-khom-1", date=MEETING_DAY, time="19:00",
                  place="Nhà văn hóa Khóm 1")


def test_the_meeting_reminder_asks_a_letter_only_where_the_local_practice_asks_one():
    [asked] = meeting_reminders(MEETING, [_member()], MEETING_DAY - timedelta(days=1), letter_asked=True)
    [told] = meeting_reminders(MEETING, [_member()], MEETING_DAY - timedelta(days=1), letter_asked=False)
    assert asked.text.endswith("Nếu không dự được, đồng chí gửi đơn xin vắng trước buổi sinh hoạt.")
    assert told.text.endswith("Nếu không dự được, đồng chí báo cho chi ủy chi bộ nơi cư trú biết và nêu lý do.")
    assert "đơn" not in told.text


@pytest.mark.parametrize("exempt_from, reminded", [(MEETING_DAY + timedelta(days=1), True), (MEETING_DAY, False),
                                                   (None, False)])
def test_a_member_exempt_from_a_later_date_is_still_reminded_of_the_meetings_before_it(exempt_from, reminded):
    member = _member(exemption=Exemption.FROM_RESIDENCE_ACTIVITY, exemption_from=exempt_from)
    assert bool(meeting_reminders(MEETING, [member], MEETING_DAY - timedelta(days=7))) == reminded


def _letter(sent: datetime, confirms_first: bool = True) -> Letter:
    return new_letter("VS-2026-00009", "dv-1", "Nguyễn Văn An", "chi-bo-khom-1", "dang-uy-so", [MEETING], [],
                      "om_dau", "", at=sent, by="dangvien", workplace_confirms_first=confirms_first)


def _at(day: date, hour: int = 8) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=ZONE)


def test_a_letter_sent_2_days_before_its_meeting_is_reminded_the_day_before_not_after_it():
    letter = _letter(_at(MEETING_DAY - timedelta(days=2)))
    assert letter_reminder(letter, _at(MEETING_DAY - timedelta(days=2), 20)) is None
    reminder = letter_reminder(letter, _at(MEETING_DAY - timedelta(days=1)))
    assert reminder is not None and "Buổi sinh hoạt ngày 14/12/2026." in reminder.text
    assert reminder.recipient == "u.dang-uy-so.cap_uy_noi_cong_tac"


def test_a_letter_sent_well_ahead_is_reminded_after_3_days_of_waiting():
    sent = _at(MEETING_DAY - timedelta(days=10))
    letter = _letter(sent)
    assert letter_reminder(letter, sent + timedelta(days=3)) is None
    assert letter_reminder(letter, sent + timedelta(days=3, minutes=1)) is not None


def test_a_letter_waiting_for_the_cell_reminds_the_cell_secretary_before_the_meeting():
    sent = _at(MEETING_DAY - timedelta(days=2))
    straight = _letter(sent, confirms_first=False)
    assert letter_reminder(straight, _at(MEETING_DAY)) is None  # the workplace has nothing to confirm
    assert cell_letter_reminder(straight, _at(MEETING_DAY - timedelta(days=2), 20)) is None
    reminder = cell_letter_reminder(straight, _at(MEETING_DAY - timedelta(days=1)))
    assert reminder.recipient == "u.chi-bo-khom-1.bi_thu_chi_bo" and reminder.path.endswith("/chi-bo/VS-2026-00009")
    assert "đang chờ chi ủy cho ý kiến" in reminder.text and Reminder.from_record(reminder.to_record()) == reminder
    waiting_workplace = _letter(sent)
    assert cell_letter_reminder(waiting_workplace, _at(MEETING_DAY)) is None
    confirmed = transition(waiting_workplace, Action.CONFIRM, sent + timedelta(hours=2), "capuy")
    assert cell_letter_reminder(confirmed, _at(MEETING_DAY - timedelta(days=1))) is not None


def test_the_comment_deadline_reminder_says_at_the_latest_on_the_day_it_is_shown_through():
    deadline = date(2026, 12, 20)
    comment = new_request("NX-2026-00001", 2026, _member(), "capuy", date(2026, 11, 1), deadline)
    reminder = comment_reminder(comment, deadline)
    assert "gửi lại chậm nhất ngày 20/12/2026" in reminder.text and reminder.shown_until == deadline
    assert "trước ngày" not in reminder.text


def test_a_letter_sent_on_the_eve_or_the_day_of_its_meeting_is_reminded_at_once():
    for sent_day in (MEETING_DAY - timedelta(days=1), MEETING_DAY):
        sent = _at(sent_day, 7)
        assert letter_due_at(_letter(sent), sent) == sent
        assert letter_reminder(_letter(sent), sent + timedelta(minutes=1)) is not None
