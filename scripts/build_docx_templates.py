"""Generate the .docx templates in forms_service/documents/docx/ from their builder
functions. Run after changing a builder, then commit the .docx files.

    .venv/bin/python scripts/build_docx_templates.py
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from forms_service.documents import comments, introductions, letters, printed_register  # noqa: E402

BUILDERS = [
    letters.build_docx_template,
    introductions.build_introduction_docx_template,
    comments.build_comment_docx_template,
    printed_register.build_docx_template,
]

if __name__ == "__main__":
    for build in BUILDERS:
        print(build())
