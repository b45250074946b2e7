"""Tìm kiếm không dấu: "vang sinh hoat" phải tìm ra "vắng sinh hoạt".

Bộ tìm kiếm của Material (lunr, `lang: vi`) không bỏ dấu, nên "vang" không khớp "vắng"
(đã thử: gõ "vang sinh hoat" không ra trang xin vắng nếu chỉ có chỉ mục gốc). Sau khi dựng xong, hook này mở search_index.json và
với mỗi mục thêm một bản sao đã bỏ dấu (NFD, bỏ dấu kết hợp, đ→d):
- vào `text` dưới dạng đoạn ẩn `<p hidden>…</p>` (không hiện trong phần trích kết quả);
- vào `title` dưới dạng `<span hidden>…</span>`, để trang có tiêu đề khớp được ưu tiên như khi gõ có dấu
  (trường title có hệ số 1000 trong Material).
Người gõ có dấu vẫn khớp bản gốc; người gõ không dấu khớp bản sao.
Trang in toàn bộ sổ tay (print_page/) bị bỏ khỏi chỉ mục: nó chứa mọi chữ nên sẽ luôn đứng đầu.

Hệ số ưu tiên `search: boost:` ở đầu trang chỉ giữ cho chính trang đó. Material chép nó sang mọi mục con (#...) của
trang; khi bỏ dấu, một mục con tình cờ khớp (ví dụ "chính đáng" -> "chinh dang" khớp "dang vien") sẽ được nhân hệ số
và vượt lên trên trang đúng. Mọi mục con nhận hệ số SECTION_BOOST.
"""
import html
import json
import os
import re
import unicodedata

_TAG = re.compile(r"<[^>]+>")

# Mục con (#...) nặng bằng một nửa trang: mỗi trang trả lời một câu hỏi, nên khi cả tiêu đề trang lẫn tiêu đề một mục
# con ở trang khác cùng khớp, trang đứng trước. Bỏ dấu làm nhiều chữ trùng nhau (đảng/đáng/đăng/đang -> dang), nên một
# mục con khớp tình cờ dễ vượt lên nếu nặng ngang trang.
SECTION_BOOST = 0.5


def fold(text: str) -> str:
    """Bỏ dấu tiếng Việt: 'Đảng viên vắng' -> 'Dang vien vang'."""
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", stripped.replace("đ", "d").replace("Đ", "D"))


def _plain(fragment: str) -> str:
    return " ".join(html.unescape(_TAG.sub(" ", fragment)).split())


def fold_entry(entry: dict) -> dict:
    title = entry.get("title") or ""
    folded_title = fold(_plain(title))
    if folded_title and folded_title != _plain(title):
        entry["title"] = f'{title}<span hidden> {html.escape(folded_title)}</span>'
    text = entry.get("text") or ""
    folded_text = fold(_plain(text))
    if folded_text and folded_text != _plain(text):
        entry["text"] = f"{text}<p hidden>{html.escape(folded_text)}</p>"
    return entry


def on_post_build(config):
    path = os.path.join(config.site_dir, "search", "search_index.json")
    if not os.path.exists(path):
        return
    with open(path, encoding="utf-8") as fh:
        index = json.load(fh)
    # Trang in (print_page/) chứa toàn bộ sổ tay: để nó trong chỉ mục thì nó luôn đứng đầu kết quả.
    docs = [e for e in index.get("docs", []) if not e.get("location", "").startswith("print_page/")]
    for entry in docs:
        if "#" in entry.get("location", ""):
            entry["boost"] = SECTION_BOOST
    index["docs"] = [fold_entry(entry) for entry in docs]
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(index, fh, ensure_ascii=False, separators=(",", ":"))
