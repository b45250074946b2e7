"""A full disk while saving: the "not saved" page (web/errors.py) says so in Vietnamese and keeps what was typed.
TinyDB only (the disk under its files is made full); tests/reliability/test_database_down.py is
PostgreSQL's counterpart."""
from __future__ import annotations

import errno
import re
import os

import pytest

from forms_service.domain.attendance_register import attendance_of

from ..conftest import tinydb_only
from ..demo_calendar import FREE_DAY, YEAR, meeting_ahead

pytestmark = [tinydb_only, pytest.mark.calendar]


def _disk_full(fd):
    raise OSError(errno.ENOSPC, "No space left on device")


def test_schedule_keeps_the_answers_when_the_disk_is_full(client, repos, monkeypatch):
    client.sign_in("bithu")
    token = client.csrf_token("/dich-vu/so-theo-doi/buoi-moi")
    monkeypatch.setattr(os, "fsync", _disk_full)
    page = client.post("/dich-vu/so-theo-doi/buoi-moi", data={
        "on": FREE_DAY.strftime("%d/%m/%Y"), "place": "Nhà văn hóa", "topic": "Giữ lại nội dung này", "kind": "dinh_ky",
        "csrf_token": token})
    monkeypatch.undo()
    text = page.get_data(as_text=True)
    assert page.status_code == 503 and "Chưa lưu được" in text and "Giữ lại nội dung này" in text
    assert not [m for m in repos.meetings.for_cell("chi-bo-khom-1", YEAR) if m.date == FREE_DAY]


def test_attendance_and_comment_keep_the_answers_when_the_disk_is_full(client, repos, monkeypatch):
    client.sign_in("bithu")
    december = meeting_ahead(repos)
    path = f"/dich-vu/so-theo-doi/buoi/{december.id}"
    token = client.csrf_token(path)
    monkeypatch.setattr(os, "fsync", _disk_full)
    roster = re.search(r'name="roster" type="hidden" value="([^"]*)"', client.get(path).get_data(as_text=True)).group(1)
    page = client.post(path, data={"trang-thai-dv-001": "bat_kha_khang", "ghi-chu-dv-001": "bão số 9", "roster": roster,
                                   "csrf_token": token})
    monkeypatch.undo()
    text = page.get_data(as_text=True)
    assert page.status_code == 503 and "Chưa lưu được" in text and 'value="bão số 9"' in text
    assert attendance_of(repos.meetings.get(december.id)) == {}
