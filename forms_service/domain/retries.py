"""When the worker tries again a mail that could not be sent or a printed copy that could not
be made: soon at first (a mail server restarting), then less and less often, never less than
once an hour, so a fault fixed in the evening is caught up by the next hour."""
from __future__ import annotations

from datetime import datetime, timedelta

MINUTES_AFTER_FAILURE = (1, 2, 5, 15, 30, 60)


def next_try(now: datetime, failures_before: int) -> datetime:
    """The moment of the next try after one more failure, `failures_before` having come before it."""
    return now + timedelta(minutes=MINUTES_AFTER_FAILURE[min(failures_before, len(MINUTES_AFTER_FAILURE) - 1)])
