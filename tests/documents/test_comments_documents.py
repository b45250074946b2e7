"""Both variants of Mẫu 3-213, the yearly comment: PDF text, DOCX text, samples, wording from data."""
from __future__ import annotations

import unicodedata

import pytest

from forms_service.cli import main
from forms_service.documents.comments import (blank_comment_context, build_comment_docx_template, render_comment_docx,
                                             render_comment_pdf, sample_contexts)
from forms_service.domain.comments import Variant
from tests.document_text import docx_text, pdf_text

pytestmark = pytest.mark.calendar


def test_filled_comment_prints_criteria_ticks_and_remarks_but_not_the_rating_cap(tmp_path):
    """The rating is the workplace's decision: the cap is on its screens, not on the cell's signed form."""
    context = sample_contexts()["phieu-nhan-xet"]
    for text in (pdf_text(render_comment_pdf(context)), docx_text(render_comment_docx(context))):
        assert unicodedata.is_normalized("NFC", text)
        assert "PHIẾU XIN Ý KIẾN" in text and "Mẫu 3-213" in text
        assert "■ Nêu gương tốt" in text and "□ Chưa nêu gương" in text
        assert "■ Không đề nghị" in text
        assert "không có lý do chính đáng" in text
        assert "Lưu ý về xếp loại" not in text and "mức xếp loại" not in text
        assert "cần đối chiếu văn bản gốc" in text
        assert "NX-" in text


def test_exempt_variant_has_three_criteria(tmp_path):
    text = pdf_text(render_comment_pdf(blank_comment_context(Variant.EXEMPT)))
    assert "Đảng viên được miễn sinh hoạt nơi cư trú" in text
    assert "□ Thực hiện tốt" in text and "4. Đề nghị của chi ủy" in text and "Tham gia đầy đủ" not in text


def test_committed_docx_template_matches_its_builder(tmp_path):
    from forms_service.documents.render import DOCX_TEMPLATES
    fresh = build_comment_docx_template(tmp_path / "phieu_nhan_xet.docx")
    assert docx_text(fresh.read_bytes()) == docx_text((DOCX_TEMPLATES / "phieu_nhan_xet.docx").read_bytes())


def test_samples_command_writes_both_variants_filled_and_blank(tmp_path):
    assert main(["samples", str(tmp_path)]) == 0
    for stem in ("phieu-nhan-xet", "phieu-nhan-xet-mien-sinh-hoat", "phieu-nhan-xet-mau-trang",
                 "phieu-nhan-xet-mien-sinh-hoat-mau-trang"):
        assert (tmp_path / f"{stem}.pdf").read_bytes().startswith(b"%PDF")
        assert (tmp_path / f"{stem}.docx").read_bytes().startswith(b"PK")


def _comment_texts(context):
    return pdf_text(render_comment_pdf(context)), docx_text(render_comment_docx(context))


def test_the_front_committee_line_is_printed_only_when_the_committee_gave_its_opinion():
    """Điều 4 Quy định số 213-QĐ/TW: the cell comments in coordination with the Front work
    committee; the form the secretary signs states it only when the opinion was recorded."""
    from datetime import date
    from forms_service.documents.comments import comment_fields
    from forms_service.domain.comments import comment_form
    spec, year = comment_form(), sample_contexts()["phieu-nhan-xet"]["date"].year
    filled = dict(member_name="Nguyễn Văn An", year=year, ratings={"neu_guong": "tot"}, proposal="khong_de_nghi",
                  other_remarks="Không có.", submitted_on=date(year, 12, 15), signer_name="Trần Văn Phước")
    for text in _comment_texts(comment_fields(spec, Variant.FULL, **filled, front_line="")):
        # (criterion 4 names the committee: the duty to keep in contact with it)
        assert "phối hợp" not in text and "Ý kiến Ban công tác Mặt trận" not in text
    dated = comment_fields(spec, Variant.FULL, **filled, front_line=spec.front_line(date(year, 12, 10)))
    for text in _comment_texts(dated):
        assert (f"Có phối hợp với Ban công tác Mặt trận khu dân cư (ý kiến ngày 10/12/{year}), theo Điều 4 "
                "Quy định số 213-QĐ/TW ngày 02/01/2020 của Bộ Chính trị.") in " ".join(text.split())
    for variant in Variant:
        for text in _comment_texts(blank_comment_context(variant)):
            assert "Ý kiến Ban công tác Mặt trận khu dân cư (nếu có), ngày" in text
            assert "Có phối hợp" not in text and "Quy định 213, Điều 4" not in text


def test_the_fields_the_service_adds_to_the_request_part_are_said_to_be_its_own():
    for text in _comment_texts(blank_comment_context()):
        flat = " ".join(text.split())
        assert "Sinh ngày" in flat and "Nơi công tác" in flat and "Nơi cư trú" in flat
        assert "do dịch vụ thêm để chi ủy nơi cư trú nhận ra đúng đảng viên" in flat
