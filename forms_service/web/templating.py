"""What every template can use."""
from __future__ import annotations

from flask import Flask

from ..domain.access import ROLE_LABELS
from .auth import current_account
from .forms import format_date


def init(app: Flask) -> None:
    app.jinja_env.filters["ngay"] = format_date
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    @app.context_processor
    def common():
        return {"account": current_account(), "role_labels": ROLE_LABELS}
