"""HTML hợp lệ (Nu HTML Checker): sửa những chỗ giao diện Material và mkdocs-print-site-plugin sinh ra sai chuẩn.

1. Material đặt `autocomplete="off"` trên các ô đánh dấu ẩn (#__drawer, #__search) để trình duyệt không nhớ trạng thái
   mở/đóng; chuẩn HTML chỉ cho `autocomplete` trên ô nhập chữ, số, ngày…, không cho trên checkbox. Bỏ thuộc tính đó.
2. Trang nào không có ô #__toc (trang mục lục của một phần, khi bật navigation.indexes) vẫn có
   `<label class="md-nav__title" for="__toc">`: nhãn trỏ tới một ô không tồn tại. Bỏ `for` ở những trang đó.
3. Trang in: plugin in ghi `heading-number="…"` trên <section> (thuộc tính không có trong HTML; không CSS hay JS nào đọc
   nó) và chèn một <style> giữa thân trang. Đổi thành `data-heading-number` và chuyển <style> lên <head>.
"""
import re
from pathlib import Path

from mkdocs.plugins import event_priority

_CHECKBOX_AUTOCOMPLETE = re.compile(r'(<input class="md-toggle"[^>]*type="checkbox"[^>]*?) autocomplete="off"')
_STYLE_IN_BODY = re.compile(r"<style>.*?</style>", re.S)


def valid_html(html: str) -> str:
    html = _CHECKBOX_AUTOCOMPLETE.sub(r"\1", html)
    if 'id="__toc"' not in html:
        html = html.replace('<label class="md-nav__title" for="__toc">', '<label class="md-nav__title">')
    return html


def on_post_page(output, page, config):
    return valid_html(output)


def on_post_template(output_content, template_name, config):
    """Trang dựng từ khuôn, không từ Markdown: 404.html."""
    return valid_html(output_content)


def _print_page(html: str) -> str:
    html = html.replace(" heading-number=", " data-heading-number=")
    head, sep, body = html.partition("</head>")
    if not sep:
        return html
    styles = _STYLE_IN_BODY.findall(body)
    for style in styles:
        body = body.replace(style, "", 1)
    return head + "".join(styles) + sep + body


@event_priority(-100)  # sau mkdocs-print-site-plugin, là nơi ghi trang in
def on_post_build(config):
    page = Path(config.site_dir) / "print_page" / "index.html"
    if page.exists():
        page.write_text(valid_html(_print_page(page.read_text(encoding="utf-8"))), encoding="utf-8")
