"""The worker for slow work: mail goes out through a mail server that requires STARTTLS and a
password; a server that refuses the sign-in leaves the mail waiting, tried again with
back-off and sent once; SIGTERM stops the worker after the item in hand; no web request
sends mail or renders a kept document."""
from __future__ import annotations

import ast
import datetime as dt
import email
import ipaddress
import os
import signal
import socket
import subprocess
import sys
from dataclasses import replace
from datetime import timedelta
from email.policy import default
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from forms_service.domain import clock
from forms_service.services.notify import deliver
from forms_service.services.smtp import MailSettings
from forms_service.worker import Worker

from .web.letters_helpers import submit_letter
from .web.test_letters_email import free_port

pytestmark = pytest.mark.calendar

PACKAGE = Path(__file__).resolve().parents[1] / "forms_service"
USER, PASSWORD = "sotay213", "mat-khau-thu-2026"


def self_signed(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 and its key, as a small mail server of one's own would have."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.timezone.utc)
    certificate = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
                   .serial_number(x509.random_serial_number()).not_valid_before(now - timedelta(days=1))
                   .not_valid_after(now + timedelta(days=1))
                   .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                                  critical=False)
                   .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
                   .sign(key, hashes.SHA256()))
    cert_path, key_path = folder / "smtp.crt", folder / "smtp.key"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


class Mailbox:
    """A mail server's side: who signed in, and what arrived."""

    def __init__(self):
        self.messages, self.sign_ins, self.on_message = [], [], lambda: None

    def authenticate(self, server, session, envelope, mechanism, auth_data):
        self.sign_ins.append(auth_data.login.decode())
        ok = auth_data.login.decode() == USER and auth_data.password.decode() == PASSWORD
        return AuthResult(success=ok)

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.content, policy=default))
        self.on_message()
        return "250 OK"


@pytest.fixture
def tls_mailbox(tmp_path, monkeypatch):
    """A mail server on 127.0.0.1 that takes mail only after STARTTLS and a password; the
    worker trusts its certificate as it would a provider's (SSL_CERT_FILE)."""
    import ssl
    cert, key = self_signed(tmp_path)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port(), tls_context=context,
                            require_starttls=True, auth_required=True, auth_require_tls=True,
                            authenticator=mailbox.authenticate)
    controller.start()
    yield mailbox, controller.port
    controller.stop()


def settings(app, port: int, password: str = PASSWORD) -> MailSettings:
    return replace(MailSettings.from_config(app.config), host="127.0.0.1", port=port, security="starttls",
                   user=USER, password=password)


@pytest.fixture
def queued_letter(app, repos, client):
    """A letter sent on the web while a mail server is configured: its mail waits in the outbox."""
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=free_port())
    repos.members.save(replace(repos.members.get("dv-001"), email="an@example.vn"))
    client.sign_in("dangvien")
    return submit_letter(client)


def test_a_mail_goes_out_through_a_server_that_requires_starttls_and_a_password(app, repos, queued_letter,
                                                                                tls_mailbox):
    mailbox, port = tls_mailbox
    assert deliver(repos, settings(app, port)) == (1, 0)
    [message] = mailbox.messages
    assert mailbox.sign_ins == [USER]
    assert message["Subject"] == f"{queued_letter}: đơn xin vắng sinh hoạt đã được gửi"
    link = f"http://sotay.test/dich-vu/don-xin-vang/{queued_letter}"
    assert link in message.get_body(("plain",)).get_content()
    assert f'<a href="{link}">Xem đơn</a>' in message.get_body(("html",)).get_content()
    assert repos.outbox.waiting() == []


