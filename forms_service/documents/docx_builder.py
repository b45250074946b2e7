"""Builds the .docx templates in documents/docx/ (run scripts/build_docx_templates.py).

The templates are ordinary Word files with Jinja tags ({{ issuer }}) that docxtpl fills.
They are generated here so their layout is reviewable in code, and committed so that
a clerk can open one in Word or LibreOffice, adjust it and save it back.
"""
from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

FONT = "Times New Roman"


def new_document():
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    style = document.styles["Normal"]
    style.font.name, style.font.size = FONT, Pt(14)
    fonts = style.element.rPr.rFonts
    for slot in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(slot), FONT)
    lang = style.element.rPr.makeelement(qn("w:lang"), {qn("w:val"): "vi-VN"})
    style.element.rPr.append(lang)
    style.paragraph_format.space_after = Pt(3)
    return document


def paragraph(container, text="", bold=False, italic=False, size=None, align=None, underline=False):
    para = container.add_paragraph()
    if text:
        run = para.add_run(text)
        run.bold, run.italic, run.underline = bold, italic, underline
        if size:
            run.font.size = Pt(size)
    if align:
        para.alignment = {"center": WD_ALIGN_PARAGRAPH.CENTER, "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
                          "right": WD_ALIGN_PARAGRAPH.RIGHT}[align]
    para.paragraph_format.space_after = Pt(2)
    return para


def borderless_table(document, rows: int, cols: int):
    table = document.add_table(rows=rows, cols=cols)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = True
    return table


def _cell(table, row, col):
    cell = table.cell(row, col)
    cell.paragraphs[0]._element.getparent().remove(cell.paragraphs[0]._element)
    return cell


def party_header(document, title: str, subtitle: str = "", with_number: bool = False) -> None:
    """The header of HD 36: superior and issuer with the star on the left; the party
    heading, underlined, and the italic place-and-date line on the right; the title."""
    table = borderless_table(document, 1, 2)
    left, right = _cell(table, 0, 0), _cell(table, 0, 1)
    paragraph(left, "{{ superior|upper }}", size=13, align="center")
    paragraph(left, "{{ issuer|upper }}", bold=True, size=13, align="center")
    paragraph(left, "*", align="center")
    if with_number:
        paragraph(left, "{{ number }}", size=13, align="center")
    paragraph(right, "ĐẢNG CỘNG SẢN VIỆT NAM", bold=True, underline=True, align="center")
    paragraph(right, "{{ date_line }}", italic=True, size=13, align="center")
    paragraph(document)
    paragraph(document, title, bold=True, size=15, align="center")
    if subtitle:
        paragraph(document, subtitle, bold=True, align="center")


def signature_table(document, left: list[str], right: list[str]) -> None:
    """Two signature blocks side by side; each list is bold title lines, the last item
    being the Jinja expression of the signer's name (may be empty)."""
    table = borderless_table(document, 1, 2)
    for col, lines in ((0, left), (1, right)):
        cell = _cell(table, 0, col)
        if not lines:
            paragraph(cell)
            continue
        for title in lines[:-1]:
            paragraph(cell, title, bold=True, align="center")
        paragraph(cell, "(Ký, ghi rõ họ tên)", italic=True, size=12, align="center")
        for _ in range(3):
            paragraph(cell)
        paragraph(cell, lines[-1], bold=True, align="center")


def finish(document, target: Path) -> Path:
    """The verification line and the note on unconfirmed wording at the foot, then save."""
    verification(document)
    paragraph(document, "{{ note }}", italic=True, size=10)
    target.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(target))
    return target


def verification(document) -> None:
    paragraph(document, "{% if reference %}Mã tra cứu: {{ reference }}. Kiểm tra bản in này tại {{ verify_url }}{% endif %}",
              size=10)
