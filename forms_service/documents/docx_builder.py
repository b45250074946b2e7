"""Builds the .docx templates in documents/docx/ (run scripts/build_docx_templates.py).

The templates are ordinary Word files with Jinja tags ({{ issuer }}) that docxtpl fills.
They are generated here so their layout is reviewable in code, and committed so that
a clerk can open one in Word or LibreOffice, adjust it and save it back.

They carry the values of templates/documents/party_document.css (Hướng dẫn 36-HD/VPTW,
03/4/2018), so that a DOCX opened in LibreOffice Writer has the pages of the PDF: the same
margins (mirrored on the back), page numbers from page 2 at the top centre, the
verification line and the note in the footer, blocks side by side in borderless tables.
"""
from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

# HD 36 asks for Times New Roman, and a clerk's Word has it: every script slot of every run
# and style names it (ascii, hAnsi, eastAsia, cs; a slot left unset falls back to the theme
# font, which LibreOffice shows as DejaVu Serif). LibreOffice, which ships no Times New Roman,
# sets it in Liberation Serif, made with the same metrics, so the lines break where they do
# in the PDF, which embeds Liberation Serif (templates/documents/party_document.css). The font
# table names Liberation Serif as the alternative, for a machine with neither.
FONT = "Times New Roman"
FONT_ALTERNATIVE = "Liberation Serif"
SLOTS = ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs")
BODY_PT = 14
TEXT_WIDTH_MM = 160  # A4 210 mm less the 35 + 15 mm side margins
HEADER_COLUMNS_MM = [70.4, 89.6]  # 44 % and 56 %, as table.header in party_document.css
ALIGN = {"center": WD_ALIGN_PARAGRAPH.CENTER, "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
         "right": WD_ALIGN_PARAGRAPH.RIGHT, "left": WD_ALIGN_PARAGRAPH.LEFT}


