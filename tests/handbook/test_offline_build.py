"""The build's offline list (docs/hooks/ngoai_tuyen.py -> site/sw.js): every page, the search index and
what pages load; from the service only the blank forms, the "Cần có mạng" page and its static files,
never a page that needs an account; a new version whenever any kept file changes."""
from __future__ import annotations

import json
import re
import shutil

import yaml

from .conftest import REPO
from .test_handbook_build import _hook

SERVICE_KEPT = re.compile(r"^/dich-vu/(mau-don/[a-z-]+/mau-trang\.(pdf|docx)|can-co-mang|static/.+)$")


def worker_constants(site) -> dict:
    source = (site / "sw.js").read_text(encoding="utf-8")
    constants = re.findall(r"^const (PHIEN_BAN|TRANG_NGOAI_TUYEN|DANH_SACH|MAU_TRANG) = (.*);$", source, re.M)
    return {name: json.loads(value) for name, value in constants}


def test_every_page_the_search_index_and_the_assets_are_kept(site):
    kept = set(worker_constants(site.site)["DANH_SACH"])
    for page in site.pages():
        assert "/" + site.url_of(page) in kept, page
    assert "/search/search_index.json" in kept and "/manifest.webmanifest" in kept
    # what every page loads: Material's bundle, its search worker, our CSS/JS
    for asset in site.site.glob("assets/**/*"):
        relative = asset.relative_to(site.site).as_posix()
        if asset.is_file() and re.search(r"(bundle|search)\.[0-9a-f]+\.min\.(js|css)$|^assets/(css|js)/", relative):
            assert "/" + relative in kept, relative
    assert not [url for url in kept if url.endswith(".map") or "sitemap" in url]


def test_from_the_service_only_blank_forms_the_offline_page_and_its_files(site):
    constants = worker_constants(site.site)
    service = [url for url in constants["DANH_SACH"] + constants["MAU_TRANG"] + [constants["TRANG_NGOAI_TUYEN"]]
               if url.startswith("/dich-vu")]
    assert service and all(SERVICE_KEPT.match(url) for url in service), service
    extra = yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)["extra"]["dich_vu"]
    for account_page in ("home", "dang-nhap", "so-theo-doi", "don-xin-vang-cua-toi", "don-xin-vang-moi"):
        assert extra[account_page] not in service
    assert sorted(constants["MAU_TRANG"]) == sorted(u for k, u in extra.items() if k.endswith(("-pdf", "-docx")))


def test_the_handbook_part_of_the_offline_cache_stays_small(site):
    kept = worker_constants(site.site)["DANH_SACH"]
    size = sum((site.site / (url.lstrip("/") + ("index.html" if url.endswith("/") else ""))).stat().st_size
               for url in kept if not url.startswith("/dich-vu/"))
    # the whole cache (with the blank forms) must stay under 5 MB: tests/web/test_offline.py measures it
    assert size < 4.5 * 1024 * 1024, size


def test_a_new_build_gets_a_new_version_and_an_unchanged_one_keeps_it(site, tmp_path):
    hook = _hook("ngoai_tuyen")
    copy = tmp_path / "site"
    shutil.copytree(site.site, copy)
    extra = {"don-xin-vang-pdf": "/dich-vu/mau-don/don-xin-vang/mau-trang.pdf"}
    first = hook.write_service_worker(copy, extra, {"vi"})["version"]
    assert hook.write_service_worker(copy, extra, {"vi"})["version"] == first
    page = copy / "thu-tuc" / "xin-vang" / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace("</h1>", " (bản mới)</h1>", 1), encoding="utf-8")
    second = hook.write_service_worker(copy, extra, {"vi"})["version"]
    assert second != first and second.startswith(hook.CACHE_PREFIX)
    assert worker_constants(copy)["PHIEN_BAN"] == second
