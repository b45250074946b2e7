"""Liên kết sang dịch vụ biểu mẫu (/dich-vu/...) khai báo ở MỘT chỗ: `extra.dich_vu` trong mkdocs.yml.

Mỗi khóa `k` trở thành định nghĩa liên kết Markdown `[dv-k]: <đường dẫn>` được nối vào cuối mọi trang,
nên trong bài chỉ viết `[Tải mẫu trắng (PDF)][dv-don-xin-vang-pdf]`. Đổi đường dẫn: sửa mkdocs.yml.
Một tham chiếu `[..][dv-...]` không có trong danh sách làm bản dựng thất bại, để không có liên kết chết.

Trang in (mkdocs-print-site-plugin) đổi mọi liên kết trong site thành neo nội trang: "/dich-vu/mau-don/" thành
"#dich-vu-mau-don", là neo không tồn tại. Sau khi dựng, ta trả các liên kết đó về đường dẫn thật.
"""
import os
import re

from mkdocs.exceptions import PluginError

_REF = re.compile(r"\]\[(dv-[a-z0-9-]+)\]")


def on_page_markdown(markdown, page, config, files):
    links = config.extra.get("dich_vu") or {}
    known = {f"dv-{key}" for key in links}
    unknown = sorted(set(_REF.findall(markdown)) - known)
    if unknown:
        raise PluginError(f"{page.file.src_uri}: liên kết dịch vụ không khai báo trong extra.dich_vu: {unknown}")
    definitions = "\n".join(f"[dv-{key}]: {url}" for key, url in links.items())
    return f"{markdown}\n\n{definitions}\n"


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
