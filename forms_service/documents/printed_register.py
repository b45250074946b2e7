"""The printed register: the residence cell's register of meetings and attendance (sổ theo
dõi sinh hoạt của đảng viên đang công tác) as a printed document: blank, for cells that keep
it by hand, or filled from the attendance register the service keeps
(services/attendance_register.printed_register).

One context feeds the PDF and the DOCX: every printed value is a ready string, so the DOCX
template holds no logic a clerk could break. The wording and the attendance labels come
from data/forms/so-theo-doi.json.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

from ..domain import clock
from ..domain.attendance_register import (ATTENDANCE_LABELS, PRINTED_AS, Attendance, SheetRow,
                                          printed_register_wording)
from ..domain.org import UnitKind
from .render import DOCX_TEMPLATES, date_line, render_docx, render_pdf, vn_date, write_pdf_and_docx
from .signing import signature_lines

TEMPLATE_HTML = "documents/so_theo_doi.html"
TEMPLATE_DOCX = "so_theo_doi.docx"
MEETINGS_PER_TABLE = 3  # columns of meetings in one attendance table: each stays wide enough to write in
# Column widths in mm, shared by the PDF (inline styles) and the DOCX template: 160 mm of text width.
MEMBER_COLUMNS_MM = [11, 42, 47, 26, 34]
ATTENDANCE_COLUMNS_MM = [11, 41, 36, 36, 36]


def _meeting_header(number: int, on: date | None) -> dict:
    words = printed_register_wording()["meetings_part"]["meeting_column"]
    return {"label": words["label"].format(number=number), "date": words["date"].format(date=vn_date(on))}


def _attendance_tables(meetings: list, rows: list[SheetRow], blank_rows: int) -> list[dict]:
    """The meetings in tables of MEETINGS_PER_TABLE columns; the last one's free columns are
    left for meetings still to come, to be written by hand."""
    count = max(len(meetings), 1)
    columns = -(-count // MEETINGS_PER_TABLE) * MEETINGS_PER_TABLE
    tables = []
    for start in range(0, columns, MEETINGS_PER_TABLE):
        numbers = range(start, start + MEETINGS_PER_TABLE)
        headers = [_meeting_header(n + 1, meetings[n].date if n < len(meetings) else None) for n in numbers]
        lines = [{"number": str(i), "name": row.member.full_name,
                  "cells": [row.attendance[n] if n < len(meetings) else "" for n in numbers]}
                 for i, row in enumerate(rows, start=1)]
        lines += [{"number": str(i), "name": "", "cells": [""] * MEETINGS_PER_TABLE}
                  for i in range(len(rows) + 1, len(rows) + blank_rows + 1)]
        tables.append({"headers": headers, "rows": lines})
    return tables


def printed_register_fields(*, cell_name="", commune_name="", place="", year: int | None = None,
                            printed_on: date | None = None, meetings: list = (), rows: list[SheetRow] = ()) -> dict:
    """Everything the register prints; without a cell (a blank register) dots stand in."""
    words = printed_register_wording()
    blank_rows = words["blank_rows"]["filled" if cell_name else "blank"]
    members = [{"number": str(i), "name": row.member.full_name, "workplace": row.workplace,
                "introduced": vn_date(row.introduced_on, blank=""), "comment": row.comment_state}
               for i, row in enumerate(rows, start=1)]
    members += [{"number": str(i), "name": "", "workplace": "", "introduced": "", "comment": ""}
                for i in range(len(rows) + 1, len(rows) + blank_rows + 1)]
    # the labels a register kept by hand uses: a paper letter is written like any agreed letter
    labels = "; ".join(f"“{ATTENDANCE_LABELS[status]}”" for status in Attendance if status not in PRINTED_AS)
    return {
        "superior": commune_name, "issuer": cell_name, "number": "",
        "place": place, "date": printed_on, "date_line": date_line(place, printed_on),
        "doc_title": words["title"], "subtitle": words["subtitle"],
        "year_line": words["year_line"].format(year=year or "20……"),
        "reference": None, "verify_url": "", "note": words["note"],
        "members_title": words["members_part"]["title"], "member_columns": words["members_part"]["columns"],
        "members": members,
        "meetings_title": words["meetings_part"]["title"], "attendance_columns": words["meetings_part"]["columns"],
        "attendance_tables": _attendance_tables(list(meetings), list(rows), blank_rows),
        "how_title": words["how_to_fill"]["title"],
        "how_lines": [line.format(labels=labels) for line in words["how_to_fill"]["lines"]],
        "cell_signature": signature_lines(UnitKind.RESIDENCE_CELL, cell_name), "signer_name": "",
        "member_widths": MEMBER_COLUMNS_MM, "attendance_widths": ATTENDANCE_COLUMNS_MM,
    }


def printed_register_context(printed) -> dict:
    """The printed register of a cell's year (a services.attendance_register.PrintedRegister)."""
    return printed_register_fields(
        cell_name=printed.cell.name, commune_name=printed.commune.name if printed.commune else "",
        place=printed.cell.place, year=printed.year, printed_on=clock.today(),
        meetings=printed.meetings, rows=printed.rows)


