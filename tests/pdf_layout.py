"""A printed PDF read as a reviewer reads it: where each phrase stands on the page, in
which size and weight (pdfplumber, from the PDF's own drawing instructions)."""
from __future__ import annotations

from dataclasses import dataclass
from io import BytesIO

import pdfplumber

MM = 72 / 25.4  # PDF points per millimetre


@dataclass(frozen=True)
class Phrase:
    text: str
    page: int       # 1-based
    x0: float       # mm from the left edge
    x1: float
    top: float      # mm from the top edge
    bottom: float
    size: float     # pt
    bold: bool
    italic: bool


@dataclass(frozen=True)
class Rule:
    """A drawn horizontal line (an underline, a separator), in mm."""
    page: int
    x0: float
    x1: float
    top: float


@dataclass(frozen=True)
class Layout:
    pages: int
    phrases: list[Phrase]
    rules: list[Rule]

    def find(self, text: str, page: int | None = None) -> Phrase:
        """The first phrase that holds `text` (on `page` if given)."""
        for phrase in self.phrases:
            if text in phrase.text and (page is None or phrase.page == page):
                return phrase
        raise AssertionError(f"“{text}” not found on {'page %d' % page if page else 'any page'}: "
                             f"{[p.text for p in self.phrases if page is None or p.page == page]}")

    def on(self, page: int) -> list[Phrase]:
        return [p for p in self.phrases if p.page == page]


def read_layout(data: bytes) -> Layout:
    """Phrases: runs of words on one line in one font and size, with no wide gap between
    them (two blocks side by side on one line stay two phrases)."""
    phrases, rules = [], []
    with pdfplumber.open(BytesIO(data)) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            words = page.extract_words(extra_attrs=["fontname", "size"], keep_blank_chars=False, use_text_flow=True)
            current = None
            for word in words:
                same_run = (current is not None and abs(word["top"] - current["top"]) < 1
                            and word["fontname"] == current["fontname"] and abs(word["size"] - current["size"]) < 0.1
                            and 0 <= word["x0"] - current["x1"] < word["size"])
                if same_run:
                    current["text"] += " " + word["text"]
                    current["x1"], current["bottom"] = word["x1"], max(current["bottom"], word["bottom"])
                else:
                    if current:
                        phrases.append(_phrase(current, number))
                    current = dict(word)
            if current:
                phrases.append(_phrase(current, number))
            for line in page.lines + page.rects:
                if abs(line["bottom"] - line["top"]) < 2 and line["x1"] - line["x0"] > 5:
                    rules.append(Rule(number, line["x0"] / MM, line["x1"] / MM, line["top"] / MM))
        return Layout(len(pdf.pages), phrases, rules)


def _phrase(word: dict, page: int) -> Phrase:
    font = word["fontname"].split("+")[-1]
    return Phrase(word["text"], page, word["x0"] / MM, word["x1"] / MM, word["top"] / MM, word["bottom"] / MM,
                  round(word["size"], 1), "Bold" in font, "Italic" in font)


def fonts_of(data: bytes) -> set[str]:
    """The font families a PDF draws its text with (subset prefixes and styles left out)."""
    with pdfplumber.open(BytesIO(data)) as pdf:
        names = {char["fontname"].split("+")[-1] for page in pdf.pages for char in page.chars}
    families = set()
    for name in names:  # "Liberation-Serif-Bold" (WeasyPrint), "LiberationSerif-Bold" (LibreOffice)
        family = name.replace("-", "")
        for style in ("BoldItalic", "Bold", "Italic", "Regular"):
            family = family.removesuffix(style)
        families.add(family)
    return families