def _set_fonts(rpr) -> None:
    """Times New Roman in all four script slots of a run or style, with no theme font."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in list(fonts.attrib):
        if attribute.endswith("Theme") or attribute.endswith("theme"):
            del fonts.attrib[attribute]
    for slot in SLOTS:
        fonts.set(qn(slot), FONT)


def _name_the_alternative(document) -> None:
    """The font table entry of Times New Roman, with Liberation Serif as its altName."""
    part = next(p for p in document.part.package.iter_parts() if str(p.partname) == "/word/fontTable.xml")
    xml = part.blob.decode("utf-8")
    alternative = f'<w:altName w:val="{FONT_ALTERNATIVE}"/>'
    if alternative in xml:
        return
    opening = f'<w:font w:name="{FONT}">'
    if opening in xml:
        xml = xml.replace(opening, opening + alternative, 1)
    else:
        xml = xml.replace("</w:fonts>", f'{opening}{alternative}<w:panose1 w:val="02020603050405020304"/>'
                          '<w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>'
                          "</w:fonts>")
    part._blob = xml.encode("utf-8")


def new_document():
    document = Document()
    section = document.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width, section.page_height = Mm(210), Mm(297)
    # Margins and page numbers as in party_document.css: 25/25/35/15 mm, the figures of a
    # party handbook (whether they are HD 36's own is UNCONFIRMED); mirrored on the back.
    section.top_margin, section.bottom_margin = Mm(25), Mm(25)
    section.left_margin, section.right_margin = Mm(35), Mm(15)
    section.header_distance, section.footer_distance = Mm(10), Mm(8)
    section.different_first_page_header_footer = True
    settings = document.settings.element
    settings.insert(0, OxmlElement("w:mirrorMargins"))
    styles = document.styles
    _set_fonts(styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr")))
    for style in styles:
        rpr = style.element.find(qn("w:rPr"))
        if rpr is not None and rpr.find(qn("w:rFonts")) is not None:
            _set_fonts(rpr)
    normal = styles["Normal"]
    normal.font.size = Pt(BODY_PT)
    _set_fonts(normal.element.get_or_add_rPr())
    normal.element.get_or_add_rPr().append(normal.element.makeelement(qn("w:lang"), {qn("w:val"): "vi-VN"}))
    # single spacing: the line height the PDF uses (line-height 1.15 of this font)
    normal.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    normal.paragraph_format.space_before, normal.paragraph_format.space_after = Pt(0), Pt(4)
    _name_the_alternative(document)
    _page_number(section)
    return document


def _page_number(section) -> None:
    """From page 2, the page number at the top centre; page 1 has an empty header."""
    para = section.header.paragraphs[0]
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = para.add_run()
    _set_fonts(run._r.get_or_add_rPr())
    run.font.size = Pt(BODY_PT)
    for kind, text in (("begin", None), (None, " PAGE "), ("end", None)):
        if kind:
            field = OxmlElement("w:fldChar")
            field.set(qn("w:fldCharType"), kind)
        else:
            field = OxmlElement("w:instrText")
            field.set(qn("xml:space"), "preserve")
            field.text = text
        run._r.append(field)


def paragraph(container, text="", bold=False, italic=False, size=None, align=None, underline=False,
              space_after=None, page_break_before=False):
    para = container.add_paragraph()
    if text:
        run = para.add_run(text)
        run.bold, run.italic, run.underline = bold, italic, underline
        _set_fonts(run._r.get_or_add_rPr())
        if size:
            run.font.size = Pt(size)
    if align:
        para.alignment = ALIGN[align]
    if space_after is not None:
        para.paragraph_format.space_after = Pt(space_after)
    if page_break_before:
        para.paragraph_format.page_break_before = True
    return para


def borderless_table(document, widths_mm: list[float]):
    """A table without borders, in fixed columns: blocks side by side, as in the PDF."""
    table = document.add_table(rows=1, cols=len(widths_mm))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    properties = table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    properties.append(layout)
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        line = OxmlElement(f"w:{edge}")
        line.set(qn("w:val"), "nil")
        borders.append(line)
    properties.append(borders)
    for column, width in zip(table.columns, widths_mm):
        column.width = Mm(width)
        for cell in column.cells:
            cell.width = Mm(width)
    return table


GRID_PT = 12             # the text of a ruled table, as table.grid in party_document.css
GRID_ROW_MIN_MM = 8      # room to write by hand in a row, as table.grid td
GRID_PAD_MM = 1.5


def _rule_all_edges(table) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        line = OxmlElement(f"w:{edge}")
        for key, value in (("w:val", "single"), ("w:sz", "4"), ("w:space", "0"), ("w:color", "000000")):
            line.set(qn(key), value)
        borders.append(line)
    table._tbl.tblPr.append(borders)
    margins = OxmlElement("w:tblCellMar")
    for edge in ("left", "right"):
        side = OxmlElement(f"w:{edge}")
        side.set(qn("w:w"), str(int(GRID_PAD_MM * 56.7)))
        side.set(qn("w:type"), "dxa")
        margins.append(side)
    table._tbl.tblPr.append(margins)


def _row_height(row, mm: float) -> None:
    properties = row._tr.get_or_add_trPr()
    height = OxmlElement("w:trHeight")
    height.set(qn("w:val"), str(int(mm * 56.7)))
    height.set(qn("w:hRule"), "atLeast")
    properties.append(height)


def grid_table(document, widths_mm: list[float], headers: list, items: str, values: list[str], name: str):
    """A ruled table: a bold header row (a header is a string, or a tuple of lines), then one
    row per item of the Jinja list `items` (docxtpl's row loop, `name` for the item), each
    cell the Jinja expression in `values`, at least GRID_ROW_MIN_MM high."""
    table = document.add_table(rows=4, cols=len(widths_mm))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)
    _rule_all_edges(table)
    for column, width in zip(table.columns, widths_mm):
        column.width = Mm(width)
        for cell in column.cells:
            cell.width = Mm(width)
    rows = table.rows
    lines_of = [(h,) if isinstance(h, str) else h for h in headers]
    for col, lines in enumerate(lines_of):
        cell = _cell(table, 0, col)
        for line in lines:
            paragraph(cell, line, bold=True, size=GRID_PT, align="center", space_after=0)
    _cell(table, 1, 0).add_paragraph(f"{{%tr for {name} in {items} %}}")
    for col, value in enumerate(values):
        paragraph(_cell(table, 2, col), f"{{{{ {value} }}}}", size=GRID_PT, align="left", space_after=0)
    _cell(table, 3, 0).add_paragraph("{%tr endfor %}")
    for col in range(1, len(widths_mm)):
        for row in (1, 3):
            _cell(table, row, col).add_paragraph()
    _row_height(rows[2], GRID_ROW_MIN_MM)
    # the header row repeats on a page the table runs onto
    header = rows[0]._tr.get_or_add_trPr()
    header.append(OxmlElement("w:tblHeader"))
    return table


def _cell(table, row, col):
    cell = table.cell(row, col)
    cell.paragraphs[0]._element.getparent().remove(cell.paragraphs[0]._element)
    return cell


def party_header(document, title: str, subtitle: str = "", with_number: bool = False) -> None:
    """The header of HD 36, sizes and styles of its Annex 3: superior (14 pt) and issuer
    (14 pt bold) with the star on the left, the number (14 pt); the party heading (15 pt
    bold, underlined) and the italic place-and-date line (14 pt) on the right; the title."""
    table = borderless_table(document, HEADER_COLUMNS_MM)
    left, right = _cell(table, 0, 0), _cell(table, 0, 1)
    paragraph(left, "{{ (superior or '……………………………')|upper }}", size=14, align="center", space_after=0)
    paragraph(left, "{{ (issuer or '……………………………')|upper }}", bold=True, size=14, align="center", space_after=0)
    paragraph(left, "*", align="center", space_after=0)
    if with_number:
        paragraph(left, "{{ number }}", size=14, align="center", space_after=0)
    paragraph(right, "ĐẢNG CỘNG SẢN VIỆT NAM", bold=True, underline=True, size=15, align="center")
    paragraph(right, "{{ date_line }}", italic=True, size=14, align="center")
    paragraph(document, title, bold=True, size=15, align="center", space_after=0)
    if subtitle:
        paragraph(document, subtitle, bold=True, align="center")


def signature_block(cell, titles: list[str], name: str, lead: list[tuple[str, dict]] = (), room_mm: float = 16) -> None:
    """One signature block in a table cell: optional lead lines (text, paragraph options),
    the bold title lines, the "(Ký, ghi rõ họ tên)" note, room to sign (the .sign-name
    margin of party_document.css), the bold name."""
    for text, options in lead:
        paragraph(cell, text, **options)
    for title in titles:
        paragraph(cell, title, bold=True, align="center", space_after=0)
    paragraph(cell, "(Ký, ghi rõ họ tên)", italic=True, size=12, align="center", space_after=0)
    room = paragraph(cell, space_after=0)
    room.paragraph_format.line_spacing = Mm(room_mm)
    paragraph(cell, name, bold=True, align="center")


def signature_table(document, left: list[str], right: list[str]) -> None:
    """Two signature blocks side by side; each list is the bold title lines, the last item
    being the Jinja expression of the signer's name. An empty list leaves its side empty."""
    blocks_side_by_side(document, [(left[:-1], left[-1], []) if left else None,
                                   (right[:-1], right[-1], []) if right else None])


def blocks_side_by_side(document, blocks: list, room_mm: float = 16) -> None:
    """Blocks (titles, name, lead lines) next to each other; None leaves a column empty."""
    table = borderless_table(document, [TEXT_WIDTH_MM / len(blocks)] * len(blocks))
    for col, block in enumerate(blocks):
        cell = _cell(table, 0, col)
        if block is None:
            paragraph(cell)
        else:
            signature_block(cell, *block, room_mm=room_mm)


def _last_paragraph(document) -> None:
    """A document may not end on a table: Word and LibreOffice add a paragraph after it. Ours
    is 1 pt high, so that it never carries a page of its own past the signatures."""
    para = paragraph(document, space_after=0)
    para.paragraph_format.line_spacing = Pt(1)
    mark = OxmlElement("w:rPr")
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), "2")
    mark.append(size)
    para._p.get_or_add_pPr().append(mark)


def finish(document, target: Path) -> Path:
    """The note on unconfirmed wording and the verification line in the footer of every
    page (the PDF keeps them in the bottom margin, so they never push the body), then save."""
    section = document.sections[0]
    for footer in (section.first_page_footer, section.footer):
        first = footer.paragraphs[0]
        first._element.getparent().remove(first._element)
        paragraph(footer, "{{ note }}", italic=True, size=9.5, space_after=0)
        paragraph(footer, "{% if reference %}Mã tra cứu: {{ reference }}. Kiểm tra bản in này tại {{ verify_url }}"
                          "{% endif %}", size=9.5, space_after=0)
    _last_paragraph(document)
    target.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(target))
    return target
