"""Emails at each step, queued by the page and sent by the worker, caught by a real SMTP server
on 127.0.0.1 (aiosmtpd)."""
from __future__ import annotations

import email
import socket
from dataclasses import replace
from email.policy import default

import pytest
from aiosmtpd.controller import Controller

from forms_service.services.notify import deliver
from forms_service.services.smtp import MailSettings

from ..conftest import tinydb_only
from .letters_helpers import decide, submit_letter

pytestmark = pytest.mark.calendar


class Inbox:
    def __init__(self):
        self.messages, self.html = [], []

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=default)
        self.messages.append((sorted(envelope.rcpt_tos), message["Subject"], message.get_body(("plain",)).get_content()))
        self.html.append(message.get_body(("html",)).get_content())
        return "250 OK"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def worker_round(app, repos, now=None) -> tuple[int, int]:
    """What the worker does in one round about mail: send what is due."""
    return deliver(repos, MailSettings.from_config(app.config), now)


@pytest.fixture
def inbox(app, repos):
    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=controller.port)
    repos.members.save(replace(repos.members.get("dv-001"), email="an@example.vn"))
    for username, address in (("capuy", "vp-sgd@example.vn"), ("bithu", "khom1@example.vn"),
                              ("capuy2", "vp-bv@example.vn"), ("bithu2", "khom2@example.vn")):
        repos.accounts.save(replace(repos.accounts.get(username), email=address))
    yield handler
    controller.stop()


def sign_out(client):
    client.post_form("/dich-vu/dang-xuat", {}, page="/dich-vu/")


def test_a_mail_at_each_step(client, app, repos, inbox):
    client.sign_in("dangvien")
    code = submit_letter(client)
    assert inbox.messages == []  # the page only queued it
    worker_round(app, repos)
    assert inbox.messages[-1][:2] == (["an@example.vn", "vp-sgd@example.vn"],
                                      f"{code}: đơn xin vắng sinh hoạt đã được gửi")
    assert f'href="http://sotay.test/dich-vu/don-xin-vang/{code}"' in inbox.html[-1]
    assert "Đi công tác: dự hội nghị tại Cần Thơ" in inbox.messages[-1][2]
    sign_out(client)
    client.sign_in("capuy")
    decide(client, "noi-cong-tac", code, "xac_nhan")
    worker_round(app, repos)
    assert inbox.messages[-1][:2] == (["an@example.vn", "khom1@example.vn"],
                                      f"{code}: nơi công tác đã xác nhận đơn xin vắng sinh hoạt")
    sign_out(client)
    client.sign_in("bithu")
    decide(client, "chi-bo", code, "khong_dong_y", "Đề nghị bố trí dự")
    worker_round(app, repos)
    recipients, subject, body = inbox.messages[-1]
    assert recipients == ["an@example.vn", "vp-sgd@example.vn"]
    assert subject == f"{code}: chi bộ nơi cư trú không đồng ý đơn xin vắng sinh hoạt"
    assert "Đề nghị bố trí dự" in body and f"/dich-vu/don-xin-vang/{code}" in body
    assert len(inbox.messages) == 3


def test_a_decline_reaches_the_cell_which_decides(client, app, repos, inbox):
    client.sign_in("dangvien")
    code = submit_letter(client)
    sign_out(client)
    client.sign_in("capuy")
    decide(client, "noi-cong-tac", code, "khong_xac_nhan", "Cơ quan không cử đi")
    worker_round(app, repos)  # both mails of the same second: sent in either order
    [(recipients, subject, body)] = [m for m in inbox.messages if "không xác nhận" in m[1]]
    assert recipients == ["an@example.vn", "khom1@example.vn"]
    assert subject == f"{code}: nơi công tác không xác nhận đơn xin vắng sinh hoạt"
    assert "chờ chi bộ nơi cư trú quyết định" in body and "Cơ quan không cử đi" in body


