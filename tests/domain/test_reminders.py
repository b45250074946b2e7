"""When each reminder is due, day by day, and who receives it."""
from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from forms_service.domain.comments import CommentState, new_request
from forms_service.domain.meetings import Meeting
from forms_service.domain.members import Exemption, Member
from forms_service.domain.reminders import Reminder, comment_reminder, meeting_reminders

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
