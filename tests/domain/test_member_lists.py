"""The rules of the officers' lists: who still needs a comment, who has not met this year."""
from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from forms_service.domain.accounts import Account
from forms_service.domain.access import Role
from forms_service.domain.clock import ZONE
from forms_service.domain.comments import CommentState
from forms_service.domain.meetings import Meeting
from forms_service.domain.member_lists import (IN_USE, LOCKED, NO_ACCOUNT, WAITING_FOR_CODE, account_state,
                                               has_not_met, needs_comment)
from forms_service.domain.members import Exemption, Member, MemberStatus
from forms_service.domain.attendance_register import Attendance, record_attendance

MEMBER = Member("dv-1", "Lê Văn Tám", "Nam", date(1980, 1, 1), date(2005, 1, 1), "noi-cong-tac", "Chi bộ 1",
                residence_cell_id="chi-bo-1")
NOW = datetime(2026, 10, 1, 9, tzinfo=ZONE)


class _Comment:
    def __init__(self, state):
        self.state = state


def test_a_comment_is_needed_until_the_cell_sends_it():
    assert needs_comment(MEMBER, None, 2026, NOW.date())
    assert needs_comment(MEMBER, _Comment(CommentState.REQUESTED), 2026, NOW.date())
    assert not needs_comment(MEMBER, _Comment(CommentState.SUBMITTED), 2026, NOW.date())
    exempt = replace(MEMBER, exemption=Exemption.FROM_RESIDENCE_ACTIVITY)
    assert not needs_comment(exempt, None, 2026, NOW.date())   # HD 33 mục 1.1: asked only when needed
    assert not needs_comment(replace(MEMBER, status=MemberStatus.LEFT), None, 2026, NOW.date())
    assert not needs_comment(replace(MEMBER, residence_cell_id=None), None, 2026, NOW.date())


def test_a_member_present_once_this_year_has_met():
    held = Meeting("m1", "chi-bo-1", date(2026, 6, 1))
    assert has_not_met(MEMBER, [held], 2026, NOW.date())
    present = record_attendance(held, MEMBER.id, Attendance.PRESENT, by="bithu", at=NOW)
    assert not has_not_met(MEMBER, [present], 2026, NOW.date())
    last_year = replace(present, date=date(2025, 6, 1))
    assert has_not_met(MEMBER, [last_year], 2026, NOW.date())


def test_the_account_state_in_plain_words():
    account = Account("tam.lv", "Lê Văn Tám", Role.MEMBER, "", member_id="dv-1")
    assert account_state(None, NOW) == NO_ACCOUNT
    assert account_state(account, NOW) == WAITING_FOR_CODE
    assert account_state(replace(account, password_hash="x"), NOW) == IN_USE
    assert account_state(replace(account, locked_until="2026-10-01T10:00:00+07:00"), NOW) == LOCKED
