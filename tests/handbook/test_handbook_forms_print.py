"""The forms page says what the print is (HD 36 sizes, Times New Roman, numbers within a
term, the signing body's symbol) and boxes what stays unconfirmed, as the service prints."""
from __future__ import annotations

import re


def _text(site, page: str) -> str:
    html = (site.site / page).read_text(encoding="utf-8")
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _unconfirmed_box(site, page: str) -> str:
    html = (site.site / page).read_text(encoding="utf-8")
    boxes = re.findall(r'<div class="admonition warning">\s*<p class="admonition-title">Cần đối chiếu văn bản gốc</p>'
                       r'(.*?)</div>', html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", " ".join(boxes)).split())


def test_the_forms_page_no_longer_says_the_print_is_not_hd36(site):
    text = _text(site, "bieu-mau/index.html")
    assert "chưa theo đúng các cỡ này" not in text and "chưa khớp" not in text
    assert "cỡ 14, kể cả phần nhận xét của chi ủy trong Mẫu 3-213" in text.replace("Chữ trong giấy ", "")
    assert "bản Word ghi đúng tên phông này" in text and "Liberation Serif" in text
    assert "liên tục từ 01 trong cả nhiệm kỳ" in text and '"-GGT/CB"' in text


def test_what_stays_unconfirmed_is_in_the_box(site):
    boxed = _unconfirmed_box(site, "bieu-mau/index.html")
    for unconfirmed in ("Lề trang", "Ký hiệu \"CB\"", "Chỉ thị số 45-CT/TW", "từ 01/7/2025"):
        assert unconfirmed in boxed, unconfirmed
