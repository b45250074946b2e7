"""The service's front page: what waits for the signed-in person, or where to start."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from flask import Blueprint, render_template

from ..domain.access import Actor
from .auth import current_actor, repos

bp = Blueprint("home", __name__)


@dataclass(frozen=True)
class Waiting:
    """One line of "Việc đang chờ bạn": what, how many, and where to do it."""
    text: str
    count: int
    url: str


# Each journey appends a function actor, repos -> list[Waiting] (see web/__init__.py).
WAITING: list[Callable[[Actor, object], list[Waiting]]] = []


@bp.get("/")
def index():
    actor = current_actor()
    waiting = [item for provider in WAITING for item in provider(actor, repos())] if actor else []
    return render_template("home.html", waiting=waiting)