def blank_printed_register_context() -> dict:
    return printed_register_fields()


def printed_register_pdf(context: dict) -> bytes:
    # the PDF frame calls the date_line() function itself; the string is for the DOCX
    return render_pdf(TEMPLATE_HTML, **{k: v for k, v in context.items() if k != "date_line"})


def printed_register_docx(context: dict) -> bytes:
    return render_docx(TEMPLATE_DOCX, **context)


def build_docx_template(target: Path | None = None) -> Path:
    """Write documents/docx/so_theo_doi.docx (scripts/build_docx_templates.py calls this)."""
    from docx.shared import Pt

    from .docx_builder import finish, grid_table, new_document, paragraph, party_header, signature_table

    words = printed_register_wording()
    document = new_document()
    party_header(document, words["title"].upper(), words["subtitle"])
    paragraph(document, "{{ year_line }}", bold=True, align="center")
    paragraph(document, "{{ members_title }}", bold=True)
    grid_table(document, MEMBER_COLUMNS_MM, [f"{{{{ member_columns[{i}] }}}}" for i in range(5)],
               "members", ["m.number", "m.name", "m.workplace", "m.introduced", "m.comment"], "m")
    paragraph(document, "{{ meetings_title }}", bold=True, page_break_before=True)
    paragraph(document, "{%p for t in attendance_tables %}")
    grid_table(document, ATTENDANCE_COLUMNS_MM,
               ["{{ attendance_columns[0] }}", "{{ attendance_columns[1] }}"]
               + [(f"{{{{ t.headers[{i}].label }}}}", f"{{{{ t.headers[{i}].date }}}}") for i in range(MEETINGS_PER_TABLE)],
               "t.rows", ["r.number", "r.name"] + [f"r.cells[{i}]" for i in range(MEETINGS_PER_TABLE)], "r")
    paragraph(document, "{%p endfor %}")
    how = paragraph(document, "{{ how_title }}", bold=True)
    how.paragraph_format.space_before = Pt(8)  # as h2.part-title's top margin after a table
    paragraph(document, "{%p for line in how_lines %}")
    paragraph(document, "{{ line }}", size=12, align="justify")
    paragraph(document, "{%p endfor %}")
    signature_table(document, [], ["{{ cell_signature[0] }}", "{{ cell_signature[1] }}", "{{ signer_name }}"])
    return finish(document, target or DOCX_TEMPLATES / TEMPLATE_DOCX)


def write_samples(directory: Path, printed) -> list[Path]:
    """The filled register of `printed` (a cell's year, from a demo store the command line
    seeds: documents never open a store) and the blank one."""
    contexts = {"so-theo-doi": printed_register_context(printed),
                "so-theo-doi-mau-trang": blank_printed_register_context()}
    return write_pdf_and_docx(directory, contexts, printed_register_pdf, printed_register_docx)