def test_a_refused_sign_in_leaves_the_mail_waiting_and_it_goes_once_on_a_later_try(app, repos, queued_letter,
                                                                                    tls_mailbox):
    mailbox, port = tls_mailbox
    now = clock.now()
    assert deliver(repos, settings(app, port, password="sai"), now) == (0, 1)
    [waiting] = repos.outbox.waiting()
    assert waiting["attempts"] == 1 and mailbox.messages == []
    assert deliver(repos, settings(app, port), now) == (0, 0)            # put off: not tried again at once
    assert deliver(repos, settings(app, port), now + timedelta(minutes=2)) == (1, 0)
    assert deliver(repos, settings(app, port), now + timedelta(hours=2)) == (0, 0)  # sent once, never again
    assert len(mailbox.messages) == 1 and repos.outbox.waiting() == []


def test_a_stop_finishes_the_mail_in_hand_and_leaves_the_rest_waiting(app, repos, client, tls_mailbox):
    mailbox, port = tls_mailbox
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=port)
    repos.members.save(replace(repos.members.get("dv-001"), email="an@example.vn"))
    client.sign_in("dangvien")
    codes = [submit_letter(client) for _ in range(2)]
    worker = Worker(repos, settings(app, port))
    mailbox.on_message = worker.stop   # SIGTERM arrives while the first mail is being sent
    assert worker.run_once() == 1
    assert len(mailbox.messages) == 1 and len(repos.outbox.waiting()) == 1
    assert {m["about"] for m in repos.outbox.waiting()} < set(codes)


def test_the_worker_makes_the_kept_copy_of_a_document_that_became_final(app, repos):
    from forms_service.domain.letters import Action
    from .web.letters_helpers import make_letter
    code = make_letter(repos, steps=[Action.CONFIRM, Action.AGREE])
    assert code in repos.kept.waiting() and repos.kept.get(code, "pdf") is None
    Worker(repos, MailSettings.from_config(app.config)).run_once()
    assert repos.kept.waiting() == [] and repos.kept.get(code, "pdf").content.startswith(b"%PDF")


def test_sigterm_stops_the_worker_cleanly(data_dir, tmp_path):
    env = {**os.environ, "SOTAY_DATA_DIR": str(data_dir), "SOTAY_INSTANCE": str(tmp_path), "SOTAY_SECRET_KEY": "t"}
    worker = subprocess.Popen([sys.executable, "-m", "forms_service", "worker"], env=env, text=True,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert "Bộ xử lý nền" in worker.stdout.readline()
        worker.send_signal(signal.SIGTERM)
        assert worker.wait(timeout=60) == 0
    finally:
        if worker.poll() is None:
            worker.kill()
    assert "worker stopped" in worker.stderr.read()


# --- no request sends mail or renders a kept document --------------------------------------

# what sends mail or makes a kept copy: only the worker and the command line may call these
SLOW_WORK = {"smtplib", "forms_service.services.smtp", "forms_service.worker"}
SLOW_CALLS = {"deliver", "send_reminders", "render_due", "render_missing", "keep", "send"}


def test_no_view_sends_mail_or_makes_a_kept_copy():
    from .test_layers import imports_of
    wrong = []
    for path in sorted((PACKAGE / "web").rglob("*.py")):
        wrong += [f"{path.name} imports {name}" for name in imports_of(path) if name in SLOW_WORK
                  or name.startswith("forms_service.services.notify")]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr in SLOW_CALLS and \
                    isinstance(node.value, ast.Name) and node.value.id in {"kept_documents", "notify", "render_batch"}:
                wrong.append(f"{path.name} calls {node.value.id}.{node.attr}")
    assert wrong == []


def test_sending_a_letter_does_not_contact_the_mail_server(app, repos, client):
    with socket.socket() as listener:  # a mail server that would see any connection
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        listener.settimeout(0.5)
        app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=listener.getsockname()[1])
        repos.members.save(replace(repos.members.get("dv-001"), email="an@example.vn"))
        client.sign_in("dangvien")
        code = submit_letter(client)
        with pytest.raises(socket.timeout):
            listener.accept()
    assert [m["about"] for m in repos.outbox.waiting()] == [code]
