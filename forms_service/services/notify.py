"""The mail the outbox holds: who hears of a letter's step or of a reminder, and the
messages waiting to be sent (the web's notify module sends them)."""
from __future__ import annotations

from ..domain.access import Role
from ..domain.letters import Action, Letter
from ..domain.reminders import Reminder
from ..storage import Repositories


def letter_recipients(repos: Repositories, letter: Letter, action: Action) -> list[str]:
    """Who hears of this step: the member always; the workplace officers when a letter
    is sent (to confirm, or to know of it where the cell decides without waiting) or is
    settled; the cell secretaries when a letter reaches them (confirmed or declined by the
    workplace, or sent straight to them) or a letter they had received is withdrawn."""
    addresses = []
    member = repos.members.get(letter.member_id)
    if member and member.email:
        addresses.append(member.email)
    tell_workplace = action in (Action.SUBMIT, Action.AGREE, Action.NOT_AGREE, Action.WITHDRAW)
    reached_cell = letter.workplace_decided_at is not None or not letter.workplace_confirms_first
    # a declined letter reaches the cell too: the decline is the workplace's opinion, the cell decides
    tell_cell = action in (Action.CONFIRM, Action.DECLINE) or \
        (action == Action.SUBMIT and not letter.workplace_confirms_first) or \
        (action == Action.WITHDRAW and reached_cell)
    told = ([(letter.workplace_id, Role.WORKPLACE_OFFICER)] if tell_workplace else []) + \
           ([(letter.cell_id, Role.CELL_SECRETARY)] if tell_cell else [])
    for unit_id, role in told:
        addresses += [a.email for a in repos.accounts.of_unit(unit_id) if a.role == role and a.email]
    return sorted(set(addresses))


def reminder_recipients(repos: Repositories, reminder: Reminder) -> list[str]:
    if reminder.member_id:
        member = repos.members.get(reminder.member_id)
        return [member.email] if member and member.email else []
    return sorted({a.email for a in repos.accounts.of_unit(reminder.unit_id) if a.role == reminder.role and a.email})


def reminder(repos: Repositories, recipient: str, key: str) -> Reminder | None:
    return repos.reminders.get(recipient, key)


def waiting_mail(repos: Repositories, about: str | None = None, limit: int = 1000) -> list[dict]:
    """Oldest first: {"id", "kind", "about", "details", "queued_at"}."""
    return repos.outbox.waiting(about=about, limit=limit)


def mail_sent(repos: Repositories, message_id: str) -> None:
    """The message is done with: it leaves the outbox."""
    repos.outbox.done(message_id)
