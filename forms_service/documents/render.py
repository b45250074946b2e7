"""Rendering of printed documents, shared by every form.

PDF: WeasyPrint from Jinja templates in templates/documents/ (the same templates the
web print view uses), with Liberation Serif shipped in documents/fonts/ so the output
does not depend on the machine's fonts. DOCX: docxtpl from a .docx template in
documents/docx/ that a clerk can open and adjust in Word or LibreOffice.
"""
from __future__ import annotations

import atexit
import io
import logging
from datetime import date
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

PACKAGE = Path(__file__).resolve().parent.parent
TEMPLATES = PACKAGE / "templates"
FONTS = Path(__file__).resolve().parent / "fonts"
DOCX_TEMPLATES = Path(__file__).resolve().parent / "docx"

logging.getLogger("fontTools").setLevel(logging.WARNING)


def date_line(place: str, when: date | None) -> str:
    """The italic place-and-date line of a party document (HD 36-HD/VPTW):
    "Hòa An Tây, ngày 05 tháng 12 năm 2026"; blank dots on a blank form."""
    if when is None:
        return f"{place or '…………'}, ngày …… tháng …… năm 20……"
    return f"{place}, ngày {when:%d} tháng {when:%m} năm {when:%Y}"


def vn_date(value: date | None, blank: str = "……/……/………") -> str:
    return value.strftime("%d/%m/%Y") if value else blank


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(["html"]),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["ngay"] = vn_date
    env.globals["date_line"] = date_line
    return env


def render_html(template: str, **context) -> str:
    return environment().get_template(template).render(**context)


@lru_cache(maxsize=1)
def _pdf_machinery():
    # Imported lazily: WeasyPrint loads Pango at import, which pages that print nothing don't need.
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    faces = "\n".join(
        f"@font-face {{ font-family: 'Liberation Serif'; src: url('{(FONTS / f'LiberationSerif-{style}.ttf').as_uri()}');"
        f" font-weight: {weight}; font-style: {slant}; }}"
        for style, weight, slant in (("Regular", 400, "normal"), ("Bold", 700, "normal"),
                                     ("Italic", 400, "italic"), ("BoldItalic", 700, "italic")))
    return HTML, CSS(string=faces, font_config=fonts), fonts


# Let the font configuration go while its modules still exist: collected at interpreter
# shutdown instead, its destructor fails noisily.
atexit.register(_pdf_machinery.cache_clear)


def render_pdf(template: str, **context) -> bytes:
    HTML, font_css, fonts = _pdf_machinery()
    html = render_html(template, **context)
    return HTML(string=html, base_url=str(TEMPLATES)).write_pdf(stylesheets=[font_css], font_config=fonts)


def render_docx(template_file: str, **context) -> bytes:
    from docxtpl import DocxTemplate

    document = DocxTemplate(str(DOCX_TEMPLATES / template_file))
    document.render(context, autoescape=True)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
