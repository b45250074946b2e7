"""Sổ tay 213: the handbook and forms service for Regulation 213-QĐ/TW."""
from __future__ import annotations

from contextlib import ExitStack
from datetime import timedelta

from flask import Flask, g

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
    _one_store_connection_per_request(app, repos)
    register(app)
    return app


def _one_store_connection_per_request(app: Flask, repos) -> None:
    """The store keeps what a request needs (a database connection) from the request's first
    hook to its end, failed or not: teardown runs after an exception too, so the connection
    always goes back to the pool. Registered before the web's hooks, which may read the store."""
    @app.before_request
    def hold_for_request() -> None:
        g.store_request = ExitStack()
        g.store_request.enter_context(repos.for_one_request())

    @app.teardown_request
    def let_go_after_request(_error) -> None:
        held = g.pop("store_request", None)
        if held is not None:
            held.close()
