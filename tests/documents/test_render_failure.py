"""A printed copy that cannot be made (a clerk's edit broke a DOCX template, a template
broken by a change) gives a clear Vietnamese page, never a 500, and changes nothing stored."""
from __future__ import annotations

import shutil
from io import BytesIO

import pytest
from docx import Document

from forms_service.documents import render
from forms_service.domain.letters import Action, LetterState
from tests.web.letters_helpers import make_letter

pytestmark = pytest.mark.calendar

MESSAGE = "Hệ thống chưa tạo được bản in của văn bản này. Thông tin đã lưu vẫn còn nguyên"


@pytest.fixture
def broken_docx_templates(tmp_path, monkeypatch):
    """A copy of the DOCX templates where the letter's has a tag left open, as a clerk
    adjusting it in Word might leave it."""
    folder = tmp_path / "docx"
    shutil.copytree(render.DOCX_TEMPLATES, folder)
    document = Document(str(folder / "don_xin_vang.docx"))
    document.add_paragraph("{{ member_name ")
    document.save(str(folder / "don_xin_vang.docx"))
    monkeypatch.setattr(render, "DOCX_TEMPLATES", folder)


def _agreed_letter(client, repos) -> str:
    code = make_letter(repos, steps=[Action.CONFIRM, Action.AGREE])
    client.sign_in("dangvien")
    return code


def _says_print_failed(response) -> None:
    assert response.status_code == 503 and response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert "Chưa tạo được bản in" in page and MESSAGE in page


def _says_being_prepared(response) -> None:
    """A final document: its kept copy could not be made yet and waits in the render queue."""
    assert response.status_code == 503 and response.mimetype == "text/html"
    assert response.headers["Retry-After"]
    page = response.get_data(as_text=True)
    assert "Bản in đang được chuẩn bị" in page and "Văn bản đã được lưu đầy đủ" in page


def test_broken_docx_template_gives_a_clear_page_and_the_letter_stays(client, repos, broken_docx_templates):
    code = _agreed_letter(client, repos)
    _says_being_prepared(client.get(f"/dich-vu/don-xin-vang/{code}/don.docx"))
    assert repos.letters.get(code).state == LetterState.AGREED
    detail = client.get(f"/dich-vu/don-xin-vang/{code}")
    assert detail.status_code == 200 and "Chi bộ nơi cư trú đồng ý" in detail.get_data(as_text=True)
    assert client.get(f"/dich-vu/don-xin-vang/{code}/don.pdf").data.startswith(b"%PDF")  # the PDF is unaffected


def test_broken_pdf_template_gives_a_clear_page_and_the_letter_stays(client, repos, broken_letter_template):
    code = _agreed_letter(client, repos)
    _says_being_prepared(client.get(f"/dich-vu/don-xin-vang/{code}/don.pdf"))
    assert repos.letters.get(code).state == LetterState.AGREED
    docx = client.get(f"/dich-vu/don-xin-vang/{code}/don.docx")
    assert docx.status_code == 200 and "Nguyễn Văn An" in " ".join(p.text for p in Document(BytesIO(docx.data)).paragraphs)


def test_an_open_letter_rendered_on_demand_gives_the_clear_page(client, repos, broken_letter_template):
    code = make_letter(repos, steps=[Action.CONFIRM])
    client.sign_in("dangvien")
    _says_print_failed(client.get(f"/dich-vu/don-xin-vang/{code}/don.pdf"))
    assert repos.letters.get(code).state == LetterState.CONFIRMED
