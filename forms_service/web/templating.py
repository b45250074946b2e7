"""What every template can use."""
from __future__ import annotations

from flask import Flask, g

from ..domain.access import ROLE_LABELS
from .auth import current_account
from .forms import format_date


def init(app: Flask) -> None:
    app.jinja_env.filters["ngay"] = format_date
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    app.jinja_env.globals["mark_page_has_errors"] = _mark_page_has_errors
    app.jinja_env.globals["page_has_errors"] = lambda: g.get("page_has_errors", False)

    @app.context_processor
    def common():
        return {"account": current_account(), "role_labels": ROLE_LABELS}


def _mark_page_has_errors() -> str:
    """Called by the error summary macro; base.html then starts the title with "Lỗi: "."""
    g.page_has_errors = True
    return ""
