"""Reminders: find those due, keep each once, and queue its mail, all in one unit of work.
Run by `python -m forms_service send-reminders` (a timer or cron), never in a web request."""
from __future__ import annotations

from datetime import datetime

from ..domain import clock
from ..domain.org import UnitKind
from ..domain.reminders import Reminder, cell_letter_reminder, comment_reminder, letter_reminder, meeting_reminders
from ..storage import Repositories
from .comments import waiting_in_cell
from .local_rules import letter_asked, rule_switches

REMINDER_MAIL = "thu_nhac_viec"


def due_reminders(repos: Repositories, now: datetime) -> list[Reminder]:
    """Every reminder due at `now`, kept already or not. A comment asked for late in a year
    may have its deadline early the next, so last year's requests are looked at too."""
    today = now.date()
    org = repos.units.structure()
    switches = rule_switches(repos)
    due: list[Reminder] = []
    for cell in org.of_kind(UnitKind.RESIDENCE_CELL):
        members = repos.members.of_cell(cell.id)
        for meeting in repos.meetings.upcoming(cell.id, today):
            asked = letter_asked(repos, cell.id, meeting.date.year, switches)
            due += meeting_reminders(meeting, members, today, asked)
        for year in (today.year - 1, today.year):
            due += [r for c in waiting_in_cell(repos, cell.id, year) if (r := comment_reminder(c, today))]
        due += [r for x in repos.letters.waiting_for_cell(cell.id) if (r := cell_letter_reminder(x, now))]
    for workplace in org.of_kind(UnitKind.WORKPLACE):
        due += [r for x in repos.letters.waiting_for_workplace(workplace.id) if (r := letter_reminder(x, now))]
    return due


def queue_due(repos: Repositories, mail: bool, now: datetime | None = None) -> list[Reminder]:
    """Keep the reminders due now that were not kept before and, when `mail`, queue their
    mail in the outbox with them; returns the new ones."""
    now = now or clock.calendar_now()
    due = due_reminders(repos, now)
    with repos.transaction():
        added = repos.reminders.add_new(due)
        for reminder in added if mail else ():
            repos.outbox.add(REMINDER_MAIL, reminder.key, {"recipient": reminder.recipient})
        if added:
            repos.audit.record("he-thong", "nhac_viec", so_nhac=len(added))
    return added
