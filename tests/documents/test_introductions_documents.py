"""Mẫu 1-213, the introduction letter: PDF text, DOCX text, samples, wording from data."""
from __future__ import annotations

import pytest

from forms_service.cli import main
from forms_service.documents.introductions import (build_introduction_docx_template, introduction_fields,
                                                   render_introduction_docx, render_introduction_pdf,
                                                   sample_contexts)
from tests.document_text import docx_text, pdf_text

pytestmark = pytest.mark.calendar


def test_introduction_prints_header_number_and_reception_block(tmp_path):
    context = sample_contexts()["giay-gioi-thieu"]
    for text in (pdf_text(render_introduction_pdf(context)), docx_text(render_introduction_docx(context))):
        assert "GIẤY GIỚI THIỆU" in text and "Số 12-GGT/ĐU" in text and "ĐẢNG CỘNG SẢN VIỆT NAM" in text
        assert "Quy định số 213-QĐ/TW" in text and "Nguyễn Văn An" in text
        assert "Tiếp nhận ngày 09/03/" in text and "Đã giới thiệu về sinh hoạt tại" in text and "Trần Văn Phước" in text
        assert "Chức vụ" not in text  # not a line of the known Mẫu 1-213
    blank = pdf_text(render_introduction_pdf(introduction_fields()))
    # the body that will sign is not known: its symbol is left to write by hand
    assert "Số ……-GGT/……" in blank and "GGT/ĐU" not in blank and "Tiếp nhận ngày ……/……/………" in blank


def test_committed_docx_template_matches_its_builder(tmp_path):
    from forms_service.documents.render import DOCX_TEMPLATES
    fresh = build_introduction_docx_template(tmp_path / "giay_gioi_thieu.docx")
    assert docx_text(fresh.read_bytes()) == docx_text((DOCX_TEMPLATES / "giay_gioi_thieu.docx").read_bytes())


def test_samples_command_writes_the_filled_and_the_blank_letter(tmp_path):
    assert main(["samples", str(tmp_path)]) == 0
    for stem in ("giay-gioi-thieu", "giay-gioi-thieu-mau-trang"):
        assert (tmp_path / f"{stem}.pdf").read_bytes().startswith(b"%PDF")
        assert (tmp_path / f"{stem}.docx").read_bytes().startswith(b"PK")
