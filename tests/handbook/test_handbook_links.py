"""Every internal link and resource of the built handbook resolves; links into the service are the agreed ones."""
import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml

REPO = Path(__file__).resolve().parents[2]

# The forms service's public addresses agreed with its owner. The handbook may link to these and no others.
SERVICE_LINKS = {
    "/dich-vu/",
    "/dich-vu/dang-nhap",
    "/dich-vu/mau-don/",
    "/dich-vu/mau-don/don-xin-vang/",
    "/dich-vu/mau-don/giay-gioi-thieu/",
    "/dich-vu/mau-don/phieu-nhan-xet/",
    "/dich-vu/don-xin-vang/",
    "/dich-vu/don-xin-vang/moi",
    "/dich-vu/kiem-tra/",
    "/dich-vu/so-theo-doi/",
} | {
    f"/dich-vu/mau-don/{form}/mau-trang.{ext}"
    for form in ("don-xin-vang", "giay-gioi-thieu", "phieu-nhan-xet", "so-theo-doi")
    for ext in ("pdf", "docx")
}


class _Refs(HTMLParser):
    def __init__(self):
        super().__init__()
        self.refs: list[tuple[str, str]] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("name"):
            self.ids.add(attrs["name"])
        for name in ("href", "src"):
            if attrs.get(name) is not None:
                self.refs.append((tag, attrs[name]))


def _parse(path: Path) -> _Refs:
    parser = _Refs()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def _target_file(site_dir: Path, url_path: str) -> Path | None:
    """File served for a site-absolute path, the way a static server with index.html fallback does."""
    candidate = site_dir / url_path.lstrip("/")
    if url_path.endswith("/") or candidate.is_dir():
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


def test_internal_links_and_resources_resolve(site):
    broken, bad_service, missing_anchor = [], [], []
    parsed = {page: _parse(site.site / page) for page in site.pages()}
    for page, refs in parsed.items():
        base = "/" + site.url_of(page)
        for tag, ref in refs.refs:
            parts = urlsplit(ref)
            if parts.scheme in ("http", "https", "mailto", "tel", "javascript", "data") or parts.netloc:
                continue
            if not parts.path:  # same-page anchor
                if parts.fragment and unquote(parts.fragment) not in refs.ids and page.name == "index.html":
                    missing_anchor.append((page.as_posix(), ref))
                continue
            absolute = posixpath.normpath(posixpath.join(posixpath.dirname(base), unquote(parts.path)))
            if parts.path.endswith("/") and not absolute.endswith("/"):
                absolute += "/"
            if absolute.startswith("/dich-vu/") or absolute == "/dich-vu":
                if absolute not in SERVICE_LINKS:
                    bad_service.append((page.as_posix(), ref))
                continue
            target = _target_file(site.site, absolute)
            if target is None:
                broken.append((page.as_posix(), tag, ref))
                continue
            if parts.fragment and target.suffix == ".html":
                target_rel = target.relative_to(site.site)
                ids = parsed[target_rel].ids if target_rel in parsed else _parse(target).ids
                if unquote(parts.fragment) not in ids:
                    missing_anchor.append((page.as_posix(), ref))
    assert not broken, broken
    assert not bad_service, bad_service
    assert not missing_anchor, missing_anchor


def test_service_links_are_declared_once_in_mkdocs_yml():
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    declared = set(config["extra"]["dich_vu"].values())
    assert declared <= SERVICE_LINKS, declared - SERVICE_LINKS


def test_handbook_links_into_every_form_of_the_service(site):
    """Each form's blank downloads and fill-in page are reachable from the handbook."""
    used = set()
    for page in site.content_pages():
        used |= set(re.findall(r'href="(/dich-vu/[^"]*)"', (site.site / page).read_text(encoding="utf-8")))
    assert SERVICE_LINKS <= used, SERVICE_LINKS - used


def test_no_external_resource_in_built_html(site):
    """No stylesheet, script, image, font or iframe is loaded from another host."""
    resource = re.compile(
        r'<(?:script|img|iframe|source|audio|video)[^>]*\ssrc="(?:https?:)?//|'
        r'<link[^>]*\shref="(?:https?:)?//',
        re.I,
    )
    offenders = [
        page.as_posix() for page in site.pages() if resource.search((site.site / page).read_text(encoding="utf-8"))
    ]
    assert not offenders, offenders


