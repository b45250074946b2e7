"""The page the handbook's service worker shows when a service page is opened without a signal.

The service worker fetches it once, without cookies, when it installs (docs/hooks/sw.js): it must
read the same for everyone and carry nothing personal."""
from __future__ import annotations

from flask import Blueprint, current_app, render_template

bp = Blueprint("offline", __name__)


@bp.get("/can-co-mang")
def needs_network():
    forms = [(form, form.urls()) for form in current_app.extensions["public_forms"]]
    return render_template("offline/needs_network.html", forms=forms, account=None)
