"""Liên kết sang dịch vụ biểu mẫu (/dich-vu/...) khai báo ở MỘT chỗ: `extra.dich_vu` trong mkdocs.yml.

Mỗi khóa `k` trở thành định nghĩa liên kết Markdown `[dv-k]: <đường dẫn>` được nối vào cuối mọi trang,
nên trong bài chỉ viết `[Tải mẫu trắng (PDF)][dv-don-xin-vang-pdf]`. Đổi đường dẫn: sửa mkdocs.yml.
Một tham chiếu `[..][dv-...]` không có trong danh sách làm bản dựng thất bại, để không có liên kết chết.
"""
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
