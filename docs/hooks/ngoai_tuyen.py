"""Sổ tay trên điện thoại: đọc được khi mất sóng, cài lên màn hình chính.

Sau khi dựng xong (chạy SAU mọi hook khác sửa tệp: tim_khong_dau.py ghi lại search_index.json, html_hop_le.py ghi lại
trang in), hook này ghi vào site/:
- `sw.js`: service worker (mã ở docs/hooks/sw.js) với danh sách tệp cần giữ trên máy và một PHIÊN BẢN = băm của
  danh sách cùng nội dung từng tệp. Bản dựng mới => phiên bản mới => bộ nhớ đệm mới, bộ cũ bị xóa khi bản mới chạy.
- `manifest.webmanifest`: tên, biểu tượng, màu (lấy từ forms_service/static/css/palette.css), trang mở đầu.

Danh sách gồm: mọi trang HTML, chỉ mục tìm kiếm, CSS/JS/ảnh của sổ tay (trừ tệp .map và bộ tách từ lunr của các thứ
tiếng khác), mẫu trắng PDF/DOCX (địa chỉ lấy từ `extra.dich_vu`, khóa kết thúc bằng -pdf/-docx), trang "Cần có mạng"
của dịch vụ và các tệp tĩnh trang ấy dùng. Không có trang nào của dịch vụ cần đăng nhập.

Cũng đưa hai tệp JS dùng chung với dịch vụ (cỡ chữ, chia sẻ) vào bản dựng, như bang_mau.py làm với palette.css, và
đặt phần đầu của "Cỡ chữ" (co-chu-dau.js) vào config.extra để main.html chèn nó vào <head>.
"""
from __future__ import annotations

import hashlib
import json
import re
import sys
from pathlib import Path

from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

ROOT = Path(__file__).resolve().parents[2]
SERVICE_STATIC = ROOT / "forms_service" / "static"
WORKER_SOURCE = Path(__file__).with_name("sw.js")
SHARED_JS = ("co-chu.js", "chia-se.js")            # forms_service/static/js/ -> assets/js/
OFFLINE_PAGE = "/dich-vu/can-co-mang"
SERVICE_STATIC_URL = "/dich-vu/static/"
CACHE_PREFIX = "so-tay-213-"
# tệp của bản dựng không cần khi đọc: bản đồ mã nguồn, sơ đồ trang cho máy tìm kiếm
SKIPPED = re.compile(r"(\.map$|^sitemap\.xml(\.gz)?$|^sw\.js$)")
LUNR = re.compile(r"^assets/javascripts/lunr/(min/lunr\.(?P<lang>[a-z]+(\.support)?)\.min\.js|.*)$")
MAX_BYTES = 5 * 1024 * 1024


def palette_colour(name: str) -> str:
    """`--st-primary: #8b1a1a;` trong palette.css -> "#8b1a1a" (một chỗ cho màu)."""
    css = (SERVICE_STATIC / "css" / "palette.css").read_text(encoding="utf-8")
    return re.search(rf"--{name}:\s*(#[0-9a-fA-F]{{3,6}})", css).group(1)


def _lunr_needed(path: str, languages: set[str]) -> bool:
    match = LUNR.match(path)
    if not match:
        return True
    lang = match.group("lang")
    return lang is not None and (lang in languages or lang in {"stemmer.support", "multi"})


def handbook_files(site: Path, languages: set[str]) -> list[tuple[str, Path]]:
    """(địa chỉ, tệp) của mọi thứ sổ tay cần khi mất sóng. Trang `x/index.html` có địa chỉ `/x/`."""
    found = []
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        relative = path.relative_to(site).as_posix()
        if SKIPPED.search(relative) or not _lunr_needed(relative, languages):
            continue
        url = "/" + (relative[: -len("index.html")] if relative.endswith("index.html") else relative)
        found.append((url, path))
    return found


