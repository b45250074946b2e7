"""Texts a secretary pastes into the cell's Zalo or SMS group (domain.notices makes them)."""
from __future__ import annotations

from ..domain.local_rules import WORKPLACE_CONFIRMS_FIRST
from ..domain.meetings import Meeting
from ..domain.notices import meeting_notice_text
from ..storage import Repositories
from .local_rules import practice_status


def letter_asked(repos: Repositories, cell_id: str, year: int) -> bool:
    """The province asks a member who misses a meeting for a letter, confirmed by the workplace
    (the rule book's practice "noi-cong-tac-xac-nhan-truoc", as switched for that year)."""
    return practice_status(repos, WORKPLACE_CONFIRMS_FIRST, cell_id, year).on


def meeting_notice(repos: Repositories, meeting: Meeting, cell_name: str, letter_link: str,
                   handbook_link: str) -> tuple[str, str]:
    """(the notice, the link it carries): the letter form where a letter is asked for, else the handbook."""
    asked = letter_asked(repos, meeting.cell_id, meeting.date.year)
    link = letter_link if asked else handbook_link
    return meeting_notice_text(meeting, cell_name, asked, link), link
