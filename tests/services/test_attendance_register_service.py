"""services.attendance_register, .comments and .introductions: each change refreshes what oversight reads."""
from __future__ import annotations

import pytest

from forms_service.domain import clock
from forms_service.domain.comments import CommentError
from forms_service.domain.meetings import Meeting
from forms_service.services import attendance_register, comments, introductions

from ..demo_calendar import FREE_DAY, YEAR

pytestmark = pytest.mark.calendar


def numbers(repos, cell="chi-bo-khom-1"):
    return next(n for n in repos.attendance_numbers.summary("phuong-hoa-an-tay", YEAR) if n.cell_id == cell)


def test_a_scheduled_meeting_is_counted_once_per_token(repos):
    before = numbers(repos).meetings_scheduled
    meeting = Meeting(id="", cell_id="chi-bo-khom-1", date=FREE_DAY, place="Nhà văn hóa", topic="Họp bất thường")
    first, created = attendance_register.schedule_meeting(repos, "bithu", meeting, "m-1")
    again, created_again = attendance_register.schedule_meeting(repos, "bithu", meeting, "m-1")
    assert created and not created_again and again == first
    assert numbers(repos).meetings_scheduled == before + 1


def test_comment_requests_are_counted_and_not_asked_twice(repos):
    year = YEAR
    members = repos.members.of_workplace("dang-uy-so-giao-duc")
    before = numbers(repos).comments_requested
    asked, _ = comments.request(repos, "capuy", "dang-uy-so-giao-duc", year, members, "c-1")
    in_cell = [c for c in asked if c.cell_id == "chi-bo-khom-1"]
    assert in_cell and numbers(repos).comments_requested == before + len(in_cell)
    with pytest.raises(CommentError):
        comments.request(repos, "capuy", "dang-uy-so-giao-duc", year, members, "c-2")


def test_a_received_introduction_moves_the_member_into_the_cell_register(repos):
    waiting = repos.introductions.waiting_for_commune("phuong-hoa-an-tay")[0]
    before_1, before_2 = numbers(repos).working_members, numbers(repos, "chi-bo-khom-2").working_members
    introductions.receive_letter(repos, "xaphuong", waiting.code, clock.today(), "chi-bo-khom-1", "Lê Văn Tư")
    assert waiting.member_id in [m.id for m in repos.members.of_cell("chi-bo-khom-1")]
    assert waiting.member_id not in [m.id for m in repos.members.of_cell("chi-bo-khom-2")]
    assert repos.introductions.waiting_for_commune("phuong-hoa-an-tay") == []
    assert numbers(repos).working_members == before_1 + 1
    assert numbers(repos, "chi-bo-khom-2").working_members == before_2 - 1


def test_an_introduction_uses_one_official_number_per_token(repos):
    member = repos.members.get("dv-001")
    today = clock.today()
    first, _ = introductions.issue_letter(repos, "capuy", member, "phuong-hoa-an-tay", None, today, "", "i-1")
    again, created = introductions.issue_letter(repos, "capuy", member, "phuong-hoa-an-tay", None, today, "", "i-1")
    second, _ = introductions.issue_letter(repos, "capuy", member, "phuong-hoa-an-tay", None, today, "", "i-2")
    assert not created and again == first
    assert int(second.number.split("-")[0]) == int(first.number.split("-")[0]) + 1
