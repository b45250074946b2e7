"""Printed copies of stored documents: a final document's kept copy (made by the worker from
the render queue), a draft or an open document rendered on demand.

A final document whose copy the worker has not made yet is rendered once, here, and kept:
the person came for the paper, the worker would make the very same copy (the first kept
wins), and an elderly user is not sent to a page to wait on. Nothing else in a request
renders a document that is kept."""
from __future__ import annotations

from typing import Callable

from flask import current_app

from ..documents.render import RenderFailed
from ..services import kept_documents
from .auth import repos
from .downloads import file_response
from .errors import PRINT_PREPARING, render_error


def _public_url() -> str:
    return current_app.config.get("PUBLIC_URL", "")


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
