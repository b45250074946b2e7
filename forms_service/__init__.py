"""Sổ tay 213: the handbook and forms service for Regulation 213-QĐ/TW."""
from __future__ import annotations

from datetime import timedelta

from flask import Flask

from .config import from_environment
from .storage import open_store
from .web import SERVICE_PREFIX, register


def create_app(config: dict | None = None) -> Flask:
    app = Flask(__name__, static_url_path=f"{SERVICE_PREFIX}/static")
    app.config.update(
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_NAME="sotay213",
        PERMANENT_SESSION_LIFETIME=timedelta(hours=8),
        WTF_CSRF_TIME_LIMIT=8 * 3600,
        MAX_CONTENT_LENGTH=2 * 1024 * 1024,
    )
    app.config.update(config if config is not None and "SECRET_KEY" in config else from_environment())
    if config:
        app.config.update(config)
    app.extensions["repos"] = repos = open_store(app.config.get("DATABASE_URL") or app.config["DATA_DIR"])
    register(app)
    return app
