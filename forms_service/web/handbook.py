"""The handbook (the MkDocs build in SITE_DIR) served at /, and /healthz.

Material's pages carry a few small inline scripts (its configuration). Rather than
allow inline script, the Content-Security-Policy lists the hash of each one, read
from the built site once.
"""
from __future__ import annotations

import base64
import hashlib
import re
from functools import lru_cache
from pathlib import Path

from flask import Blueprint, abort, current_app, jsonify, redirect, send_from_directory

from ..storage import StoreError

bp = Blueprint("handbook", __name__)
INLINE_SCRIPT = re.compile(rb"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.S)


@lru_cache(maxsize=4)
def _script_hashes(site: str, stamp: float) -> str:
    hashes = set()
    for page in Path(site).rglob("*.html"):
        for body in INLINE_SCRIPT.findall(page.read_bytes()):
            digest = base64.b64encode(hashlib.sha256(body).digest()).decode()
            hashes.add(f"'sha256-{digest}'")
    return " ".join(sorted(hashes))


def handbook_csp(site: Path) -> str:
    index = site / "index.html"
    hashes = _script_hashes(str(site), index.stat().st_mtime if index.exists() else 0.0)
    # Material sets a few style attributes itself; styles cannot run code.
    return (f"default-src 'self'; script-src 'self' {hashes}; style-src 'self' 'unsafe-inline'; "
            "img-src 'self' data:; font-src 'self'; connect-src 'self'; worker-src 'self'; "
            "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'")


@bp.get("/", defaults={"path": ""})
@bp.get("/<path:path>")
def page(path: str):
    if path.startswith("dich-vu"):
        abort(404)  # an unknown service address gets the service's own 404 page
    site = Path(current_app.config["SITE_DIR"])
    target = site / path
    if path and not path.endswith("/") and target.is_dir():
        return redirect(f"/{path}/", 301)  # relative links in the page need the slash
    if path == "" or target.is_dir():
        path = (path.rstrip("/") + "/index.html").lstrip("/")
    if not (site / path).is_file():
        if (site / "404.html").is_file():
            response = send_from_directory(site, "404.html")
            response.status_code = 404
        else:
            abort(404)
    else:
        response = send_from_directory(site, path, max_age=300)
    response.headers["Content-Security-Policy"] = handbook_csp(site)
    return response


@bp.get("/sw.js")
def service_worker():
    """The handbook's service worker (written by the build: docs/hooks/ngoai_tuyen.py), at the root so that its
    scope is the whole site. `no-cache`: the browser asks every time whether it changed, so a new build is
    picked up on the next visit with a signal."""
    site = Path(current_app.config["SITE_DIR"])
    if not (site / "sw.js").is_file():
        abort(404)
    response = send_from_directory(site, "sw.js", mimetype="text/javascript", max_age=0)
    response.headers["Cache-Control"] = "no-cache"
    response.headers["Content-Security-Policy"] = handbook_csp(site)
    return response


@bp.get("/manifest.webmanifest")
def manifest():
    """What "Thêm vào màn hình chính" reads: name, icons, colours, start page."""
    site = Path(current_app.config["SITE_DIR"])
    if not (site / "manifest.webmanifest").is_file():
        abort(404)
    return send_from_directory(site, "manifest.webmanifest", mimetype="application/manifest+json", max_age=300)


@bp.get("/healthz")
def health():
    """200 when the store can be read and written; 503 otherwise, saying why in "message"
    (a load balancer takes an app server whose database is unreachable out of the rotation)."""
    repos = current_app.extensions["repos"]
    try:
        state = repos.check_health()
    except StoreError as error:
        state = {"readable": False, "writable": False, "error": str(error)}
    handbook = (Path(current_app.config["SITE_DIR"]) / "index.html").is_file()
    healthy = state.get("readable") and state.get("writable")
    body = {"status": "ok" if healthy else "loi", "store": state, "handbook_built": handbook}
    if not healthy:
        body["message"] = state.get("error") or "Không đọc hoặc không ghi được kho dữ liệu."
    return jsonify(body), 200 if healthy else 503
