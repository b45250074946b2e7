"""Text sent compressed and static files kept long, for phones on slow networks.

`make run` serves with gunicorn and no proxy in front, so nothing else compresses: the
handbook's home page went out as 324 KB. Brotli where the browser asks for it (smaller),
gzip otherwise. A file that never changes under its name (the handbook's hashed assets,
the service's static files asked for with their version) is kept by the browser for a
year; a change gives it a new name or version, so it is still seen."""
from __future__ import annotations

import gzip
import hashlib
import re
from functools import lru_cache
from pathlib import Path

import brotli
from flask import Flask, current_app, request

COMPRESSIBLE = {"text/html", "text/css", "text/plain", "text/csv", "application/javascript", "text/javascript",
                "application/json", "image/svg+xml", "application/xml", "text/xml"}
SMALLEST = 500  # bytes: below this the headers cost more than they save
YEAR = 365 * 24 * 3600
# Material's bundles carry a content hash in their names (main.57a0d79d.min.css).
HASHED_NAME = re.compile(r"\.[0-9a-f]{8,}\.(min\.)?(css|js)$")


def chosen_encoding(accept_encoding: str) -> str | None:
    offered = {part.split(";")[0].strip().lower() for part in accept_encoding.split(",")
               if not part.strip().endswith(";q=0")}
    return "br" if "br" in offered else "gzip" if "gzip" in offered else None


def compress(body: bytes, encoding: str) -> bytes:
    if encoding == "br":
        return brotli.compress(body, quality=5)
    return gzip.compress(body, compresslevel=6, mtime=0)


@lru_cache(maxsize=128)
def compressed_file(body: bytes, encoding: str) -> bytes:
    """Static files and handbook pages are the same bytes again and again: compress each once."""
    return compress(body, encoding)


@lru_cache(maxsize=64)
def _file_version(path: str, mtime: float) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:12]


def static_version(app: Flask, filename: str) -> str:
    path = Path(app.static_folder) / filename
    return _file_version(str(path), path.stat().st_mtime)


def _long_lived(path: str, static_prefix: str) -> bool:
    if path.startswith(static_prefix):
        return "v" in request.args
    return HASHED_NAME.search(path) is not None


def _carries_a_secret(response) -> bool:
    """A service page sent to someone with a session holds their CSRF token next to what they
    typed: compressed over HTTPS, its length could leak the token (BREACH). Such pages are
    small; they go uncompressed. Files, the handbook and a first visit's pages are compressed."""
    return (request.path.startswith("/dich-vu") and response.mimetype == "text/html"
            and request.cookies.get(current_app.config["SESSION_COOKIE_NAME"]) is not None)


def init(app: Flask) -> None:
    static_prefix = app.static_url_path + "/"

    @app.url_defaults
    def version_static_files(endpoint, values):
        """url_for('static', …) carries the file's version, so it may be kept a year."""
        if endpoint == "static" and "filename" in values and "v" not in values:
            values["v"] = static_version(app, values["filename"])

    @app.after_request
    def lighten(response):
        if response.status_code == 200 and _long_lived(request.path, static_prefix):
            response.headers["Cache-Control"] = f"public, max-age={YEAR}, immutable"
        response.vary.add("Accept-Encoding")
        encoding = chosen_encoding(request.headers.get("Accept-Encoding", ""))
        if (encoding is None or response.status_code not in (200, 404) or response.mimetype not in COMPRESSIBLE
                or "Content-Encoding" in response.headers or request.method == "HEAD" or _carries_a_secret(response)):
            return response
        is_file = response.direct_passthrough
        response.direct_passthrough = False  # files are sent by reference; read them to compress
        body = response.get_data()
        if len(body) < SMALLEST:
            return response
        response.set_data(compressed_file(body, encoding) if is_file else compress(body, encoding))
        response.headers["Content-Encoding"] = encoding
        if response.headers.get("ETag"):  # another representation, another tag
            response.set_etag(f"{response.get_etag()[0]}-{encoding}", weak=True)
        return response
