"""The mail the outbox holds: who hears of a letter's step or of a reminder, what the mail
says (plain text and HTML, with the link), and sending what waits — by the worker, never by a
web request. A message that cannot be sent stays in the outbox, put off a little longer after
each failure (domain/retries.py); one sent leaves it, so it is not sent again."""
from __future__ import annotations

import html
import logging
from datetime import datetime

from ..domain import clock
from ..domain.access import Role
from ..domain.letters import Action, Letter, STATE_LABELS
from ..domain.reminders import Reminder, ReminderKind
from ..domain.retries import next_try
from ..storage import Repositories
from .accounts import RESET_MAIL
from .letters import LETTER_MAIL
from .reminders import REMINDER_MAIL, queue_due
from .smtp import MailFailed, MailSettings, send

log = logging.getLogger(__name__)

# The code comes first: Python's header folding can eat the space before an encoded
# word that follows plain ASCII ("VS-2026-00007đã"), and a code first reads well anyway.
SUBJECTS = {
    Action.SUBMIT: "{code}: đơn xin vắng sinh hoạt đã được gửi",
    Action.CONFIRM: "{code}: nơi công tác đã xác nhận đơn xin vắng sinh hoạt",
    Action.DECLINE: "{code}: nơi công tác không xác nhận đơn xin vắng sinh hoạt",
    Action.AGREE: "{code}: chi bộ nơi cư trú đồng ý đơn xin vắng sinh hoạt",
    Action.NOT_AGREE: "{code}: chi bộ nơi cư trú không đồng ý đơn xin vắng sinh hoạt",
    Action.WITHDRAW: "{code}: đơn xin vắng sinh hoạt đã được rút",
}
REMINDER_SUBJECTS = {
    ReminderKind.MEETING: "sinh hoạt chi bộ nơi cư trú sắp tới",
    ReminderKind.LETTER_WAITING: "đơn xin vắng chờ xác nhận",  # short: a long one folds and loses a space
    ReminderKind.LETTER_WAITING_FOR_CELL: "đơn xin vắng chờ chi ủy",
    ReminderKind.COMMENT_DEADLINE: "hạn gửi phiếu nhận xét đảng viên",
}
AUTOMATIC = "Thư này được gửi tự động từ Sổ tay 213; vui lòng không trả lời thư."


class Mail:
    """One message ready to send: its lines, the link it points to and the words of that link."""

    def __init__(self, to: list[str], subject: str, lines: list[str], link: str, link_words: str):
        self.to, self.subject, self.lines, self.link, self.link_words = to, subject, lines, link, link_words

    @property
    def text(self) -> str:
        return "\n".join(self.lines + ["", f"{self.link_words}: {self.link}", "", AUTOMATIC])

    @property
    def html(self) -> str:
        paragraphs = "".join(f"<p>{html.escape(line)}</p>" for line in self.lines)
        return (f'<!DOCTYPE html><html lang="vi"><body style="font-size:18px">{paragraphs}'
                f'<p><a href="{html.escape(self.link)}">{html.escape(self.link_words)}</a></p>'
                f"<p><small>{html.escape(AUTOMATIC)}</small></p></body></html>")


def letter_mail(letter: Letter, action: Action, to: list[str], public_url: str, note: str = "") -> Mail:
    lines = [f"Đơn xin vắng sinh hoạt nơi cư trú của đồng chí {letter.member_name}",
             f"Mã đơn: {letter.code}",
             f"Ngày sinh hoạt xin vắng: {', '.join(d.strftime('%d/%m/%Y') for d in letter.dates)}",
             f"Lý do: {letter.reason_summary}",
             f"Trạng thái: {STATE_LABELS[letter.state]}"] + ([f"Ghi chú: {note}"] if note else [])
    return Mail(to, SUBJECTS[action].format(code=letter.code), lines,
                f"{public_url}/dich-vu/don-xin-vang/{letter.code}", "Xem đơn")


def reminder_mail(reminder: Reminder, to: list[str], public_url: str) -> Mail:
    return Mail(to, f"Nhắc việc: {REMINDER_SUBJECTS[reminder.kind]}", [reminder.text],
                f"{public_url}/dich-vu/{reminder.path}", "Xem")


def reset_mail(details: dict) -> Mail:
    """The one-time link of a forgotten password, to the account's own address."""
    lines = ["Có người (có thể là đồng chí) vừa xin đặt lại mật khẩu Sổ tay 213 của tài khoản này.",
             "Liên kết dưới đây dùng được một lần, trong 1 giờ.",
             "Nếu không phải đồng chí xin, hãy bỏ qua thư này: mật khẩu cũ vẫn dùng được."]
    return Mail([details["to"]], "Đặt lại mật khẩu Sổ tay 213", lines, details["link"], "Đặt mật khẩu mới")


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


def _mail_of(repos: Repositories, message: dict, public_url: str) -> Mail | None:
    """The mail a queued message stands for; None when there is nobody to send it to (or what
    it was about is gone)."""
    details = message["details"]
    if message["kind"] == RESET_MAIL:
        return reset_mail(details)
    if message["kind"] == REMINDER_MAIL:
        reminder = repos.reminders.get(details["recipient"], message["about"])
        to = reminder_recipients(repos, reminder) if reminder else []
        return reminder_mail(reminder, to, public_url) if to else None
    letter = repos.letters.get(message["about"])
    action = Action(details["action"])
    to = letter_recipients(repos, letter, action) if letter else []
    return letter_mail(letter, action, to, public_url, details["note"]) if to else None


def deliver(repos: Repositories, settings: MailSettings, now: datetime | None = None,
            keep_going=lambda: True) -> tuple[int, int]:
    """Send the mail whose time has come, oldest first, while `keep_going()`; each message done
    with leaves the outbox, one that failed is put off (its attempts counted in the store).
    Returns (done, failed)."""
    now = now or clock.now()
    done = failed = 0
    if not settings.is_on:
        return done, failed
    for message in repos.outbox.waiting(limit=1000, due_by=now):
        if not keep_going():
            break
        if message["kind"] not in (LETTER_MAIL, REMINDER_MAIL, RESET_MAIL):
            continue
        mail = _mail_of(repos, message, settings.public_url)
        try:
            if mail is not None:
                send(settings, mail.to, mail.subject, mail.text, mail.html)
        except MailFailed as error:
            log.error("mail about %s not sent (attempt %d), tried again later: %s",
                      message["about"], message["attempts"] + 1, error)
            repos.outbox.retry_later(message["id"], next_try(now, message["attempts"]))
            failed += 1
            continue
        repos.outbox.done(message["id"])
        done += 1
    return done, failed


def waiting_mail(repos: Repositories) -> tuple[int, datetime | None]:
    """How many messages wait in the outbox, and since when (the oldest), for the administrator."""
    waiting = repos.outbox.waiting(limit=100_000)
    return len(waiting), datetime.fromisoformat(waiting[0]["queued_at"]) if waiting else None


def send_reminders(repos: Repositories, settings: MailSettings) -> tuple[list[Reminder], int, int]:
    """What `send-reminders` does: keep the reminders due now (their mail queued with them
    when a mail server is configured), then send the outbox. Returns (new reminders, sent, failed)."""
    added = queue_due(repos, mail=settings.is_on)
    done, failed = deliver(repos, settings)
    return added, done, failed
