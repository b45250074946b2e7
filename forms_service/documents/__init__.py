"""Printed documents (PDF with WeasyPrint, DOCX with docxtpl), rendered from stored records."""
from . import letters  # noqa: E402,F401  (absence letter: registers its sample writer)
