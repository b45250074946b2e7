"""Security headers for every response, set in one place."""
from __future__ import annotations

from flask import Flask, abort, request

# The service's pages: no inline script or style at all.
SERVICE_CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
               "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
               "form-action 'self'; frame-ancestors 'none'")


def carries_nul(values) -> bool:
    return any("\x00" in key or "\x00" in value for key, value in values)


def init(app: Flask) -> None:
    @app.before_request
    def refuse_nul_characters():
        """Nobody types a NUL character, and PostgreSQL can hold none: a request with one in
        its address, its query or its fields is refused (400, the Vietnamese page) before
        any page looks it up or saves it."""
        fields = request.form.items(multi=True) if request.method == "POST" else ()
        if "\x00" in request.path or carries_nul(request.args.items(multi=True)) or carries_nul(fields):
            abort(400)

    @app.after_request
    def set_headers(response):
        headers = response.headers
        headers.setdefault("Content-Security-Policy", SERVICE_CSP)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Referrer-Policy", "same-origin")
        headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()")
        if app.config.get("SESSION_COOKIE_SECURE"):
            headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        # Pages with personal data must not be kept by shared browsers or proxies.
        if request.path.startswith("/dich-vu") and response.mimetype == "text/html":
            headers.setdefault("Cache-Control", "no-store")
        return response