def service_files() -> list[tuple[str, Path]]:
    """Tệp tĩnh của dịch vụ mà trang "Cần có mạng" dùng (CSS, biểu tượng, JS cỡ chữ)."""
    return [(SERVICE_STATIC_URL + p.relative_to(SERVICE_STATIC).as_posix(), p)
            for p in sorted(SERVICE_STATIC.rglob("*")) if p.is_file()]


def blank_forms(dich_vu: dict) -> list[str]:
    return sorted(url for key, url in dich_vu.items() if key.endswith(("-pdf", "-docx")))


def write_service_worker(site: Path, dich_vu: dict, languages: set[str]) -> dict:
    """Ghi site/sw.js; trả về danh sách và phiên bản (kiểm thử và `make bench` đọc)."""
    files = handbook_files(site, languages) + service_files()
    digest = hashlib.sha256()
    for url, path in files:
        digest.update(url.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    forms = blank_forms(dich_vu)
    for url in forms + [OFFLINE_PAGE]:
        digest.update(url.encode() + b"\0")
    version = CACHE_PREFIX + digest.hexdigest()[:16]
    precache = {"version": version, "pages": [url for url, _ in files], "blank_forms": forms,
                "offline_page": OFFLINE_PAGE}
    header = (f"const PHIEN_BAN = {json.dumps(version)};\n"
              f"const TRANG_NGOAI_TUYEN = {json.dumps(OFFLINE_PAGE)};\n"
              f"const DANH_SACH = {json.dumps(precache['pages'], ensure_ascii=False)};\n"
              f"const MAU_TRANG = {json.dumps(forms, ensure_ascii=False)};\n")
    (site / "sw.js").write_text(header + WORKER_SOURCE.read_text(encoding="utf-8"), encoding="utf-8")
    return precache


def manifest(config) -> dict:
    name = config.site_name
    return {
        "name": f"{name} – Quy định 213-QĐ/TW",
        "short_name": name,
        "description": "Quy định 213-QĐ/TW bằng lời dễ hiểu, biểu mẫu và thủ tục; đọc được cả khi mất sóng.",
        "lang": "vi", "dir": "ltr", "id": "/", "start_url": "/", "scope": "/", "display": "standalone",
        "background_color": "#ffffff", "theme_color": palette_colour("st-primary"),
        "icons": [
            {"src": "/assets/icons/so-tay-192.png", "sizes": "192x192", "type": "image/png", "purpose": "any"},
            {"src": "/assets/icons/so-tay-512.png", "sizes": "512x512", "type": "image/png", "purpose": "any"},
            {"src": "/assets/icons/so-tay-maskable-512.png", "sizes": "512x512", "type": "image/png",
             "purpose": "maskable"},
        ],
    }


def on_config(config):
    config.extra["mau_chu_dao"] = palette_colour("st-primary")  # <meta name="theme-color"> (main.html)
    # phần đầu của "Cỡ chữ", chèn vào <head> của mỗi trang (main.html): CSP của sổ tay cho phép theo băm
    config.extra["co_chu_dau"] = (SERVICE_STATIC / "js" / "co-chu-dau.js").read_text(encoding="utf-8")
    return config


def on_env(env, config, files):
    """Chữ chia sẻ một trang: cùng một hàm với dịch vụ (forms_service/domain/notices.py), không viết lại."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from forms_service.domain.notices import page_share_text
    env.globals["chu_chia_se"] = page_share_text
    return env


def on_files(files, config):
    for name in SHARED_JS:
        files.append(File.generated(config, f"assets/js/{name}", abs_src_path=str(SERVICE_STATIC / "js" / name)))
    return files


def search_languages(config) -> set[str]:
    search = config.plugins.get("search") or config.plugins.get("material/search")
    lang = search.config.get("lang") if search else None
    return set([lang] if isinstance(lang, str) else (lang or []))


@event_priority(-200)  # sau mọi hook ghi lại tệp trong site/ (html_hop_le.py: -100)
def on_post_build(config):
    site = Path(config.site_dir)
    (site / "manifest.webmanifest").write_text(json.dumps(manifest(config), ensure_ascii=False, indent=1),
                                               encoding="utf-8")
    write_service_worker(site, config.extra["dich_vu"], search_languages(config))
