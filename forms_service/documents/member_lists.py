"""A member list as the officer takes it away: a printable A4 PDF (the party-document frame),
a spreadsheet (.xlsx) and a CSV that Excel opens with its Vietnamese letters (UTF-8 with BOM)."""
from __future__ import annotations

import csv
import io
from datetime import date

from ..domain.member_lists import MemberLine
from ..domain.org import OrgStructure, Unit
from .render import render_pdf

TEMPLATE_HTML = "documents/danh_sach_dang_vien.html"
COLUMNS_MM = [10, 34, 30, 26, 20, 22, 18]   # 160 mm of text width, the number column first


def _numbered(lines: list[MemberLine]) -> list[list[str]]:
    return [[str(number), *line.cells()] for number, line in enumerate(lines, start=1)]


def list_pdf(title: str, unit: Unit, org: OrgStructure, lines: list[MemberLine], on: date) -> bytes:
    parent = org.get(unit.parent_id)
    return render_pdf(TEMPLATE_HTML, doc_title=title.upper(), subtitle=unit.name, superior=parent.name.upper()
                      if parent else "", issuer=unit.name.upper(), place=unit.place, date=on,
                      columns=["STT", *MemberLine.COLUMNS], widths=COLUMNS_MM, rows=_numbered(lines),
                      total=len(lines))


def list_csv(lines: list[MemberLine]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(["STT", *MemberLine.COLUMNS])
    writer.writerows(_numbered(lines))
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def list_xlsx(title: str, unit: Unit, lines: list[MemberLine]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Danh sách"
    sheet.append([f"{title} – {unit.name}"])
    sheet["A1"].font = Font(bold=True)
    sheet.append(["STT", *MemberLine.COLUMNS])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in _numbered(lines):
        sheet.append([int(row[0]), *row[1:]])
    for letter, width in zip("ABCDEFGH", (6, 28, 34, 24, 22, 18, 34, 14)):
        sheet.column_dimensions[letter].width = width
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
