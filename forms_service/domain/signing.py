"""Who signs for a body, and how the body is written in a document's number: the "T/M"
block of a party document (T/M ĐẢNG ỦY / BÍ THƯ, T/M CHI ỦY / BÍ THƯ …) and the body's
abbreviation after the document type ("GGT/ĐU", "GGT/CB"), both from data/org/signing.json.

A grassroots party organisation where members work may be a đảng bộ cơ sở (its committee,
the đảng ủy, signs) or a chi bộ cơ sở (its chi ủy signs): the two are told apart by the start
of the unit's name, the same way for the signature and for the symbol."""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

SIGNING_FILE = Path(__file__).resolve().parents[2] / "data" / "org" / "signing.json"


@lru_cache(maxsize=1)
def _signing() -> dict:
    return json.loads(SIGNING_FILE.read_text(encoding="utf-8"))


def _by_name_start(rules, name: str):
    """The value of the first [start, value] pair whose start begins the name, or None."""
    for start, value in rules:
        if name.casefold().startswith(start.casefold()):
            return value
    return None


def signature_lines(kind: str, name: str = "") -> list[str]:
    """The "T/M …" line and the signer's title for a unit of this kind. Without a name (a
    blank form): the data's default line for the kind."""
    rule = _signing()["by_kind"][str(kind)]
    return list(_by_name_start(rule.get("by_name_start", ()), name) or rule["default"])


def body_symbol(name: str) -> str:
    """The abbreviation of the signing body in a document's number ("ĐU" for a đảng ủy, "CB"
    for a chi bộ); the blank of the data for a blank form, where the body is not known."""
    symbols = _signing()["number_symbols"]
    if not name.strip():
        return symbols["blank"]
    return _by_name_start(symbols["by_name_start"], name) or symbols["default"]
