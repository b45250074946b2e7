"""Emails about absence letters, sent when SMTP_HOST is configured.

A letter is saved before any mail is tried, and a failure to send is logged, never
raised: a mail server that is down must not cost a member their letter.
"""
from __future__ import annotations

import smtplib
from email.message import EmailMessage

from flask import current_app

from ..domain.access import Role
from ..domain.letters import Action, Letter, STATE_LABELS

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


def send_letter_mail(letter: Letter, action: Action, repos, note: str = "") -> int:
    """Send the mail of one step; returns how many recipients it went to (0 if SMTP is
    not configured or sending failed, which is logged)."""
    config = current_app.config
    if not config.get("SMTP_HOST"):
        return 0
    try:
        to = recipients(letter, action, repos)
        if not to:
            return 0
        message = EmailMessage()
        message["Subject"] = SUBJECTS[action].format(code=letter.code)
        message["From"] = config.get("SMTP_FROM", "sotay213@localhost")
        message["To"] = ", ".join(to)
        message.set_content(message_body(letter, action, note))
        with smtplib.SMTP(config["SMTP_HOST"], int(config.get("SMTP_PORT", 25)), timeout=10) as smtp:
            smtp.send_message(message)
        return len(to)
    except (OSError, smtplib.SMTPException) as error:
        current_app.logger.error("could not send mail about letter %s (%s): %s", letter.code, action, error)
        return 0
