"""The service's one clock: Việt Nam's time zone (Asia/Ho_Chi_Minh, UTC+7, no daylight saving).

Every "now" and "today" of the service comes from here, so that a letter sent at 00:30 in
Đồng Tháp is dated that day, not the day before as UTC would have it, and stored
timestamps carry their offset.
"""
from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")


def now() -> datetime:
    """The current local time, aware, to the second (what records and audit lines keep). Code
    that takes a day or a year from it reads the calendar: it uses calendar_now() or today()."""
    return datetime.now(ZONE).replace(microsecond=0)


def calendar_now() -> datetime:
    """now(), where its day or year matters too (a letter's year, the reminders due today).
    With today(), the one read of the calendar: the tests watch it to know which of them
    depend on the date (and so run again under other dates)."""
    return now()


def today() -> date:
    return calendar_now().date()


def local(moment: datetime) -> datetime:
    """An aware local time for a stored timestamp. Records written before timestamps carried
    their offset hold naive local time; those are read as local time."""
    return moment.replace(tzinfo=ZONE) if moment.tzinfo is None else moment.astimezone(ZONE)
