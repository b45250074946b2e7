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


class RenderFailed(Exception):
    """A document could not be produced (a template broken by an edit or a data change,
    a missing font…). The record it prints is untouched; the page says so in Vietnamese."""


def date_line(place: str, when: date | None) -> str:
    """The italic place-and-date line of a party document (Hướng dẫn 36-HD/VPTW, 03/4/2018):
    a leading zero only for days 1–9 and for months 1 and 2, as party and state documents
    write them ("ngày 05 tháng 3 năm 2026", "ngày 14 tháng 01 năm 2026"); dots on a
    blank form. The PDF and the DOCX both print this string."""
    if when is None:
        return f"{place or '…………'}, ngày …… tháng …… năm 20……"
    month = f"{when.month:02d}" if when.month <= 2 else str(when.month)
    return f"{place}, ngày {when.day:02d} tháng {month} năm {when.year}"


def vn_date(value: date | None, blank: str = "……/……/………") -> str:
    return value.strftime("%d/%m/%Y") if value else blank


# --- the header of a document a workplace issues (Mẫu 1-213, Mẫu 3-213) ------------------------

DOTS = "…………………………………………………………"  # a value to write by hand on a blank form


def workplace_header(workplace, org, on: date | None) -> dict:
    """The superior body, the issuing workplace and the place-and-date line, from the
    workplace's unit (or None) and the organisation."""
    superior = org.get(workplace.parent_id) if workplace else None
    place = workplace.place if workplace else ""
    return {"superior": superior.name if superior else "", "issuer": workplace.name if workplace else "",
            "place": place, "date": on, "date_line": date_line(place, on)}


def blank_header() -> dict:
    return {"superior": "", "issuer": "", "place": "", "date": None, "date_line": date_line("", None)}


def sample_header(workplace_id: str, on: date) -> tuple[dict, dict, object]:
    """(header, members by id, organisation) of the demo province, for the filled samples."""
    from ..domain.demo import demo_data
    from ..domain.members import Member
    from ..domain.org import OrgStructure, Unit
    data = demo_data()
    org = OrgStructure([Unit.from_record(u) for u in data["units"]])
    members = {m["id"]: Member.from_record(m) for m in data["members"]}
    return workplace_header(org.get(workplace_id), org, on), members, org


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(["html"]),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["ngay"] = vn_date
    env.globals["date_line"] = date_line
    return env


def render_html(template: str, **context) -> str:
    return environment().get_template(template).render(**context)


STYLESHEET = TEMPLATES / "documents" / "party_document.css"


@lru_cache(maxsize=1)
def _pdf_machinery():
    """WeasyPrint's font configuration and the parsed stylesheet (the fonts and the one
    party_document.css), made once per process and reused by every render: fetching and
    parsing the linked stylesheet at each render was about a tenth of its time."""
    # Imported lazily: WeasyPrint loads Pango at import, which pages that print nothing don't need.
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    faces = "\n".join(
        f"@font-face {{ font-family: 'Liberation Serif'; src: url('{(FONTS / f'LiberationSerif-{style}.ttf').as_uri()}');"
        f" font-weight: {weight}; font-style: {slant}; }}"
        for style, weight, slant in (("Regular", 400, "normal"), ("Bold", 700, "normal"),
                                     ("Italic", 400, "italic"), ("BoldItalic", 700, "italic")))
    stylesheet = CSS(string=faces + "\n" + STYLESHEET.read_text(encoding="utf-8"), font_config=fonts,
                     base_url=str(STYLESHEET))
    return HTML, stylesheet, fonts


# Let the font configuration go while its modules still exist: collected at interpreter
# shutdown instead, its destructor fails noisily.
atexit.register(_pdf_machinery.cache_clear)


def render_pdf(template: str, **context) -> bytes:
    try:
        HTML, stylesheet, fonts = _pdf_machinery()
        html = render_html(template, **context)
        return HTML(string=html, base_url=str(TEMPLATES)).write_pdf(stylesheets=[stylesheet], font_config=fonts)
    except Exception as error:  # whatever breaks, the caller gets one kind of failure to explain
        raise RenderFailed(f"PDF {template}: {error!r}") from error


def render_docx(template_file: str, **context) -> bytes:
    from docxtpl import DocxTemplate

    try:
        document = DocxTemplate(str(DOCX_TEMPLATES / template_file))
        document.render(context, autoescape=True)
        buffer = io.BytesIO()
        document.save(buffer)
        return buffer.getvalue()
    except Exception as error:
        raise RenderFailed(f"DOCX {template_file}: {error!r}") from error


def write_pdf_and_docx(directory: Path, contexts: dict[str, dict], pdf, docx) -> list[Path]:
    """Each context of `contexts` (file stem -> context) written as `stem.pdf` and `stem.docx`
    by the form's own `pdf(context)` and `docx(context)`."""
    written = []
    for stem, context in contexts.items():
        pdf_path, docx_path = directory / f"{stem}.pdf", directory / f"{stem}.docx"
        pdf_path.write_bytes(pdf(context))
        docx_path.write_bytes(docx(context))
        written += [pdf_path, docx_path]
    return written
