"""Sửa lỗi tiếp cận (axe-core) trong HTML do Markdown sinh ra.

1. Danh sách kiểm tra (`- [ ] việc`) của pymdownx.tasklist ra `<input type="checkbox" disabled/> việc` — ô đánh dấu không có
nhãn (axe: "label", mức critical) và không bấm được. Ở đây mỗi ô được bọc cùng chữ của nó trong một <label>, và bỏ
`disabled`, để người dùng đánh dấu được trên điện thoại khi làm theo danh mục (không lưu lại; in ra thì đánh bằng bút).

2. Bảng trên điện thoại: bảng 4–5 cột trong màn hình 360 px phải cuộn ngang, chữ bị bẻ vụn — khó đọc với người lớn
tuổi. Mỗi ô được gắn `data-label` = tiêu đề cột của nó; CSS (so-tay.css, "bảng thành thẻ") xếp mỗi hàng thành một thẻ
với nhãn cột ở trên từng ô khi màn hình hẹp. Không gắn vai trò ARIA (row/cell…) lên hàng và ô: HTML chuẩn cấm `role`
trên <tr>/<td>/<th> của một <table> thường (Nu HTML Checker báo lỗi), và các phần tử bảng đã mang sẵn vai trò đó.
"""
import html as _html
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
    html = _TASK.sub(_label, html)
    return _TABLE.sub(_card_table, html)


_TABLE = re.compile(r"<table>(.*?)</table>", re.S)
_TH = re.compile(r"<th(?=[\s>])([^>]*)>(.*?)</th>", re.S)
_TD = re.compile(r"<td([^>]*)>", re.S)
_TAGS = re.compile(r"<[^>]+>")


def _card_table(match):
    body = match.group(1)
    head, sep, rows = body.partition("</thead>")
    if not sep:
        return match.group(0)
    labels = [" ".join(_html.unescape(_TAGS.sub(" ", cell)).split()) for _, cell in _TH.findall(head)]

    def label_row(row_match):
        row = row_match.group(0)
        cells = iter(labels)

        def label_cell(cell):
            name = next(cells, "")
            return f'<td{cell.group(1)} data-label="{_html.escape(name)}">'

        return _TD.sub(label_cell, row)

    rows = re.sub(r"<tr>.*?</tr>", label_row, rows, flags=re.S)
    return f'<table data-st-the>{head}</thead>{rows}</table>'

