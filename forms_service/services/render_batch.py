"""`python -m forms_service render`: make the kept copies still missing — documents left in
the render queue by a failed render, and final documents of a year from before copies were
kept — on every core. A second run finds nothing to do."""
from __future__ import annotations

import multiprocessing
import os
from typing import Callable

from ..domain import clock
from ..domain.letters import CODE_PREFIX as LETTER_PREFIX
from ..domain.org import UnitKind
from ..storage import Repositories, address_of, open_store
from . import kept_documents

KINDS = {"don-xin-vang": LETTER_PREFIX, "phieu-nhan-xet": "NX", "gioi-thieu": "GT"}


def to_render(repos: Repositories, year: int | None = None, kind: str | None = None) -> list[str]:
    """Codes of final documents without both kept copies: the queue, and the year's letters
    and comments (this year when no year is given)."""
    prefixes = {KINDS[kind]} if kind else set(KINDS.values())
    scanned_year = year or clock.today().year
    codes = [c for c in repos.kept.waiting() if year is None or c.split("-")[1] == str(year)]
    org = repos.units.structure()
    if LETTER_PREFIX in prefixes:
        codes += [letter.code for cell in org.of_kind(UnitKind.RESIDENCE_CELL)
                  for letter in repos.letters.for_cell(cell.id, scanned_year) if letter.is_final]
    if "NX" in prefixes:
        codes += [comment.code for workplace in org.of_kind(UnitKind.WORKPLACE)
                  for comment in repos.comments.for_workplace(workplace.id, scanned_year) if comment.is_returned]
    wanted = sorted({c for c in codes if c.split("-", 1)[0] in prefixes})
    return kept_documents.not_kept(repos, wanted)


_worker_repos: Repositories | None = None
_worker_url = ""


def _start_worker(location: str, public_url: str) -> None:
    global _worker_repos, _worker_url
    _worker_repos, _worker_url = open_store(location), public_url


def _keep_one(code: str) -> tuple[str, bool]:
    return code, kept_documents.keep(_worker_repos, code, _worker_url)


def render_missing(repos: Repositories, public_url: str, year: int | None = None, kind: str | None = None,
                   progress: Callable[[int, int], None] = lambda done, total: None,
                   workers: int | None = None) -> tuple[int, list[str]]:
    """Render what `to_render` finds, one process per core (each keeps its WeasyPrint set
    up across documents). Returns (how many were kept, the codes that failed and stay queued)."""
    codes = to_render(repos, year, kind)
    if not codes:
        return 0, []
    workers = max(1, min(workers or os.cpu_count() or 1, len(codes)))
    failed, done = [], 0
    context = multiprocessing.get_context("spawn")  # a fresh interpreter: no forked locks or Pango state
    with context.Pool(workers, initializer=_start_worker, initargs=(address_of(repos), public_url)) as pool:
        for code, ok in pool.imap_unordered(_keep_one, codes, chunksize=4):
            done += 1
            if not ok:
                failed.append(code)
            progress(done, len(codes))
    return len(codes) - len(failed), sorted(failed)
