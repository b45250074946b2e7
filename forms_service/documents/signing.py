"""Who signs for a body: the "T/M" block of a party document (T/M ĐẢNG ỦY / BÍ THƯ,
T/M CHI ỦY / BÍ THƯ …), taken from the unit's kind in data/org/signing.json."""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

SIGNING_FILE = Path(__file__).resolve().parents[2] / "data" / "org" / "signing.json"


@lru_cache(maxsize=1)
def _rules() -> dict:
    return json.loads(SIGNING_FILE.read_text(encoding="utf-8"))["by_kind"]


def signature_lines(kind: str, name: str = "") -> list[str]:
    """The "T/M …" line and the signer's title for a unit of this kind; a kind that
    covers two sorts of body (a grassroots party committee or a grassroots cell) is told
    apart by the start of the unit's name. Without a name (a blank form): the data's
    default line for the kind."""
    rule = _rules()[str(kind)]
    for start, lines in rule.get("by_name_start", ()):
        if name.casefold().startswith(start.casefold()):
            return list(lines)
    return list(rule["default"])
