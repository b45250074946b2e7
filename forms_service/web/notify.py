"""Emails about absence letters, sent when SMTP_HOST is configured.

The application layer queues each step's mail in the outbox with the change itself; the
page sends it right after (`deliver`), and `python -m forms_service send-mail` sends what
is left. A failure to send is logged, never raised: a mail server that is down must not
cost a member their letter, and the mail waits in the outbox for the next try.
"""
from __future__ import annotations

import smtplib
from email.message import EmailMessage

from flask import current_app

from ..domain.access import Role
from ..domain.letters import Action, Letter, STATE_LABELS
from ..services.letters import LETTER_MAIL
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


def recipients(letter: Letter, action: Action, repos) -> list[str]:
    """Who hears of this step: the member always; the workplace officers when a letter
    reaches them or is settled; the cell secretaries when a confirmed letter reaches
    them or a letter they had received is withdrawn."""
    addresses = []
    member = repos.members.get(letter.member_id)
    if member and member.email:
        addresses.append(member.email)
    tell_workplace = action in (Action.SUBMIT, Action.AGREE, Action.NOT_AGREE, Action.WITHDRAW)
    tell_cell = action == Action.CONFIRM or (action == Action.WITHDRAW and letter.workplace_decided_at is not None)
    told = ([(letter.workplace_id, Role.WORKPLACE_OFFICER)] if tell_workplace else []) + \
           ([(letter.cell_id, Role.CELL_SECRETARY)] if tell_cell else [])
    for unit_id, role in told:
        addresses += [a.email for a in repos.accounts.of_unit(unit_id) if a.role == role and a.email]
    return sorted(set(addresses))


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
    config = current_app.config
    if not config.get("SMTP_HOST"):
        return True
    try:
        to = recipients(letter, action, repos)
        if not to:
            return True
        message = EmailMessage()
        message["Subject"] = SUBJECTS[action].format(code=letter.code)
        message["From"] = config.get("SMTP_FROM", "sotay213@localhost")
        message["To"] = ", ".join(to)
        message.set_content(message_body(letter, action, note))
        with smtplib.SMTP(config["SMTP_HOST"], int(config.get("SMTP_PORT", 25)), timeout=10) as smtp:
            smtp.send_message(message)
        return True
    except (OSError, smtplib.SMTPException) as error:
        current_app.logger.error("could not send mail about letter %s (%s): %s", letter.code, action, error)
        return False


def mail_is_on() -> bool:
    """Whether steps queue mail at all: only when a mail server is configured."""
    return bool(current_app.config.get("SMTP_HOST"))


def deliver(repos, about: str | None = None) -> tuple[int, int]:
    """Send the mail waiting in the outbox (about one letter, or all of it); each message
    done with leaves the outbox, one whose sending failed stays for the next try.
    Returns (done, failed)."""
    done = failed = 0
    if not mail_is_on():
        return done, failed
    for message in repos.outbox.waiting(about=about, limit=1000):
        if message["kind"] != LETTER_MAIL:
            continue
        letter = repos.letters.get(message["about"])
        details = message["details"]
        if letter is not None and not send_letter_mail(letter, Action(details["action"]), repos, details["note"]):
            failed += 1
            continue
        try:
            repos.outbox.done(message["id"])
        except StoreError as error:  # the mail went; at worst it goes twice, never lost
            current_app.logger.error("mail about %s sent but still queued: %s", message["about"], error)
            break
        done += 1
    return done, failed
