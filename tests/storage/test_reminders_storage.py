"""Reminders on each of the three stores: each key kept once, per recipient, shown until its day."""
from __future__ import annotations

from datetime import date

import pytest

from forms_service.domain.reminders import Reminder, ReminderKind

from .sql.at_once import run_at_once


def _reminder(key="hop_chi_bo~m1~dv-001~7", until=date(2026, 12, 14), member_id="dv-001") -> Reminder:
    return Reminder(key=key, kind=ReminderKind.MEETING, text="Nhắc sinh hoạt.", path="don-xin-vang/moi",
                    shown_until=until, member_id=member_id, made_on=date(2026, 12, 7))


def test_a_key_is_kept_once_and_shown_until_its_day(repos, another_worker):
    first, later = _reminder(), _reminder("hop_chi_bo~m2~dv-001~7", until=date(2026, 12, 20))
    with repos.transaction():
        assert repos.reminders.add_new([first, later]) == [first, later]
    assert repos.reminders.add_new([first, _reminder(member_id="dv-002")]) == [_reminder(member_id="dv-002")]
    assert repos.reminders.shown("m.dv-001", date(2026, 12, 14)) == [first, later]
    assert repos.reminders.shown("m.dv-001", date(2026, 12, 15)) == [later]
    assert another_worker.reminders.get("m.dv-002", first.key) == _reminder(member_id="dv-002")


def test_an_officers_reminder_is_kept_under_its_unit_and_role(repos):
    officers = Reminder(key="don_cho_xac_nhan~VS-2026-00001~u", kind=ReminderKind.LETTER_WAITING, text="Đơn chờ.",
                        path="noi-cong-tac/don", shown_until=date(2026, 12, 1), unit_id="dang-uy-so-giao-duc",
                        role="cap_uy_noi_cong_tac", made_on=date(2026, 11, 24))
    assert repos.reminders.add_new([officers]) == [officers]
    assert repos.reminders.shown("u.dang-uy-so-giao-duc.cap_uy_noi_cong_tac", date(2026, 11, 30)) == [officers]
    assert repos.reminders.shown("m.dv-001", date(2026, 11, 30)) == []


def test_one_reminder_added_by_several_workers_at_once_is_sent_once(repos):
    added, failures = run_at_once(6, lambda: repos.reminders.add_new([_reminder()]))
    assert failures == []
    assert sorted(len(made) for made in added) == [0, 0, 0, 0, 0, 1]
