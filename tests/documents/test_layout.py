"""The samples (`python -m forms_service samples DIR`) read as a reviewer reads a party
document against Hướng dẫn 36-HD/VPTW (03/4/2018): sizes and weights of the header lines,
margins, page numbers, the date line, the "T/M" signature blocks."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from forms_service.cli import main
from forms_service.documents.letters import letter_context, letter_docx, letter_pdf
from forms_service.documents.introductions import introduction_fields, render_introduction_pdf
from forms_service.documents.render import date_line
from forms_service.documents.signing import signature_lines
from forms_service.domain.org import UnitKind
from tests.document_text import docx_text, pdf_text
from tests.documents import SAMPLE_STEMS
from tests.pdf_layout import Layout, read_layout

pytestmark = pytest.mark.calendar

TITLES = {"don-xin-vang": "ĐƠN XIN VẮNG SINH HOẠT", "giay-gioi-thieu": "GIẤY GIỚI THIỆU",
          "phieu-nhan-xet": "PHIẾU XIN Ý KIẾN", "so-theo-doi": "SỔ THEO DÕI SINH HOẠT"}
FILLED = ["don-xin-vang", "giay-gioi-thieu", "phieu-nhan-xet", "phieu-nhan-xet-mien-sinh-hoat", "so-theo-doi"]
PAGE_MM = (210, 297)
TOP, BOTTOM, INSIDE, OUTSIDE = 25, 25, 35, 15  # mm: front page left = inside, back page mirrored
SLACK = 0.5  # mm: glyph boxes against the margin line
LEFT_BLOCK_END = INSIDE + 0.44 * 160  # mm: the header's left column, 44 % of the text width


@pytest.fixture(scope="module")
def samples(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("samples")
    assert main(["samples", str(folder)]) == 0
    return folder


def layout_of(samples: Path, name: str) -> Layout:
    return read_layout((samples / f"{name}.pdf").read_bytes())


def title_of(name: str) -> str:
    return next(title for stem, title in TITLES.items() if name.startswith(stem))


def text_column(page: int) -> tuple[float, float]:
    """Left and right edge of the text on this page: 35/15 mm in front, mirrored behind."""
    left = INSIDE if page % 2 else OUTSIDE
    return left, PAGE_MM[0] - (OUTSIDE if page % 2 else INSIDE)


@pytest.mark.parametrize("name", SAMPLE_STEMS)
def test_party_heading_date_line_and_title_have_the_hd36_sizes(samples, name):
    layout = layout_of(samples, name)
    party = layout.find("ĐẢNG CỘNG SẢN VIỆT NAM", page=1)
    assert (party.size, party.bold) == (15, True)
    assert party.top < TOP + 2 and party.x0 > LEFT_BLOCK_END  # first line, top right
    underline = [r for r in layout.rules if r.page == 1 and abs(r.x0 - party.x0) < 1 and abs(r.x1 - party.x1) < 1
                 and party.bottom - 2 < r.top < party.bottom + 3]
    assert underline, "the party heading is underlined over its whole length"
    dated = layout.find(", ngày ", page=1)
    assert (dated.size, dated.italic, dated.bold) == (14, True, False) and dated.top > party.bottom
    title = layout.find(title_of(name), page=1)
    assert (title.size, title.bold) == (15, True) and title.top > dated.bottom


@pytest.mark.parametrize("name", FILLED)
def test_superior_issuer_star_and_number_stand_top_left_in_14_pt(samples, name):
    layout = layout_of(samples, name)
    superior = layout.find("ĐẢNG BỘ ỦY BAN NHÂN DÂN" if "giay" in name or "phieu" in name else "ĐẢNG ỦY PHƯỜNG", page=1)
    issuer = layout.find("SỞ GIÁO DỤC" if "giay" in name or "phieu" in name else "CHI BỘ KHÓM 1", page=1)
    assert (superior.size, superior.bold) == (14, False) and (issuer.size, issuer.bold) == (14, True)
    assert superior.x1 < LEFT_BLOCK_END + SLACK and issuer.x1 < LEFT_BLOCK_END + SLACK and issuer.top > superior.top
    star = next(p for p in layout.on(1) if p.text == "*")
    assert star.top > issuer.bottom - 0.5 and superior.x0 < star.x0 < superior.x1
    if name == "giay-gioi-thieu":
        number = layout.find("Số 12-GGT/ĐU", page=1)
        assert (number.size, number.bold) == (14, False) and number.top > star.top


@pytest.mark.parametrize("name", SAMPLE_STEMS)
def test_body_keeps_the_margins_and_the_footer_stays_below_it(samples, name):
    layout = layout_of(samples, name)
    for phrase in layout.phrases:
        left, right = text_column(phrase.page)
        assert left - SLACK <= phrase.x0 and phrase.x1 <= right + SLACK, phrase
        if phrase.size < 10:  # the note and the verification line: in the bottom margin
            assert phrase.top >= PAGE_MM[1] - BOTTOM - SLACK, phrase
        elif phrase.text == str(phrase.page) or phrase.text.startswith("Mẫu "):
            continue  # the page number and the form's number stand in the top margin
        else:
            assert TOP - SLACK <= phrase.top and phrase.bottom <= PAGE_MM[1] - BOTTOM + SLACK, phrase


@pytest.mark.parametrize("name", SAMPLE_STEMS)
def test_page_numbers_from_page_2_at_the_top_centre(samples, name):
    layout = layout_of(samples, name)
    assert not [p for p in layout.on(1) if p.top < TOP and p.text.isdigit()], "no number on page 1"
    for page in range(2, layout.pages + 1):
        # in the top margin: a table's row numbers are digits too
        [number] = [p for p in layout.on(page) if p.text == str(page) and p.top < TOP]
        left, right = text_column(page)
        assert 9 <= number.top <= 13, number  # 10 mm from the top edge
        assert abs((number.x0 + number.x1) / 2 - (left + right) / 2) < 1.5, number


def test_date_line_pads_days_1_to_9_and_months_1_and_2_only():
    assert date_line("Hòa An Tây", date(2026, 3, 5)) == "Hòa An Tây, ngày 05 tháng 3 năm 2026"
    assert date_line("Hòa An Tây", date(2026, 1, 14)) == "Hòa An Tây, ngày 14 tháng 01 năm 2026"
    assert date_line("Mỹ Lợi Đông", date(2026, 2, 28)) == "Mỹ Lợi Đông, ngày 28 tháng 02 năm 2026"
    assert date_line("Mỹ Lợi Đông", date(2026, 12, 1)) == "Mỹ Lợi Đông, ngày 01 tháng 12 năm 2026"
    assert date_line("", None) == "…………, ngày …… tháng …… năm 20……"


def test_5_march_and_14_january_print_the_same_in_the_pdf_and_the_docx():
    letter = letter_context(member_name="Nguyễn Văn An", place="Hòa An Tây", written_on=date(2026, 3, 5))
    printed = read_layout(letter_pdf(letter)).find("Hòa An Tây, ngày 05 tháng 3 năm 2026", page=1)
    assert printed.italic and printed.size == 14
    assert "Hòa An Tây, ngày 05 tháng 3 năm 2026" in docx_text(letter_docx(letter))
    header = {"superior": "Đảng bộ Ủy ban nhân dân tỉnh", "issuer": "Đảng ủy Sở Giáo dục và Đào tạo",
              "place": "Đồng Tháp", "date": date(2026, 1, 14), "date_line": date_line("Đồng Tháp", date(2026, 1, 14))}
    introduction = render_introduction_pdf(introduction_fields(header=header))
    assert read_layout(introduction).find("Đồng Tháp, ngày 14 tháng 01 năm 2026", page=1).italic


def _signature(layout: Layout, line: str, page: int = 1):
    """The "T/M …" line and the "BÍ THƯ" under it."""
    tm = next(p for p in layout.on(page) if p.text == line)
    title = next(p for p in layout.on(page) if p.text == "BÍ THƯ" and 0 < p.top - tm.top < 8
                 and abs((p.x0 + p.x1) / 2 - (tm.x0 + tm.x1) / 2) < 2)
    assert tm.bold and title.bold
    return tm


def test_letter_signs_t_m_dang_uy_for_the_workplace_beside_t_m_chi_uy_for_the_cell(samples):
    layout = layout_of(samples, "don-xin-vang")
    workplace, cell = _signature(layout, "T/M ĐẢNG ỦY"), _signature(layout, "T/M CHI ỦY")
    assert workplace.x1 < PAGE_MM[0] / 2 + 10 < cell.x0 and abs(workplace.top - cell.top) < 0.5  # side by side
    text = pdf_text((samples / "don-xin-vang.pdf").read_bytes()) + docx_text((samples / "don-xin-vang.docx").read_bytes())
    assert "T/M cấp ủy" not in text and "T/M CẤP ỦY" not in text


def test_t_m_block_follows_the_kind_of_body_in_the_data():
    assert signature_lines(UnitKind.WORKPLACE, "Chi bộ Công ty Cấp nước Sen Hồng") == ["T/M CHI ỦY", "BÍ THƯ"]
    assert signature_lines(UnitKind.WORKPLACE, "Đảng ủy Bệnh viện Đa khoa tỉnh") == ["T/M ĐẢNG ỦY", "BÍ THƯ"]
    assert signature_lines(UnitKind.WORKPLACE) == ["T/M ĐẢNG ỦY (CHI ỦY)", "BÍ THƯ"]  # blank form
    assert signature_lines(UnitKind.COMMUNE, "Đảng ủy xã Mỹ Lợi Đông") == ["T/M ĐẢNG ỦY", "BÍ THƯ"]
    assert signature_lines(UnitKind.RESIDENCE_CELL, "Chi bộ Ấp Tân Hòa") == ["T/M CHI ỦY", "BÍ THƯ"]
    for kind in UnitKind:
        assert signature_lines(kind)[0].startswith("T/M ")
    cell_grassroots = letter_context(workplace_unit="Chi bộ Công ty Cấp nước Sen Hồng", cell_name="Chi bộ Khóm 1")
    layout = read_layout(letter_pdf(cell_grassroots))
    assert [p.text for p in layout.phrases if p.text.startswith("T/M")] == ["T/M CHI ỦY", "T/M CHI ỦY"]
    assert "T/M CHI ỦY BÍ THƯ" in docx_text(letter_docx(cell_grassroots)).replace("  ", " ")


def test_introduction_and_comment_sign_for_their_bodies(samples):
    introduction = layout_of(samples, "giay-gioi-thieu")
    reception = _signature(introduction, "T/M ĐẢNG ỦY")
    issuer = next(p for p in introduction.on(1) if p.text == "T/M ĐẢNG ỦY" and p.x0 > reception.x1)
    assert abs(issuer.top - reception.top) < 30  # the reception block (left) and the issuer's (right)
    comment = layout_of(samples, "phieu-nhan-xet")
    _signature(comment, "T/M ĐẢNG ỦY", page=1)  # the workplace's request
    _signature(comment, "T/M CHI ỦY", page=2)   # the residence cell's comment


COMMENT_FORMS = [name for name in SAMPLE_STEMS if name.startswith("phieu-nhan-xet")]


@pytest.mark.parametrize("name", COMMENT_FORMS)
def test_the_cells_comment_part_prints_at_14_pt_as_in_the_docx(samples, name):
    """HD 36 sets body text at 14–15 pt; part 2 of Mẫu 3-213 is body text (the DOCX has it at 14)."""
    layout = layout_of(samples, name)
    page = layout.find("NHẬN XÉT CỦA CHI ỦY NƠI CƯ TRÚ").page
    body = [p for p in layout.on(page) if not p.italic and p.size > 10]  # not the footer nor the italic notes
    assert len(body) > 10 and {p.size for p in body} == {14}


@pytest.mark.parametrize("name", [name for name in SAMPLE_STEMS if not name.startswith("so-theo-doi")])
def test_upright_text_of_the_forms_is_14_or_15_pt(samples, name):
    """No upright line of a form under HD 36's 14 pt: the reception block of Mẫu 1-213 and the
    reviewers' opinions on the absence letter included (the printed register's ruled table is 12 pt
    by design; the footer's code line is not part of the document's text)."""
    layout = layout_of(samples, name)
    upright = [p for p in layout.phrases if not p.italic and p.size > 10]
    assert {p.size for p in upright} <= {14, 15}, [(p.text, p.size) for p in upright if p.size not in (14, 15)]
