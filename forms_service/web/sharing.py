"""Passing a page on: the ready text for the cell's Zalo or SMS group, and the QR code of a public link.

The texts are made in domain.notices (the meeting's through services.notices, which asks the province's
letter practice). Templates reach them through two globals, so a page adds its share box with one include
(templates/sharing/)."""
from __future__ import annotations

import io
from dataclasses import dataclass
from urllib.parse import urlencode

import segno
from flask import Blueprint, Flask, abort, current_app, request, url_for

from ..domain.meetings import Meeting
from ..domain.notices import page_share_text
from ..services import notices
from .auth import repos

bp = Blueprint("sharing", __name__)
# Only links anyone may open are ever encoded: handbook pages and the public forms.
PUBLIC_SERVICE_PAGES = ("/dich-vu/mau-don/",)
MAX_LINK = 300


@dataclass(frozen=True)
class ShareBox:
    heading: str
    text: str
    link: str                # the absolute public link the text carries
    qr_url: str | None       # the QR code of that link, where the page is printed or shown in a room


def is_public_link(path: str) -> bool:
    """A path of this site (not another site's address) that needs no account."""
    if not path.startswith("/") or path.startswith("//") or "\\" in path or len(path) > MAX_LINK:
        return False
    if path == "/dich-vu" or path.startswith("/dich-vu/"):
        return path.startswith(PUBLIC_SERVICE_PAGES)
    return True


def public_url(path: str) -> str:
    return current_app.config["PUBLIC_URL"].rstrip("/") + path


def qr_address(path: str) -> str:
    return url_for("sharing.qr_code") + "?" + urlencode({"lien-ket": path})


def meeting_share(meeting: Meeting, cell) -> ShareBox:
    letter_path = url_for("public_forms.absence_letter")
    text, link = notices.meeting_notice(repos(), meeting, cell.name, public_url(letter_path),
                                        public_url("/thu-tuc/sinh-hoat-dinh-ky/"))
    path = letter_path if link.endswith(letter_path) else "/thu-tuc/sinh-hoat-dinh-ky/"
    return ShareBox("Thông báo gửi chi bộ", text, link, qr_address(path))


def page_share(title: str) -> ShareBox:
    link = public_url(request.path)
    return ShareBox("Gửi trang này cho người khác", page_share_text(title, link), link, None)


@bp.get("/ma-qr.svg")
def qr_code():
    """The QR code (SVG, made here with segno) of one public link of this site, for a printed notice."""
    path = request.args.get("lien-ket", "")
    if not is_public_link(path):
        abort(404)
    out = io.BytesIO()
    segno.make(public_url(path), error="m").save(out, kind="svg", scale=6, border=4, xmldecl=False,
                                                 title="Mã QR: " + public_url(path))
    response = current_app.response_class(out.getvalue(), mimetype="image/svg+xml")
    response.headers["Cache-Control"] = "public, max-age=86400"
    return response


def init(app: Flask) -> None:
    app.jinja_env.globals["meeting_share"] = meeting_share
    app.jinja_env.globals["page_share"] = page_share
