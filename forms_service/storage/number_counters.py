"""Names of the counters of the introduction letters' official numbers, the same on every
store: one per signing committee and term ("ggt-so-gd.nk2025-2030").

Before numbering by term, the counters ran per committee and calendar year
("ggt-so-gd.2026"). A term's counter starts after the highest number those gave in the
years of the term, so a number already printed is never given a second time."""
from __future__ import annotations

from ..domain.numbering import Term


def number_counter(issuer_id: str, term: Term) -> str:
    return f"ggt-{issuer_id}.nk{term.id}"


def yearly_counters(issuer_id: str, term: Term) -> list[str]:
    """The earlier, per-year counters of the committee in the years the term touches."""
    return [f"ggt-{issuer_id}.{year}" for year in term.years()]
