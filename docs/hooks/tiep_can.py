"""Sửa lỗi tiếp cận (axe-core) trong HTML do Markdown sinh ra.

Danh sách kiểm tra (`- [ ] việc`) của pymdownx.tasklist ra `<input type="checkbox" disabled/> việc` — ô đánh dấu không có
nhãn (axe: "label", mức critical) và không bấm được. Ở đây mỗi ô được bọc cùng chữ của nó trong một <label>, và bỏ
`disabled`, để người dùng đánh dấu được trên điện thoại khi làm theo danh mục (không lưu lại; in ra thì đánh bằng bút).
"""
import re

from mkdocs.plugins import event_priority

_TASK = re.compile(
    r'<li class="task-list-item"><input type="checkbox" disabled(?:="disabled")?\s*/?>(.*?)</li>',
    re.S,
)


def _label(match):
    body = match.group(1)
    # Một mục có danh sách con: chỉ bọc phần chữ trước danh sách con.
    head, sep, rest = body.partition("<ul")
    return f'<li class="task-list-item"><label class="st-o-danh-dau"><input type="checkbox">{head}</label>{sep}{rest}</li>'


@event_priority(50)  # trước mkdocs-print-site-plugin (mức 0), để trang in cũng nhận bản đã sửa
def on_page_content(html, page, config, files):
    return _TASK.sub(_label, html)
