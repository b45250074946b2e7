"""A full disk while saving: the page says so in Vietnamese and keeps what was typed."""
from __future__ import annotations

import errno
import os
from datetime import date

from forms_service.domain.register import attendance_of

YEAR = date.today().year


def _disk_full(fd):
    raise OSError(errno.ENOSPC, "No space left on device")


def test_schedule_keeps_the_answers_when_the_disk_is_full(client, repos, monkeypatch):
    client.sign_in("bithu")
    token = client.csrf_token("/dich-vu/so-theo-doi/buoi-moi")
    monkeypatch.setattr(os, "fsync", _disk_full)
    page = client.post("/dich-vu/so-theo-doi/buoi-moi", data={
        "on": f"20/09/{YEAR}", "place": "Nhà văn hóa", "topic": "Giữ lại nội dung này", "kind": "dinh_ky",
        "csrf_token": token})
    monkeypatch.undo()
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "Chưa lưu được" in text and "Giữ lại nội dung này" in text
    assert not [m for m in repos.meetings.for_cell("chi-bo-khom-1", YEAR) if m.date.month == 9]


def test_attendance_and_comment_keep_the_answers_when_the_disk_is_full(client, repos, monkeypatch):
    client.sign_in("bithu")
    december = next(m for m in repos.meetings.for_cell("chi-bo-khom-1", YEAR) if m.date.month == 12)
    path = f"/dich-vu/so-theo-doi/buoi/{december.id}"
    token = client.csrf_token(path)
    monkeypatch.setattr(os, "fsync", _disk_full)
    page = client.post(path, data={"s0": "bat_kha_khang", "n0": "bão số 9", "csrf_token": token})
    monkeypatch.undo()
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "Chưa lưu được" in text and 'value="bão số 9"' in text
    assert attendance_of(repos.meetings.get(december.id)) == {}