def test_every_page_that_cites_a_text_links_to_where_it_can_be_read(site):
    """Readers check each citation themselves: a page naming a document ends with links to it; van-ban has a column."""
    cites = re.compile(r"\d+-(?:QĐ|HD|KL|BC|CV|NQ)/[A-ZĐ]+|Báo Đồng Tháp")
    box = re.compile(r'<p class="admonition-title">Nguồn để đối chiếu</p>\s*<ul>\s*<li><a href="https?://')
    missing = []
    for page in site.content_pages():
        html = (site.site / page).read_text(encoding="utf-8")
        article = html[html.find("<article"):html.find("</article>")]
        if page.as_posix() == "van-ban/index.html":
            rows = re.findall(r"<tr>.*?</tr>", article.split("</thead>", 1)[1], re.S)
            assert rows and all('href="http' in row for row in rows if "<td" in row), "van-ban: a row has no source"
        elif cites.search(article) and not box.search(article):
            missing.append(page.as_posix())
    assert not missing, missing


def test_handbook_cites_no_file_outside_the_repository():
    """The repository stands alone: no pointer to a shared notes folder or to issue numbers in what the handbook owns."""
    owned = [REPO / "mkdocs.yml", REPO / "data" / "terms.json", *(REPO / "docs").rglob("*.*"),
             *(REPO / "tests" / "handbook").glob("*.py")]
    pattern = re.compile(r"shared/(?:domain|seeds)|\.\./shared|\bissue\s*#?\d+", re.I)
    found = [p.relative_to(REPO).as_posix() for p in owned
             if p.suffix in (".md", ".yml", ".json", ".py", ".html", ".css", ".js")
             and p.name != Path(__file__).name and pattern.search(p.read_text(encoding="utf-8"))]
    assert not found, found


def _van_ban() -> dict:
    return yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))["extra"]["van_ban"]


def _tables(markdown: str) -> list[list[list[str]]]:
    """The Markdown tables of a page, each a list of rows (header first, separator dropped), each a list of cells."""
    tables, current = [], []
    for line in markdown.splitlines() + [""]:
        if line.startswith("|"):
            cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
            if not all(set(cell) <= set("-: ") for cell in cells):
                current.append(cells)
        elif current:
            tables.append(current)
            current = []
    return tables


def test_every_row_of_the_sources_table_has_its_cells_in_place():
    """A row with a cell missing pushes its link under another heading: every row has as many cells as its header,
    and the "Đọc ở đâu" column of every row holds a source link."""
    tables = _tables((REPO / "docs" / "van-ban.md").read_text(encoding="utf-8"))
    assert len(tables) >= 5
    for header, *rows in tables:
        assert header[-1] == "Đọc ở đâu", header
        for row in rows:
            assert len(row) == len(header), row
            assert re.search(r"\]\[vb-[a-z0-9-]+\]", row[-1]), row


def test_every_declared_document_has_its_row_in_the_sources_table():
    """Each document number declared in extra.van_ban (a text the handbook cites) is listed on the sources page with
    its link, so that HD 16 and HD 21, cited in the rating pages, are not found only at the foot of one page."""
    from .test_handbook_build import _hook

    source_slug = _hook("lien_ket_dich_vu").source_slug
    page = (REPO / "docs" / "van-ban.md").read_text(encoding="utf-8")
    numbered = [key for key in _van_ban() if re.match(r"\d+[-/]", key)]
    assert {"16-HD/BTCTW", "21-HD/BTCTW", "338-QĐ/TW", "50-CT/TW", "42-HD/BTCTW"} <= set(numbered)
    missing = [key for key in numbered if f"][{source_slug(key)}]" not in page]
    assert not missing, missing


def test_sources_link_to_the_text_itself_in_vietnamese():
    """A source links to the article or document, not to a newspaper's home page; an English edition is used only
    where no Vietnamese address is known, and then says so in its label."""
    home_pages, english = [], []
    for key, text in _van_ban().items():
        parts = urlsplit(text["url"])
        if parts.path.strip("/") == "":
            home_pages.append(key)
        if re.search(r"(^|/)en(/|$)", parts.path) and "bản tiếng Anh" not in text["nguon"]:
            english.append(key)
    assert not home_pages, home_pages
    assert not english, english


def test_data_files_name_their_sources_not_research_numbers():
    """A source in data/ is named by its title or paper (a maintainer can find it), never by the numbering of a
    research note the repository does not carry ("S19", "S10, S12")."""
    research_number = re.compile(r"\bS\d{1,2}\b")
    found = {}
    for path in sorted((REPO / "data").rglob("*.json")):
        hits = research_number.findall(path.read_text(encoding="utf-8"))
        if hits:
            found[path.relative_to(REPO).as_posix()] = hits
    assert not found, found
