"""Printed documents (PDF with WeasyPrint, DOCX with docxtpl), rendered from stored records."""
from . import letters  # noqa: E402,F401  (absence letter: registers its sample writer)
from . import register_documents  # noqa: E402,F401  (Mẫu 1-213, Mẫu 3-213: registers its sample writer)