def test_withdrawal_tells_the_workplace(client, app, repos, inbox):
    client.sign_in("dangvien")
    code = submit_letter(client)
    client.post_form(f"/dich-vu/don-xin-vang/{code}/rut", {"note": ""}, page=f"/dich-vu/don-xin-vang/{code}")
    worker_round(app, repos)
    assert (["an@example.vn", "vp-sgd@example.vn"], f"{code}: đơn xin vắng sinh hoạt đã được rút") in \
        [message[:2] for message in inbox.messages]


def test_where_the_workplace_need_not_confirm_first_the_cell_and_the_workplace_both_hear_of_the_letter(
        client, app, repos, inbox):
    from forms_service.domain import clock
    from forms_service.domain.local_rules import WORKPLACE_CONFIRMS_FIRST
    from forms_service.services.local_rules import switch
    switch(repos, "quantri", "Quản trị hệ thống", WORKPLACE_CONFIRMS_FIRST, "tinh-dong-thap", clock.today().year, False,
           commune_id="phuong-hoa-an-tay")
    client.sign_in("dangvien")
    code = submit_letter(client)
    worker_round(app, repos)
    recipients, subject, body = inbox.messages[-1]
    assert recipients == ["an@example.vn", "khom1@example.vn", "vp-sgd@example.vn"]
    assert "Đã gửi chi bộ nơi cư trú (nơi công tác được báo)" in body
    client.post_form(f"/dich-vu/don-xin-vang/{code}/rut", {"note": ""}, page=f"/dich-vu/don-xin-vang/{code}")
    worker_round(app, repos)
    assert [message[0] for message in inbox.messages[-1:]] == [["an@example.vn", "khom1@example.vn", "vp-sgd@example.vn"]]
    sign_out(client)
    client.sign_in("capuy")  # the workplace reads it from the mail's address
    assert client.get(f"/dich-vu/don-xin-vang/{code}").status_code == 200


def test_a_mail_server_that_is_down_loses_nothing_and_is_tried_again_later(client, app, repos, caplog):
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=free_port())  # nobody listens there
    repos.accounts.save(replace(repos.accounts.get("capuy"), email="vp-sgd@example.vn"))
    client.sign_in("dangvien")
    code = submit_letter(client)
    assert repos.letters.get(code) is not None
    assert worker_round(app, repos) == (0, 1)
    assert any("not sent (attempt 1)" in record.getMessage() for record in caplog.records)
    [waiting] = repos.outbox.waiting()
    assert waiting["about"] == code and waiting["attempts"] == 1
    assert worker_round(app, repos) == (0, 0)  # put off: not tried again at once


@tinydb_only  # send-mail runs on the data folder
def test_mail_that_could_not_go_waits_in_the_outbox_and_send_mail_sends_it(client, app, repos, data_dir, tmp_path):
    import os
    import subprocess
    import sys

    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=free_port())  # nobody listens there yet
    repos.members.save(replace(repos.members.get("dv-001"), email="an@example.vn"))
    client.sign_in("dangvien")
    code = submit_letter(client)
    assert [m["about"] for m in repos.outbox.waiting()] == [code]
    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        env = {**os.environ, "SOTAY_DATA_DIR": str(data_dir), "SOTAY_INSTANCE": str(tmp_path),
               "SOTAY_SECRET_KEY": "test", "SOTAY_SMTP_HOST": "127.0.0.1", "SOTAY_SMTP_PORT": str(controller.port)}
        sent = subprocess.run([sys.executable, "-m", "forms_service", "send-mail"], env=env, capture_output=True,
                              text=True, timeout=120)
    finally:
        controller.stop()
    assert sent.returncode == 0, sent.stderr
    assert "Đã gửi 1 thư; 0 thư chưa gửi được" in sent.stdout
    assert handler.messages[0][:2] == (["an@example.vn"], f"{code}: đơn xin vắng sinh hoạt đã được gửi")
    assert repos.outbox.waiting() == []
