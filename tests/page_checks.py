"""Invariants every HTML page of the service must hold; the test client applies them
to every page any test renders."""
from __future__ import annotations

import re
from collections import Counter

import html5lib
from html5lib.html5parser import ParseError

SITE_SUFFIX = " – Sổ tay 213"


class PageProblem(AssertionError):
    pass


def _text(element) -> str:
    return re.sub(r"\s+", " ", "".join(element.itertext())).strip()


def check_page(html: str, where: str = "") -> None:
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    try:
        document = parser.parse(html)
    except ParseError as error:
        line = html.splitlines()[parser.errors[0][0][0] - 1] if parser.errors else ""
        raise PageProblem(f"{where}: HTML does not parse: {error}; near: {line.strip()[:160]}") from error
    h1s = document.findall(".//h1")
    if len(h1s) != 1:
        raise PageProblem(f"{where}: {len(h1s)} h1 elements, expected exactly one")
    title = document.find(".//title")
    heading = _text(h1s[0])
    # A page that shows the error summary says so first in its title ("Lỗi: "), so a screen
    # reader user hears at once that the form came back (GOV.UK error summary pattern).
    has_errors = any("error-summary" in (el.get("class") or "").split() for el in document.iter())
    expected_title = ("Lỗi: " if has_errors else "") + heading + SITE_SUFFIX
    if title is None or _text(title) != expected_title:
        raise PageProblem(f"{where}: title {_text(title) if title is not None else None!r} "
                          f"does not agree with h1 {heading!r}")
    for link in document.findall(".//div[@class='error-summary']//a"):
        target = document.find(f".//*[@id='{link.get('href', '#')[1:]}']")
        empty_group = target is not None and target.tag == "fieldset" and target.find(".//input") is None
        if target is None or not (target.tag in ("input", "select", "textarea") or empty_group):
            raise PageProblem(f"{where}: error summary link {link.get('href')} does not lead to a field's input")
    ids = Counter(el.get("id") for el in document.iter() if el.get("id"))
    duplicated = [i for i, n in ids.items() if n > 1]
    if duplicated:
        raise PageProblem(f"{where}: duplicate ids {duplicated}")
    for form in document.findall(".//form"):
        if not form.get("action"):
            raise PageProblem(f"{where}: a form without action")
        if form.get("method", "get").lower() == "post":
            tokens = [i for i in form.findall(".//input") if i.get("name") == "csrf_token" and i.get("value")]
            if not tokens:
                raise PageProblem(f"{where}: a POST form without a CSRF token (action {form.get('action')})")
    descriptions = [m for m in document.findall(".//meta") if m.get("name") == "description"]
    if len(descriptions) != 1 or len(descriptions[0].get("content", "").strip()) < 50:
        raise PageProblem(f"{where}: one meta description of a sentence or more is expected (search results show it)")
    if document.get("lang") != "vi":
        raise PageProblem(f"{where}: <html> must have lang=vi")
