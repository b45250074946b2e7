"""The handbook builds with --strict, has enough real content, and has a Vietnamese print page."""
import re
from html.parser import HTMLParser

MIN_CONTENT_PAGES = 30
MIN_WORDS_PER_PAGE = 80


class _Text(HTMLParser):
    """Visible text of <article> (the page body), and the h1s in it."""

    def __init__(self):
        super().__init__()
        self.depth = 0
        self.skip = 0
        self.words: list[str] = []
        self.h1: list[str] = []
        self._in_h1 = False

    def handle_starttag(self, tag, attrs):
        if tag == "article":
            self.depth += 1
        if self.depth and tag in ("script", "style"):
            self.skip += 1
        if self.depth and tag == "h1":
            self._in_h1 = True
            self.h1.append("")

    def handle_endtag(self, tag):
        if tag == "article":
            self.depth -= 1
        if self.depth and tag in ("script", "style"):
            self.skip -= 1
        if tag == "h1":
            self._in_h1 = False

    def handle_data(self, data):
        if self.depth and not self.skip:
            self.words.extend(data.split())
            if self._in_h1:
                self.h1[-1] += data


def _read(site, page):
    return (site.site / page).read_text(encoding="utf-8")


def test_strict_build_succeeds(built_site):
    assert built_site.returncode == 0, built_site.output
    assert "WARNING" not in built_site.output, built_site.output


def test_at_least_30_content_pages_each_with_one_h1_and_real_text(site):
    pages = site.content_pages()
    assert len(pages) >= MIN_CONTENT_PAGES, [p.as_posix() for p in pages]
    for page in pages:
        parser = _Text()
        parser.feed(_read(site, page))
        assert len(parser.h1) == 1, f"{page}: {len(parser.h1)} h1"
        assert len(parser.words) >= MIN_WORDS_PER_PAGE, f"{page}: only {len(parser.words)} words"


def test_pages_are_vietnamese_and_titled(site):
    for page in site.content_pages():
        html = _read(site, page)
        assert '<html lang="vi"' in html, page
        title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
        assert "Sổ tay 213" in title, (page, title)


def test_every_content_page_names_a_document(site):
    """Facts carry a citation: every page names at least one document by its number."""
    citation = re.compile(r"\d+-(QĐ|HD|KL|BC|CV|NQ)/[A-ZĐ]+|Báo Đồng Tháp")
    for page in site.content_pages():
        assert citation.search(_read(site, page)), f"{page} cites no document"


def test_unconfirmed_content_is_flagged_in_an_admonition(site):
    """What the domain file marks UNCONFIRMED is shown in a "Cần đối chiếu văn bản gốc" admonition."""
    title = re.compile(r'class="admonition warning">\s*<p class="admonition-title">Cần đối chiếu văn bản gốc</p>')
    flagged = [p.as_posix() for p in site.content_pages() if title.search((site.site / p).read_text(encoding="utf-8"))]
    assert len(flagged) >= 15, flagged
    # the pages built on unconfirmed sources must carry it
    for must in (
        "quy-dinh/dieu-2/index.html",  # duties 6-7
        "quy-dinh/dieu-3/index.html",  # the 5 duties of the workplace committee
        "quy-dinh/dieu-4/index.html",  # clauses 5-6
        "quy-dinh/hieu-luc/index.html",  # replacement after Kết luận 229
        "xep-loai/vang-khong-ly-do/index.html",  # Đồng Tháp rule after the 2025 merger
        "thu-tuc/nhan-xet-hang-nam/index.html",  # portal steps
        "bieu-mau/phieu-nhan-xet/index.html",  # official wording of Mẫu 3-213
    ):
        assert must in flagged, must


def test_status_page_shows_last_checked_date(site):
    """The validity page and the sources page say when they were last checked, the same day on both (they are
    checked together)."""
    import re
    from datetime import datetime

    checked = {}
    for page in ("quy-dinh/hieu-luc/index.html", "van-ban/index.html"):
        found = re.search(r"Kiểm tra lần cuối: (\d{2}/\d{2}/\d{4})", _read(site, page))
        assert found, page
        checked[page] = datetime.strptime(found.group(1), "%d/%m/%Y").date()
    assert len(set(checked.values())) == 1, checked
    assert "229-KL/TW" in _read(site, "quy-dinh/hieu-luc/index.html")


def test_no_inline_script_in_our_content(site):
    """The quiz and the checklists are pure HTML/CSS; no <script> inside the article body."""
    for page in site.content_pages():
        article = re.search(r"<article.*?</article>", _read(site, page), re.S).group(0)
        assert "<script" not in article, page


def test_print_page_has_vietnamese_labels(site):
    html = _read(site, "print_page/index.html")
    assert "Toàn bộ Sổ tay 213 (bản in)" in html
    assert "Mục lục" in html
    assert "Table of Contents" not in html
    # The plugin's English "Page N" footer is overridden by our stylesheet, which loads after the plugin's.
    css = (site.site / "assets/css/so-tay.css").read_text(encoding="utf-8")
    assert "content: 'Trang ' counter(page)" in css
    plugin_css = html.find("print-site-material.css")
    ours = html.find("assets/css/so-tay.css")
    assert 0 <= plugin_css < ours, "so-tay.css must come after the print-site stylesheet"
    # every content page is in the print page
    assert html.count('<section class="print-page"') >= MIN_CONTENT_PAGES


def _hook(name):
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "docs" / "hooks" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"handbook_hook_{name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_fold_strips_vietnamese_diacritics():
    fold = _hook("tim_khong_dau").fold
    assert fold("Đảng viên vắng sinh hoạt") == "Dang vien vang sinh hoat"
    assert fold("Xếp loại, phiếu nhận xét, đặc khu") == "Xep loai, phieu nhan xet, dac khu"
    # NFD input folds the same way
    import unicodedata

    assert fold(unicodedata.normalize("NFD", "Hướng dẫn")) == "Huong dan"


def test_search_index_has_folded_copies_and_no_print_page(site):
    import json

    index = json.loads((site.site / "search/search_index.json").read_text(encoding="utf-8"))
    docs = {d["location"]: d for d in index["docs"]}
    assert not [loc for loc in docs if loc.startswith("print_page")]
    page = docs["thu-tuc/xin-vang/"]
    assert "<span hidden> Xin vang sinh hoat noi cu tru nhu the nao?</span>" in page["title"]
    assert "<p hidden>" in page["text"] and "lam don neu ro ly do" in page["text"]
    # keywords from the front matter, in their own field, weighed like the title; none on sections
    assert "xin vang" in page["keywords"] and index["config"]["fields"]["keywords"]["boost"] == 1000
    assert not [loc for loc, d in docs.items() if "#" in loc and "keywords" in d]
    assert docs["thuat-ngu/"]["boost"] == 0.5
    # the "Nguồn để đối chiếu" box at the end of each page stays out of the index
    assert not [loc for loc, d in docs.items() if "Nguồn để đối chiếu" in d.get("text", "")]
    sections = [d for loc, d in docs.items() if "#" in loc]
    assert sections and all(d.get("boost") == 0.5 for d in sections)


def test_tables_carry_column_labels_for_the_phone_layout(site):
    html = (site.site / "bieu-mau/index.html").read_text(encoding="utf-8")
    assert "<table data-st-the>" in html
    assert 'data-label="Ai điền"' in html
    # No ARIA role on rows or cells: HTML forbids it inside a plain <table> (the Nu HTML Checker test checks the rest).
    assert 'role="row"' not in html and 'role="cell"' not in html
