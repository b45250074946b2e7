"""Printed copies of stored documents: a final document's kept copy (kept right after the
change that made it final), a draft or an open document rendered on demand."""
from __future__ import annotations

from typing import Callable

from flask import current_app, flash

from ..documents.render import RenderFailed
from ..services import kept_documents
from .auth import repos
from .downloads import file_response
from .errors import PRINT_PREPARING, render_error

PREPARING_NOTE = "Bản in của văn bản {code} đang được chuẩn bị; vài phút nữa bạn có thể tải về."


def _public_url() -> str:
    return current_app.config.get("PUBLIC_URL", "")


def keep_after_change(code: str) -> None:
    """Right after a change saved a final state: make the kept copy now; if that fails,
    the document stays queued and the person is told its printed copy is being prepared."""
    if kept_documents.being_prepared(repos(), code) and not kept_documents.keep(repos(), code, _public_url()):
        flash(PREPARING_NOTE.format(code=code))


def download(code: str, format_: str, render: Callable[[], bytes], filename: str, mimetype: str):
    """The kept copy of a final document, or `render()` for one still open."""
    try:
        content = kept_documents.printed_copy(repos(), code, format_, _public_url())
    except RenderFailed as error:
        current_app.logger.error("kept copy not ready: %s", error)
        title, text = PRINT_PREPARING
        response, status = render_error(503, text, title)
        return response, status, {"Retry-After": "120"}
    return file_response(content if content is not None else render(), filename, mimetype)
