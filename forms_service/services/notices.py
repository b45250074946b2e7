"""Texts a secretary pastes into the cell's Zalo or SMS group (domain.notices makes them)."""
from __future__ import annotations

from ..domain.meetings import Meeting
from ..domain.notices import meeting_notice_text
from ..storage import Repositories
from .local_rules import letter_asked


def meeting_notice(repos: Repositories, meeting: Meeting, cell_name: str, letter_link: str,
                   handbook_link: str) -> tuple[str, str]:
    """(the notice, the link it carries): the letter form where a letter is asked for, else the handbook."""
    asked = letter_asked(repos, meeting.cell_id, meeting.date.year)
    link = letter_link if asked else handbook_link
    return meeting_notice_text(meeting, cell_name, asked, link), link
