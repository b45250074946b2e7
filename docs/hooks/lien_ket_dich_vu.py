"""Liên kết khai báo ở MỘT chỗ trong mkdocs.yml: sang dịch vụ biểu mẫu (`extra.dich_vu`) và đến nguồn của văn bản
được dẫn (`extra.van_ban`).

Dịch vụ: mỗi khóa `k` trở thành định nghĩa liên kết Markdown `[dv-k]: <đường dẫn>` được nối vào cuối mọi trang,
nên trong bài chỉ viết `[Tải mẫu trắng (PDF)][dv-don-xin-vang-pdf]`. Đổi đường dẫn: sửa mkdocs.yml.
Một tham chiếu `[..][dv-...]` hoặc `[..][vb-...]` không có trong danh sách làm bản dựng thất bại, để không có liên kết chết.

Văn bản: mỗi khóa là chữ ghi trong bài (số hiệu "213-QĐ/TW", hoặc "Báo Đồng Tháp, 02/3/2024"). Trang nào nhắc đến khóa
thì cuối trang có dòng "Nguồn để đối chiếu" liên kết đến nơi đọc được văn bản, theo thứ tự gặp trong trang; người đọc
tự kiểm tra được mỗi căn cứ mà không phải tìm. Trong bài cũng viết được `[chữ][vb-213-qd-tw]` (khóa viết không dấu).

Trang in (mkdocs-print-site-plugin) đổi mọi liên kết trong site thành neo nội trang: "/dich-vu/mau-don/" thành
"#dich-vu-mau-don", là neo không tồn tại. Sau khi dựng, ta trả các liên kết đó về đường dẫn thật.
"""
import os
import re
import unicodedata

from mkdocs.exceptions import PluginError

_REF = re.compile(r"\]\[((?:dv|vb)-[a-z0-9-]+)\]")
SOURCES_TITLE = "Nguồn để đối chiếu"


def source_slug(key: str) -> str:
    """'213-QĐ/TW' -> 'vb-213-qd-tw': tên định nghĩa liên kết của một văn bản."""
    plain = unicodedata.normalize("NFD", key.replace("Đ", "D").replace("đ", "d"))
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch)).lower()
    return "vb-" + "-".join(re.findall(r"[a-z0-9]+", plain))


def _definitions(config) -> dict[str, str]:
    links = {f"dv-{key}": url for key, url in (config.extra.get("dich_vu") or {}).items()}
    links |= {source_slug(key): text["url"] for key, text in (config.extra.get("van_ban") or {}).items()}
    return links


def sources_cited(markdown: str, texts: dict) -> list[str]:
    """Khóa của các văn bản trang nhắc đến, theo thứ tự gặp lần đầu."""
    found = [(markdown.find(key), key) for key in texts if key in markdown]
    return [key for _, key in sorted(found)]


def _sources_line(keys: list[str], texts: dict) -> str:
    """Khung nguồn cuối trang. Không đưa vào chỉ mục tìm kiếm (data-search-exclude): tên văn bản lặp lại ở mọi trang sẽ
    làm trang nào cũng khớp "quy dinh", "dang vien"."""
    items = [f'[{texts[key]["ten"]}][{source_slug(key)}] ({texts[key]["nguon"]})' for key in keys]
    box = f'!!! quote "{SOURCES_TITLE}"\n' + "".join(f"    - {item}\n" for item in items)
    return f'<div class="st-nguon" data-search-exclude="nguon" markdown>\n\n{box}\n</div>\n'



def on_page_markdown(markdown, page, config, files):
    links = _definitions(config)
    unknown = sorted(set(_REF.findall(markdown)) - set(links))
    if unknown:
        raise PluginError(f"{page.file.src_uri}: liên kết không khai báo trong extra.dich_vu / extra.van_ban: {unknown}")
    texts = config.extra.get("van_ban") or {}
    cited = sources_cited(markdown, texts)
    footer = f"\n\n{_sources_line(cited, texts)}" if cited and not page.meta.get("khong_liet_ke_nguon") else ""
    definitions = "\n".join(f"[{name}]: {url}" for name, url in links.items())
    return f"{markdown}{footer}\n\n{definitions}\n"


def _print_key(url: str) -> str:
    """Neo mà print-site tạo cho một đường dẫn (xem mkdocs_print_site_plugin.urls.get_page_key)."""
    return url.lower().strip().rstrip("/").replace(".html", "").replace("/", "-").lstrip("-") or "index"


def on_post_build(config):
    path = os.path.join(config.site_dir, "print_page", "index.html")
    if not os.path.exists(path):
        return
    with open(path, encoding="utf-8") as fh:
        html = fh.read()
    targets = list((config.extra.get("dich_vu") or {}).values()) + ["/print_page/"]
    for url in targets:
        html = html.replace(f'href="#{_print_key(url)}"', f'href="{url}"')
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(html)
