"""The printed letter: PDF text (pdftotext), DOCX text, blank forms, samples command."""
from __future__ import annotations

import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from forms_service.config import PROJECT_ROOT
from forms_service.documents.letters import (blank_context, build_docx_template, letter_docx, letter_pdf,
                                             sample_letter_context)
from tests.document_text import docx_text, pdf_text


@pytest.mark.calendar
def test_filled_pdf_holds_the_letter_in_nfc():
    text = pdf_text(letter_pdf(sample_letter_context()))
    assert unicodedata.is_normalized("NFC", text)
    for expected in ("ĐẢNG CỘNG SẢN VIỆT NAM", "ĐƠN XIN VẮNG SINH HOẠT", "Nguyễn Văn An", "Chi ủy Chi bộ Khóm 1",
                     "dự hội nghị tại Cần Thơ", "XÁC NHẬN CỦA CẤP ỦY CƠ SỞ NƠI CÔNG TÁC", "Xác nhận",
                     "Đồng ý", "Mã tra cứu: VS-"):
        assert expected in text, expected


@pytest.mark.calendar
def test_filled_docx_holds_the_letter():
    text = docx_text(letter_docx(sample_letter_context()))
    for expected in ("ĐẢNG CỘNG SẢN VIỆT NAM", "Nguyễn Văn An", "dự hội nghị tại Cần Thơ", "Hòa An Tây, ngày",
                     "Mã tra cứu: VS-", "NGƯỜI LÀM ĐƠN"):
        assert expected in text, expected
    assert "{{" not in text


def test_blank_forms_have_dots_and_every_reason():
    pdf = pdf_text(letter_pdf(blank_context()))
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in pdf and "ngày …… tháng …… năm 20……" in pdf and "Mã tra cứu" not in pdf
    assert "Bất khả kháng" in pdf.replace("bất khả kháng", "Bất khả kháng")
    docx = docx_text(letter_docx(blank_context()))
    assert "Tôi tên: ……" in docx and "Mã tra cứu" not in docx


def test_the_committed_docx_template_is_what_the_builder_makes(tmp_path):
    rebuilt = build_docx_template(tmp_path / "don_xin_vang.docx")
    committed = PROJECT_ROOT / "forms_service" / "documents" / "docx" / "don_xin_vang.docx"
    assert docx_text(rebuilt.read_bytes()) == docx_text(committed.read_bytes())


def test_samples_command_writes_pdf_and_docx(tmp_path):
    result = subprocess.run([sys.executable, "-m", "forms_service", "samples", str(tmp_path)],
                            capture_output=True, text=True, cwd=PROJECT_ROOT, check=True)
    assert "don-xin-vang" in result.stdout
    for name in ("don-xin-vang.pdf", "don-xin-vang.docx", "don-xin-vang-mau-trang.pdf", "don-xin-vang-mau-trang.docx"):
        assert (Path(tmp_path) / name).stat().st_size > 1000, name
    assert "Nguyễn Văn An" in pdf_text((tmp_path / "don-xin-vang.pdf").read_bytes())


def test_a_letter_sent_straight_to_the_cell_prints_that_the_workplace_was_only_told():
    from datetime import date, datetime

    from forms_service.documents.letters import context_for_letter
    from forms_service.domain.letters import Action, new_letter, transition
    from forms_service.domain.meetings import Meeting
    from forms_service.domain.org import OrgStructure, Unit
    from forms_service.domain.demo import demo_data
    org = OrgStructure([Unit.from_record(u) for u in demo_data()["units"]])
    meeting = Meeting(id="chi-bo-khom-1~20261212-1", cell_id="chi-bo-khom-1", date=date(2026, 12, 12))
    letter = new_letter("VS-2026-00001", "dv-001", "Nguyễn Văn An", "chi-bo-khom-1", "dang-uy-so-giao-duc", [meeting],
                        [], "om_dau", "", datetime(2026, 12, 1, 9, 30), "dangvien", workplace_confirms_first=False)
    agreed = transition(letter, Action.AGREE, datetime(2026, 12, 2, 8, 0), "bithu")
    text = pdf_text(letter_pdf(context_for_letter(agreed, None, org, "https://sotay213.example.vn")))
    assert "Không cần xác nhận trước (đơn gửi thẳng chi bộ nơi cư trú; cấp ủy cơ sở nơi công tác được báo)" in text
    assert "Đồng ý" in text
