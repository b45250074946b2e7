"""Printed copies kept: a document that reaches a final state (a letter decided by the cell
or withdrawn; a comment sent or received; an introduction received) is queued in that
change's unit of work, then rendered once — by the worker, by `render`, or at its first
download — and its PDF and DOCX are kept in the store. Downloads serve the kept
bytes, so a copy printed later is the one that was issued, even after the wording data
changes. A render that fails leaves the document queued; the state change stands."""
from __future__ import annotations

import logging
from datetime import datetime
from typing import Callable, Iterator

from ..documents.render import RenderFailed
from ..domain.comments import CommentState
from ..domain.introductions import IntroductionState
from ..domain.letters import CODE_PREFIX as LETTER_PREFIX
from ..domain.retries import next_try
from ..storage import Repositories
from ..storage.contract import KeptFile

log = logging.getLogger(__name__)
FORMATS = ("pdf", "docx")
FINGERPRINT_LENGTH = 12  # hex digits of the PDF's SHA-256 shown on the public check page


def queue(repos: Repositories, code: str) -> None:
    """Inside the change's unit of work: the document is final, keep its printed copy."""
    repos.kept.queue(code)


def _renderers(repos: Repositories, code: str, public_url: str) -> dict[str, Callable[[], bytes]] | None:
    """How to print `code` if it is in a final state; None for a draft or an open one."""
    prefix = code.split("-", 1)[0]
    if prefix == LETTER_PREFIX:
        from ..documents.letters import context_for_letter, letter_docx, letter_pdf
        letter = repos.letters.get(code)
        if letter is None or not letter.is_final:
            return None
        context = context_for_letter(letter, repos.members.get(letter.member_id), repos.units.structure(), public_url)
        return {"pdf": lambda: letter_pdf(context), "docx": lambda: letter_docx(context)}
    from ..documents import comments as printed_comments, introductions as printed_introductions
    if prefix == "NX":
        comment = repos.comments.get(code)
        if comment is None or comment.state not in (CommentState.SUBMITTED, CommentState.RECEIVED):
            return None
        context = comment_context(repos, comment, public_url)
        return {"pdf": lambda: printed_comments.render_comment_pdf(context),
                "docx": lambda: printed_comments.render_comment_docx(context)}
    if prefix == "GT":
        introduction = repos.introductions.get(code)
        if introduction is None or introduction.state != IntroductionState.RECEIVED:
            return None
        context = introduction_context(repos, introduction, public_url)
        return {"pdf": lambda: printed_introductions.render_introduction_pdf(context),
                "docx": lambda: printed_introductions.render_introduction_docx(context)}
    return None


def comment_context(repos: Repositories, comment, public_url: str) -> dict:
    """What the printed comment shows: the record, its member and the organisation."""
    from ..documents.comments import comment_context as printed
    return printed(comment, repos.members.get(comment.member_id), repos.units.structure(), public_url)


def introduction_context(repos: Repositories, introduction, public_url: str) -> dict:
    """What the printed introduction shows: the record, its member and the organisation."""
    from ..documents.introductions import introduction_context as printed
    return printed(introduction, repos.members.get(introduction.member_id), repos.units.structure(), public_url)


def is_final(repos: Repositories, code: str) -> bool:
    return _renderers(repos, code, "") is not None


def keep(repos: Repositories, code: str, public_url: str) -> bool:
    """Render and keep whatever format of a final document is not kept yet, then take it
    off the queue. False (and the document stays queued) if a render failed."""
    renderers = _renderers(repos, code, public_url)
    if renderers is None:
        repos.kept.done(code)  # nothing final to print (a code queued by mistake, a record gone)
        return False
    failed = False
    for format_ in FORMATS:  # each on its own: a broken DOCX template does not hold back the PDF
        if repos.kept.digest(code, format_) is None:
            try:
                repos.kept.put(code, format_, renderers[format_]())
            except RenderFailed as error:
                log.error("printed copy of %s not made, it stays queued: %s", code, error)
                failed = True
    if failed:
        repos.kept.queue(code)
        return False
    repos.kept.done(code)
    return True


def printed_copy(repos: Repositories, code: str, format_: str, public_url: str) -> bytes | None:
    """The kept copy of a final document (kept now if it was not yet); None for a document
    not final, which is rendered on demand. RenderFailed if it cannot be made now: it is
    queued, and the person is told the copy is being prepared."""
    kept = repos.kept.get(code, format_)
    if kept is not None:
        return kept.content
    if not is_final(repos, code):
        return None
    keep(repos, code, public_url)
    kept = repos.kept.get(code, format_)
    if kept is None:
        raise RenderFailed(f"printed copy of {code} ({format_}) not ready, queued")
    return kept.content


def queue_missing(repos: Repositories, codes: list[str]) -> list[str]:
    """The codes of `codes` whose copies are not kept yet (normally none: the worker keeps each
    document soon after it becomes final), queued for the worker."""
    missing = not_kept(repos, codes)
    for code in missing:
        repos.kept.queue(code)
    return missing


def render_due(repos: Repositories, public_url: str, now: datetime, keep_going: Callable[[], bool]) -> tuple[int, int]:
    """The worker's part: keep the queued documents whose time has come, one at a time while
    `keep_going()`; one that fails stays queued, put off a little longer (its attempts counted
    in the store). Returns (kept, failed)."""
    kept = failed = 0
    for code in repos.kept.waiting(due_by=now):
        if not keep_going():
            break
        if keep(repos, code, public_url):
            kept += 1
        elif code in repos.kept.waiting():
            repos.kept.retry_later(code, next_try(now, repos.kept.attempts(code)))
            failed += 1
    return kept, failed


def not_kept(repos: Repositories, codes: list[str]) -> list[str]:
    kept = [set(repos.kept.digests(codes, format_)) for format_ in FORMATS]
    return [code for code in codes if not all(code in formats for formats in kept)]


def kept_copies(repos: Repositories, codes: list[str], format_: str) -> Iterator[tuple[str, KeptFile | None]]:
    """Each code with its kept copy, one at a time (a year's batch streams)."""
    return repos.kept.get_many(codes, format_)


def fingerprint(repos: Repositories, code: str) -> str | None:
    """The first hex digits of the kept PDF's SHA-256, to match a copy with the record."""
    digest = repos.kept.digest(code, "pdf")
    return digest[:FINGERPRINT_LENGTH] if digest else None


def missing(repos: Repositories) -> list[str]:
    """Final documents whose printed copy is still to be made (listed by `check`)."""
    return repos.kept.waiting()
