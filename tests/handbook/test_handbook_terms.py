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


ROOTS = ("docs", "data", "forms_service/templates")

# (preferred term, compiled wrong variant, the roots it is checked in: a term may be limited with "only_in")
RULES = [
    (term["preferred"], re.compile(pattern), tuple(term.get("only_in", ROOTS)))
    for term in TERMS
    for pattern in [_phrase(w) for w in term.get("wrong", [])] + term.get("wrong_patterns", [])
]


def wrong_terms(text: str, root: str = "docs") -> list[tuple[str, str]]:
    """(wrong text found, preferred term) for every wrong variant checked in `root` that the text contains."""
    return [(" ".join(m.group(0).split()), preferred)
            for preferred, rule, roots in RULES if root in roots for m in rule.finditer(text)]


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
    assert wrong_terms("phối hợp với Ban công tác Mặt trận (Quy định 213, Điều 4).")
    assert wrong_terms("miễn sinh hoạt (HD 33, mục 1.1)")
    assert wrong_terms("theo Hướng dẫn 33,\nmục 1.2")


def test_a_rule_limited_to_the_handbook_is_not_applied_elsewhere():
    assert not wrong_terms("(Quy định 213, Điều 4)", root="forms_service/templates")


def test_preferred_citation_order_passes():
    assert not wrong_terms("(khoản 1 Điều 4 Quy định số 213-QĐ/TW; mục 1.1 Hướng dẫn số 33-HD/BTCTW)")
    assert not wrong_terms("Quy định 213, Hướng dẫn 33 và Quy định 366, ba văn bản chính")


@pytest.mark.parametrize("root", ROOTS)
def test_handbook_uses_the_preferred_terms(root):
    found = {}
    for path in _files(REPO / root, (".md", ".html", ".json")):
        bad = wrong_terms(path.read_text(encoding="utf-8"), root)
        if bad:
            found[path.relative_to(REPO).as_posix()] = bad
    assert not found, json.dumps(found, ensure_ascii=False, indent=1)
