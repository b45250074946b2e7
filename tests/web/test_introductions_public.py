"""The public form pages and verification of Mẫu 1-213 and Mẫu 3-213 codes."""
from __future__ import annotations

import pytest

from forms_service.domain import clock

pytestmark = pytest.mark.calendar

YEAR = clock.today().year


def test_public_list_links_both_forms_at_the_handbook_paths(client):
    page = client.get("/dich-vu/mau-don/").get_data(as_text=True)
    for path in ("/dich-vu/mau-don/giay-gioi-thieu/", "/dich-vu/mau-don/giay-gioi-thieu/mau-trang.pdf",
                 "/dich-vu/mau-don/giay-gioi-thieu/mau-trang.docx", "/dich-vu/mau-don/phieu-nhan-xet/",
                 "/dich-vu/mau-don/phieu-nhan-xet/mau-trang.pdf", "/dich-vu/mau-don/phieu-nhan-xet/mau-trang.docx"):
        assert f'href="{path}"' in page
        if path.endswith((".pdf", ".docx")):
            assert client.get(path).data[:4] in (b"%PDF", b"PK\x03\x04")
    assert client.get("/dich-vu/mau-don/phieu-nhan-xet/mau-trang.pdf?bien_the=mien_sinh_hoat").data.startswith(b"%PDF")


def test_the_exempt_variant_of_mau_3_213_is_a_visible_link_on_the_public_page(client):
    import re

    from ..document_text import docx_text, pdf_text
    page = client.get("/dich-vu/mau-don/").get_data(as_text=True)
    assert "?bien_the" not in re.sub(r'href="[^"]*"', "", page)  # nobody is asked to type an address
    links = dict((text, href.replace("&amp;", "&")) for href, text in
                 re.findall(r'<a href="([^"]+)">([^<]+)</a>', page))
    exempt_pdf = links["Mẫu trống cho đảng viên được miễn sinh hoạt nơi cư trú (PDF)"]
    exempt_docx = links["Mẫu trống cho đảng viên được miễn sinh hoạt nơi cư trú (DOCX)"]
    label = "(Đảng viên được miễn sinh hoạt nơi cư trú (mục 1.1"  # the heading of the exempt variant
    full = pdf_text(client.get("/dich-vu/mau-don/phieu-nhan-xet/mau-trang.pdf").data)
    assert label in pdf_text(client.get(exempt_pdf).data) and label not in full
    assert label in docx_text(client.get(exempt_docx).data)


def test_public_fill_downloads_without_storing(client, repos):
    missing = client.post_form("/dich-vu/mau-don/giay-gioi-thieu/", {"issuer": "", "member_name": ""})
    assert "Vui lòng nhập họ và tên đảng viên." in missing.get_data(as_text=True)
    filled = client.post_form("/dich-vu/mau-don/giay-gioi-thieu/", {"issuer": "Đảng ủy Sở Y tế", "member_name": "Lê Văn Tư",
                                                                    "sex": "Nam", "birth_date": "01/02/1980",
                                                                    "dinh_dang": "docx"})
    assert filled.data.startswith(b"PK") and repos.introductions.get(f"GT-{YEAR}-00002") is None
    comment = client.post_form("/dich-vu/mau-don/phieu-nhan-xet/", {"issuer": "Đảng ủy Sở Y tế", "member_name": "Lê Văn Tư",
                                                                   "year": str(YEAR), "variant": "mien_sinh_hoat"})
    assert comment.data.startswith(b"%PDF")


def test_codes_are_verified_with_initials_only(client, repos):
    code = repos.introductions.waiting_for_commune("phuong-hoa-an-tay")[0].code  # the demo letter for dv-014
    page = client.get(f"/dich-vu/kiem-tra/{code}").get_data(as_text=True)
    assert "Mẫu 1-213" in page and "C.T.M" in page and "Châu Thị Mỹ" not in page
    assert client.get(f"/dich-vu/kiem-tra/NX-{YEAR}-99999").status_code == 404


def test_public_fill_asks_only_the_lines_of_the_known_form_and_numbers_for_the_signing_body(client):
    from ..document_text import pdf_text
    page = client.get("/dich-vu/mau-don/giay-gioi-thieu/").get_data(as_text=True)
    assert "Chức vụ" not in page  # not a line of the known Mẫu 1-213
    by_a_cell = client.post_form("/dich-vu/mau-don/giay-gioi-thieu/", {"issuer": "Chi bộ Công ty Cấp nước Sen Hồng",
                                                                      "member_name": "Lê Văn Tư", "dinh_dang": "pdf"})
    text = pdf_text(by_a_cell.data)
    assert "Số ……-GGT/CB" in text and "GGT/ĐU" not in text and "T/M CHI ỦY" in text and "Chức vụ" not in text
