"""Configuration from the environment, with defaults that make `make run` work alone."""
from __future__ import annotations

import os
import secrets
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def instance_folder() -> Path:
    return Path(os.environ.get("SOTAY_INSTANCE", PROJECT_ROOT / "instance")).resolve()


def load_secret_key(instance: Path) -> str:
    """SOTAY_SECRET_KEY if set; otherwise a random key kept in the instance folder, so
    that every gunicorn worker and every restart signs sessions with the same key."""
    if os.environ.get("SOTAY_SECRET_KEY"):
        return os.environ["SOTAY_SECRET_KEY"]
    path = instance / "secret_key"
    if not path.exists():
        instance.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
    return path.read_text().strip()


def from_environment() -> dict:
    instance = instance_folder()
    return {
        "INSTANCE": str(instance),
        "DATA_DIR": os.environ.get("SOTAY_DATA_DIR", str(instance / "data")),
        # sqlite:///path/store.db or postgresql://… : the store is that database instead of the DATA_DIR folder
        "DATABASE_URL": os.environ.get("SOTAY_DATABASE_URL", ""),
        "SITE_DIR": os.environ.get("SOTAY_SITE_DIR", str(PROJECT_ROOT / "site")),
        "SECRET_KEY": load_secret_key(instance),
        # The address printed on documents for verification, e.g. https://sotay213.example.vn
        "PUBLIC_URL": os.environ.get("SOTAY_PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/"),
        "SMTP_HOST": os.environ.get("SOTAY_SMTP_HOST", ""),
        "SMTP_PORT": int(os.environ.get("SOTAY_SMTP_PORT", "25")),
        "SMTP_FROM": os.environ.get("SOTAY_SMTP_FROM", "sotay213@localhost"),
        # starttls (port 587), ssl (port 465) or none (a relay on the same machine); user and
        # password when the mail server asks for a sign-in
        "SMTP_SECURITY": os.environ.get("SOTAY_SMTP_SECURITY", "none"),
        "SMTP_USER": os.environ.get("SOTAY_SMTP_USER", ""),
        "SMTP_PASSWORD": os.environ.get("SOTAY_SMTP_PASSWORD", ""),
        # Behind HTTPS (nginx with TLS) set SOTAY_HTTPS=1 so cookies get the Secure flag.
        "SESSION_COOKIE_SECURE": os.environ.get("SOTAY_HTTPS", "") == "1",
    }
