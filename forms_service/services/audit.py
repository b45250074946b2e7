"""Audit lines of what changes nothing but is still worth knowing: a report or a batch of
documents downloaded. A change records its own line inside its unit of work."""
from __future__ import annotations

from ..storage import Repositories


def record(repos: Repositories, by: str, action: str, target: str = "", reason: str = "", **details) -> None:
    repos.audit.record(by, action, target, reason, **details)
