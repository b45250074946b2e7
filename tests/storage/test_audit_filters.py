"""The audit trail read back by person, by day and by record, on every store."""
from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine

from forms_service.domain import clock

pytestmark = pytest.mark.calendar


def test_entries_by_people_and_days(repos):
    today = clock.today()
    with time_machine.travel(clock.now() - timedelta(days=3), tick=False):
        repos.audit.record("xaphuong", "tao_tai_khoan", target="danghai")
    repos.audit.record("bithu", "cap_ma_dang_nhap", target="dangvien")
    repos.audit.record("danghai", "dang_nhap")
    repos.audit.record("quantri", "sua_tai_khoan", target="capuy")

    about_him = repos.audit.entries(people=("danghai",))
    assert [e["action"] for e in about_him] == ["dang_nhap", "tao_tai_khoan"]   # acted, or acted on; newest first
    assert repos.audit.entries(people=()) == []
    assert [e["action"] for e in repos.audit.entries(since=today)] == ["sua_tai_khoan", "dang_nhap",
                                                                       "cap_ma_dang_nhap"]
    assert [e["action"] for e in repos.audit.entries(until=today - timedelta(days=1))] == ["tao_tai_khoan"]
    three_days_ago = today - timedelta(days=3)
    assert [e["action"] for e in repos.audit.entries(people=("danghai", "bithu"), since=three_days_ago,
                                                     until=three_days_ago)] == ["tao_tai_khoan"]
    assert [e["action"] for e in repos.audit.entries(target="capuy", people=("quantri",))] == ["sua_tai_khoan"]
