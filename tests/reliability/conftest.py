"""Reliability runs through real gunicorn workers on loopback (short versions; the bench
runs the same checks longer)."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import DEMO_PASSWORD

@pytest.fixture
def store_copy(demo_store, tmp_path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(demo_store, target)
    return target


@pytest.fixture
def password() -> str:
    return DEMO_PASSWORD


def draft_letter(member, reason: str) -> tuple[str, str]:
    """Fill in the letter form as a member does (the last meeting offered) up to the check page;
    (the meeting's id, the send token of the check page)."""
    from bench.letter_load import CHECK, MEETING, WRITE, hidden_token
    meeting = MEETING.findall(member.get(WRITE).text)[-1]
    assert member.post_form(WRITE, {"meetings": meeting, "reason_kind": "hoc_tap", "reason_text": reason,
                                    "other_date": ""}).status == 302
    return meeting, hidden_token(member.get(CHECK).text)
