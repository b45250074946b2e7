"""The text of a printed document, as a reader (or a search) sees it."""
from __future__ import annotations

import subprocess
from io import BytesIO

from docx import Document


def pdf_text(data: bytes) -> str:
    """pdftotext in reading order, all white space folded: a phrase wrapped across
    lines or inside a narrow column still reads as one phrase."""
    result = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True)
    return " ".join(result.stdout.decode("utf-8").split())


def docx_text(data: bytes) -> str:
    """Every paragraph of the body and of its tables, then of the footers (the verification
    line and the note are printed there), white space folded."""
    document = Document(BytesIO(data))
    texts = [p.text for p in document.paragraphs]
    texts += [p.text for table in document.tables for row in table.rows for cell in row.cells for p in cell.paragraphs]
    for section in document.sections:
        for footer in (section.first_page_footer, section.footer):
            texts += [p.text for p in footer.paragraphs]
    return " ".join(" ".join(texts).split())
