"""Printed documents (PDF with WeasyPrint, DOCX with docxtpl), rendered from stored records."""
