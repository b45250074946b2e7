"""Sending one mail through the configured SMTP server: plain, STARTTLS or SSL, with the user
name and password the environment gives. A failure is raised as MailFailed for the caller to
try again later; nothing here retries."""
from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Mapping

SECURITIES = ("starttls", "ssl", "none")
TIMEOUT_SECONDS = 20


class MailFailed(Exception):
    """The mail server could not be reached, refused the sign-in or the message."""


@dataclass(frozen=True)
class MailSettings:
    host: str = ""
    port: int = 25
    security: str = "none"   # "starttls", "ssl" or "none"
    user: str = ""
    password: str = ""
    sender: str = "sotay213@localhost"
    public_url: str = ""

    @classmethod
    def from_config(cls, config: Mapping) -> MailSettings:
        return cls(host=config.get("SMTP_HOST", ""), port=int(config.get("SMTP_PORT", 25)),
                   security=config.get("SMTP_SECURITY", "none"), user=config.get("SMTP_USER", ""),
                   password=config.get("SMTP_PASSWORD", ""), sender=config.get("SMTP_FROM", "sotay213@localhost"),
                   public_url=config.get("PUBLIC_URL", "").rstrip("/"))

    @property
    def is_on(self) -> bool:
        return bool(self.host)


def send(settings: MailSettings, to: list[str], subject: str, text: str, html: str) -> None:
    """One message, as plain text and HTML, to `to`."""
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = settings.sender
    message["To"] = ", ".join(to)
    message.set_content(text)
    message.add_alternative(html, subtype="html")
    context = ssl.create_default_context()  # the system's authorities (SSL_CERT_FILE names others)
    try:
        if settings.security == "ssl":
            server = smtplib.SMTP_SSL(settings.host, settings.port, timeout=TIMEOUT_SECONDS, context=context)
        else:
            server = smtplib.SMTP(settings.host, settings.port, timeout=TIMEOUT_SECONDS)
        with server:
            if settings.security == "starttls":
                server.starttls(context=context)
            if settings.user:
                server.login(settings.user, settings.password)
            server.send_message(message)
    except (OSError, smtplib.SMTPException, UnicodeError) as error:  # UnicodeError: smtplib signs in in ASCII only
        raise MailFailed(str(error) or type(error).__name__) from error
