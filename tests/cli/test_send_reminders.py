"""`python -m forms_service send-reminders`, the command a timer runs: it keeps the reminders
due, mails them through a real SMTP server (aiosmtpd), and sends nothing twice on the next run."""
from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from forms_service.domain import clock
from forms_service.domain.letters import LetterState
from forms_service.storage import open_store

from ..web.test_letters_email import Inbox, free_port

pytestmark = pytest.mark.calendar


def run(data_dir: Path, port: int) -> subprocess.CompletedProcess:
    env = {**os.environ, "SOTAY_DATA_DIR": str(data_dir), "SOTAY_INSTANCE": str(data_dir.parent),
           "SOTAY_SECRET_KEY": "test", "SOTAY_SMTP_HOST": "127.0.0.1", "SOTAY_SMTP_PORT": str(port)}
    return subprocess.run([sys.executable, "-m", "forms_service", "send-reminders"], env=env, capture_output=True,
                          text=True, timeout=120)


def test_send_reminders_mails_a_long_waiting_letter_once(data_dir):
    repos = open_store(data_dir)
    [letter] = [x for x in repos.letters.waiting_for_workplace("dang-uy-so-giao-duc") if x.state == LetterState.SUBMITTED]
    # sent long ago, so it has waited more than 3 days whatever the date the command runs on
    repos.letters.update(letter.code, lambda x: replace(x, submitted_at=datetime(2020, 3, 2, 9, tzinfo=clock.ZONE)))
    repos.accounts.save(replace(repos.accounts.get("capuy"), email="vp-sgd@example.vn"))
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        first = run(data_dir, controller.port)
        second = run(data_dir, controller.port)
    finally:
        controller.stop()
    assert first.returncode == 0, first.stderr
    assert "thư chưa gửi được" in first.stdout and "Đã lập 0 lời nhắc mới" not in first.stdout
    assert second.returncode == 0 and second.stdout.startswith("Đã lập 0 lời nhắc mới; đã gửi 0 thư")
    about_letter = [m for m in inbox.messages if letter.code in m[2]]
    assert [(m[0], m[1]) for m in about_letter] == [(["vp-sgd@example.vn"], "Nhắc việc: đơn xin vắng chờ xác nhận")]
