"""Whether the steps of a letter queue mail: only when a mail server is configured. The views
only queue; the worker (forms_service/worker.py) sends."""
from __future__ import annotations

from flask import current_app


def mail_is_on() -> bool:
    return bool(current_app.config.get("SMTP_HOST"))
