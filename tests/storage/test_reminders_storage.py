"""Reminders in the embedded store: each key kept once, per recipient, shown until its day."""
from __future__ import annotations

from datetime import date

from forms_service.domain.reminders import Reminder, ReminderKind
from forms_service.storage.tinydb import open_tinydb


def _reminder(key="hop_chi_bo~m1~dv-001~7", until=date(2026, 12, 14), member_id="dv-001") -> Reminder:
    return Reminder(key=key, kind=ReminderKind.MEETING, text="Nhắc sinh hoạt.", path="don-xin-vang/moi",
                    shown_until=until, member_id=member_id, made_on=date(2026, 12, 7))


def test_a_key_is_kept_once_and_shown_until_its_day(tmp_path):
    repos = open_tinydb(tmp_path)
    first, later = _reminder(), _reminder("hop_chi_bo~m2~dv-001~7", until=date(2026, 12, 20))
    with repos.transaction():
        assert repos.reminders.add_new([first, later]) == [first, later]
    assert repos.reminders.add_new([first, _reminder(member_id="dv-002")]) == [_reminder(member_id="dv-002")]
    assert repos.reminders.shown("m.dv-001", date(2026, 12, 14)) == [first, later]
    assert repos.reminders.shown("m.dv-001", date(2026, 12, 15)) == [later]
    assert open_tinydb(tmp_path).reminders.get("m.dv-002", first.key) == _reminder(member_id="dv-002")
