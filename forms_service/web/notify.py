"""Emails about absence letters and reminders, sent when SMTP_HOST is configured.

The application layer queues each step's mail in the outbox with the change itself; the
page sends it right after (`deliver`), and `python -m forms_service send-mail` sends what
is left. A failure to send is logged, never raised: a mail server that is down must not
cost a member their letter, and the mail waits in the outbox for the next try.
"""
from __future__ import annotations

import smtplib
from email.message import EmailMessage

from flask import current_app

from ..domain.letters import Action, Letter, STATE_LABELS
from ..domain.reminders import Reminder, ReminderKind
from ..services import letters as letter_service
from ..services.accounts import RESET_MAIL
from ..services.letters import LETTER_MAIL
from ..services.notify import letter_recipients, mail_sent, reminder_recipients, waiting_mail
from ..services.notify import reminder as queued_reminder
from ..services.reminders import REMINDER_MAIL, queue_due
from ..storage import StoreError

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


def message_body(letter: Letter, action: Action, note: str = "") -> str:
    base = current_app.config.get("PUBLIC_URL", "").rstrip("/")
    lines = [f"Đơn xin vắng sinh hoạt nơi cư trú của đồng chí {letter.member_name}",
             f"Mã đơn: {letter.code}",
             f"Ngày sinh hoạt xin vắng: {', '.join(d.strftime('%d/%m/%Y') for d in letter.dates)}",
             f"Lý do: {letter.reason_summary}",
             f"Trạng thái: {STATE_LABELS[letter.state]}"]
    if note:
        lines.append(f"Ghi chú: {note}")
    lines += ["", f"Xem đơn: {base}/dich-vu/don-xin-vang/{letter.code}",
              "", "Thư này được gửi tự động từ Sổ tay 213; vui lòng không trả lời thư."]
    return "\n".join(lines)


def send_letter_mail(letter: Letter, action: Action, repos, note: str = "") -> bool:
    """Send the mail of one step. True when it is done with (sent, or nobody to send it
    to, or SMTP not configured); False when sending failed (logged, to be tried again)."""
    return _send(letter_recipients(repos, letter, action), SUBJECTS[action].format(code=letter.code),
                 message_body(letter, action, note), f"letter {letter.code} ({action})")


def send_reminder_mail(reminder: Reminder, repos) -> bool:
    """Send one reminder; True when done with, False when sending failed (to be tried again)."""
    base = current_app.config.get("PUBLIC_URL", "").rstrip("/")
    body = "\n".join([reminder.text, "", f"Xem: {base}/dich-vu/{reminder.path}",
                      "", "Thư này được gửi tự động từ Sổ tay 213; vui lòng không trả lời thư."])
    return _send(reminder_recipients(repos, reminder), f"Nhắc việc: {REMINDER_SUBJECTS[reminder.kind]}", body,
                 f"reminder {reminder.key}")


def _send(to: list[str], subject: str, body: str, what: str) -> bool:
    config = current_app.config
    if not config.get("SMTP_HOST") or not to:
        return True
    try:
        message = EmailMessage()
        message["Subject"] = subject
        message["From"] = config.get("SMTP_FROM", "sotay213@localhost")
        message["To"] = ", ".join(to)
        message.set_content(body)
        with smtplib.SMTP(config["SMTP_HOST"], int(config.get("SMTP_PORT", 25)), timeout=10) as smtp:
            smtp.send_message(message)
        return True
    except (OSError, smtplib.SMTPException) as error:
        current_app.logger.error("could not send mail about %s: %s", what, error)
        return False


def mail_is_on() -> bool:
    """Whether steps queue mail at all: only when a mail server is configured."""
    return bool(current_app.config.get("SMTP_HOST"))


def send_reset_mail(details: dict) -> bool:
    """The one-time link of a forgotten password, to the account's own address."""
    body = "\n".join(["Có người (có thể là đồng chí) vừa xin đặt lại mật khẩu Sổ tay 213 của tài khoản này.",
                      "", f"Đặt mật khẩu mới (dùng được một lần, trong 1 giờ): {details['link']}", "",
                      "Nếu không phải đồng chí xin, hãy bỏ qua thư này: mật khẩu cũ vẫn dùng được.",
                      "", "Thư này được gửi tự động từ Sổ tay 213; vui lòng không trả lời thư."])
    return _send([details["to"]], "Đặt lại mật khẩu Sổ tay 213", body, "a forgotten password")


def _send_queued(message: dict, repos) -> bool:
    details = message["details"]
    if message["kind"] == RESET_MAIL:
        return send_reset_mail(details)
    if message["kind"] == REMINDER_MAIL:
        reminder = queued_reminder(repos, details["recipient"], message["about"])
        return reminder is None or send_reminder_mail(reminder, repos)
    letter = letter_service.get(repos, message["about"])
    return letter is None or send_letter_mail(letter, Action(details["action"]), repos, details["note"])


def deliver(repos, about: str | None = None) -> tuple[int, int]:
    """Send the mail waiting in the outbox (about one letter, or all of it); each message
    done with leaves the outbox, one whose sending failed stays for the next try.
    Returns (done, failed)."""
    done = failed = 0
    if not mail_is_on():
        return done, failed
    for message in waiting_mail(repos, about=about, limit=1000):
        if message["kind"] not in (LETTER_MAIL, REMINDER_MAIL, RESET_MAIL):
            continue
        if not _send_queued(message, repos):
            failed += 1
            continue
        try:
            mail_sent(repos, message["id"])
        except StoreError as error:  # the mail went; at worst it goes twice, never lost
            current_app.logger.error("mail about %s sent but still queued: %s", message["about"], error)
            break
        done += 1
    return done, failed


def send_reminders(repos) -> tuple[list[Reminder], int, int]:
    """What `send-reminders` does: keep the reminders due now (their mail queued with them
    when a mail server is configured), then send the outbox. Returns (new reminders, sent, failed)."""
    added = queue_due(repos, mail=mail_is_on())
    done, failed = deliver(repos)
    return added, done, failed
