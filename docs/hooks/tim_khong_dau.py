"""Tìm kiếm không dấu: "vang sinh hoat" phải tìm ra "vắng sinh hoạt".

Bộ tìm kiếm của Material (lunr, `lang: vi`) không bỏ dấu, nên "vang" không khớp "vắng"
(đã thử: gõ "vang sinh hoat" không ra trang xin vắng nếu chỉ có chỉ mục gốc). Sau khi dựng xong, hook này mở search_index.json và
với mỗi mục thêm một bản sao đã bỏ dấu (NFD, bỏ dấu kết hợp, đ→d):
- vào `text` dưới dạng đoạn ẩn `<p hidden>…</p>` (không hiện trong phần trích kết quả);
- vào `title` dưới dạng `<span hidden>…</span>`, để trang có tiêu đề khớp được ưu tiên như khi gõ có dấu
  (trường title có hệ số 1000 trong Material).
Người gõ có dấu vẫn khớp bản gốc; người gõ không dấu khớp bản sao.
Trang in toàn bộ sổ tay (print_page/) bị bỏ khỏi chỉ mục: nó chứa mọi chữ nên sẽ luôn đứng đầu.

Từ khóa: trang có thể ghi vài cụm từ người đọc hay gõ (không dấu) ở đầu trang, `keywords: [don xin vang, xin nghi hop]`.
Hook đưa chúng vào trường riêng `keywords` của mục trang (không vào mục con) với hệ số KEYWORDS_BOOST: nặng hơn chữ trong
bài nhưng nhẹ hơn tiêu đề, nên một trang dài tình cờ nhắc đủ các chữ (như trang Thuật ngữ) không vượt trang được gắn từ
khóa đó. Số đo (38 câu tìm của tests/handbook/test_handbook_browser.py, MEANT; đúng trang đứng đầu / nằm trong ba kết quả
đầu): không có từ khóa, bốn trang `boost: 2` như trước: 23/34 và 31/34 (chưa có 4 câu cuối); từ khóa nặng 100: 27/38 và
38/38; nặng 1000, bỏ các `boost: 2`: 37/38 và 38/38; nặng 5000: 30/38 và 37/38. Khung "Nguồn để đối chiếu" cuối trang
không vào chỉ mục (xem lien_ket_dich_vu.py). Trang Thuật ngữ có `search: boost: 0.5`.

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

# Trường `keywords` nặng 100 lần chữ trong bài (tiêu đề: 1000, theo cấu hình mặc định của Material).
KEYWORDS_BOOST = 1000.0
_keywords_by_page: dict[str, list[str]] = {}


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


def on_page_markdown(markdown, page, config, files):
    keywords = page.meta.get("keywords") or []
    if isinstance(keywords, str):
        keywords = [keywords]
    _keywords_by_page[page.url] = [str(k) for k in keywords]
    return markdown


def add_keywords(entry: dict, keywords_by_page: dict[str, list[str]]) -> dict:
    """Từ khóa của trang vào mục trang (không vào mục con #...), kèm bản bỏ dấu."""
    keywords = keywords_by_page.get(entry.get("location", ""))
    if keywords and "#" not in entry.get("location", ""):
        entry["keywords"] = " ".join(dict.fromkeys([*keywords, *map(fold, keywords)]))
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
    index["docs"] = [add_keywords(fold_entry(entry), _keywords_by_page) for entry in docs]
    index["config"].setdefault("fields", {})["keywords"] = {"boost": KEYWORDS_BOOST}
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(index, fh, ensure_ascii=False, separators=(",", ":"))
