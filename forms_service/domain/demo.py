"""The demo province (data/org/demo-province.json): fictional people, one account per
role, and the demo's calendar, built around today."""
from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

DEMO_FILE = Path(__file__).resolve().parents[2] / "data" / "org" / "demo-province.json"


def demo_data() -> dict:
    return json.loads(DEMO_FILE.read_text(encoding="utf-8"))


def demo_meeting_dates(today: date) -> tuple[date, date]:
    """The demo's two meetings of this year: one already held (about six weeks ago, or on
    1 January early in the year) and one ahead (in two weeks, or on 31 December late in the
    year). Built from today, so that a training room — and the test suite — finds the same
    story on any day of the year: attendance recorded, an absence to explain, a letter for
    the meeting ahead."""
    held = max(date(today.year, 1, 1), today - timedelta(days=45))
    ahead = min(date(today.year, 12, 31), today + timedelta(days=14))
    return held, ahead
