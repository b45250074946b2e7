"""The handbook and the service write each term one way: data/terms.json lists the preferred term and the variants
to avoid, checked over the handbook (docs/), the regulation data (data/) and the service's pages
(forms_service/templates/).
"""
import json
import re
from pathlib import Path

import pytest

from .conftest import REPO

TERMS = json.loads((REPO / "data" / "terms.json").read_text(encoding="utf-8"))["terms"]


def _phrase(text: str) -> str:
    """A wrong variant as a regex: whole words, any whitespace (a line break in Markdown) between them."""
    words = r"\s+".join(re.escape(word) for word in text.split())
    return rf"(?<!\w){words}(?!\w)"


RULES = [
    (term["preferred"], re.compile(pattern))
    for term in TERMS
    for pattern in [_phrase(w) for w in term.get("wrong", [])] + term.get("wrong_patterns", [])
]


def wrong_terms(text: str) -> list[tuple[str, str]]:
    """(wrong text found, preferred term) for every wrong variant in the text."""
    return [(" ".join(m.group(0).split()), preferred) for preferred, rule in RULES for m in rule.finditer(text)]


def _files(root: Path, suffixes: tuple[str, ...]) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.suffix in suffixes and p.name != "terms.json")


def test_the_terms_file_is_well_formed():
    assert len(TERMS) >= 10
    for term in TERMS:
        assert term["preferred"] and term["why"], term
        assert term.get("wrong") or term.get("wrong_patterns"), term


def test_every_rule_finds_its_wrong_variant():
    """Each rule matches the text it names, across a line break too, so that no rule is silently dead."""
    for term in TERMS:
        for wrong in term.get("wrong", []):
            assert wrong_terms(f"Ví dụ {wrong.replace(' ', chr(10), 1)} ở đây."), wrong
    assert wrong_terms("(Quy định 213-QĐ/TW, Điều 4, khoản 1)")
    assert wrong_terms("(Quy định 213-QĐ/TW,\nĐiều 2, nhiệm vụ 4)")


def test_preferred_citation_order_passes():
    assert not wrong_terms("(khoản 1 Điều 4 Quy định số 213-QĐ/TW; mục 1.1 Hướng dẫn số 33-HD/BTCTW)")


@pytest.mark.parametrize("root", ["docs", "data", "forms_service/templates"])
def test_handbook_uses_the_preferred_terms(root):
    found = {}
    for path in _files(REPO / root, (".md", ".html", ".json")):
        bad = wrong_terms(path.read_text(encoding="utf-8"))
        if bad:
            found[path.relative_to(REPO).as_posix()] = bad
    assert not found, json.dumps(found, ensure_ascii=False, indent=1)
