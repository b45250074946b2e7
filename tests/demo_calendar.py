"""The demo's meetings as the demo builds them from today (see forms_service.demo), so that
tests find them on any date the suite runs."""
from __future__ import annotations

from datetime import timedelta

from forms_service.demo import demo_meeting_dates
from forms_service.domain import clock
from forms_service.domain.demo import demo_data
from forms_service.domain.org import OrgStructure, Unit
from forms_service.domain.rating import load_rule_book

HELD, AHEAD = demo_meeting_dates(clock.today())
YEAR = HELD.year
# a free day for a test to schedule a meeting on: never one of the demo's two
FREE_DAY = HELD + timedelta(days=1)


def held_meeting(repos, cell: str = "chi-bo-khom-1"):
    return next(m for m in repos.meetings.for_cell(cell, YEAR) if m.date == HELD)


def meeting_ahead(repos, cell: str = "chi-bo-khom-1"):
    return next(m for m in repos.meetings.for_cell(cell, YEAR) if m.date == AHEAD)


# The rating cap is a local rule kept by place and year (data/rules/local-practices.json): a year
# with no row for the demo's first cell (Khóm 1, in a ward of former Đồng Tháp) has no cap, and
# the pages must then show none.
DEMO_ORG = OrgStructure([Unit.from_record(u) for u in demo_data()["units"]])
CAP_THIS_YEAR = load_rule_book().rule_for(DEMO_ORG.locality_of("chi-bo-khom-1"), YEAR) is not None
