"""The official number of an introduction letter (Mẫu 1-213), after Hướng dẫn 36-HD/VPTW
(03/4/2018): a committee numbers each kind of document consecutively from 01 within its
term, so the count goes on across January and starts again only with a new term; the
symbol after the number names the kind of document and the body that signs ("12-GGT/ĐU"
from a đảng ủy, "12-GGT/CB" from a chi bộ cơ sở, domain/signing.py).

The terms are data (data/org/terms.json): one list for the province, which a unit that
knows the day of its own congress may replace by its own list.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from .introductions import introduction_form
from .signing import body_symbol

TERMS_FILE = Path(__file__).resolve().parents[2] / "data" / "org" / "terms.json"


@dataclass(frozen=True)
class Term:
    """A committee's term: from its congress to the next one (`until`, exclusive; None for
    the current term, which lasts until the data names the next)."""
    id: str            # "2025-2030"
    start: date
    until: date | None = None

    def years(self) -> range:
        """The calendar years the term touches (a term is five years when its end is not known yet)."""
        last = (self.until.year if self.until else self.start.year + 5)
        return range(self.start.year, last + 1)


@lru_cache(maxsize=2)
def load_terms(path: Path = TERMS_FILE) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def _terms(rows: list[dict]) -> list[Term]:
    starts = sorted((date.fromisoformat(row["tu_ngay"]), row["ma"]) for row in rows)
    return [Term(id_, start, starts[i + 1][0] if i + 1 < len(starts) else None)
            for i, (start, id_) in enumerate(starts)]


def term_of(unit_id: str, on: date, data: dict | None = None) -> Term:
    """The term of the unit's committee on that day: the unit's own list if the data has
    one, otherwise the province's. A day before every listed term counts in the first one
    (a letter dated back that far shares its numbers rather than being refused)."""
    data = data or load_terms()
    terms = _terms(data.get("theo_don_vi", {}).get(unit_id) or data["toan_tinh"])
    return ([term for term in terms if term.start <= on] or terms[:1])[-1]


def number_symbol(issuer_name: str) -> str:
    """"GGT/ĐU", "GGT/CB": the type of Mẫu 1-213 and the signing body ("GGT/……" on a blank form)."""
    return f"{introduction_form()['document_type']}/{body_symbol(issuer_name)}"


def official_number(sequence: int, issuer_name: str) -> str:
    """The number as printed after "Số": two digits at least, as HD 36 counts "from 01"."""
    return f"{sequence:02d}-{number_symbol(issuer_name)}"
