"""What the handbook's service worker needs from the server: /sw.js never kept stale, the manifest,
and the "Cần có mạng" page, which is the same for everyone and lists the blank forms kept offline."""
from __future__ import annotations

import json
import re

import pytest

from bench.offline_cache import GOAL_BYTES, cache_size, kept_addresses

from ..conftest import SITE_DIR

pytestmark = pytest.mark.calendar


def precache_list() -> list[str]:
    return kept_addresses((SITE_DIR / "sw.js").read_text(encoding="utf-8"))


def test_the_service_worker_is_served_at_the_root_and_always_revalidated(client):
    response = client.get("/sw.js")
    assert response.status_code == 200 and response.mimetype == "text/javascript"
    assert response.headers["Cache-Control"] == "no-cache"
    assert b"const PHIEN_BAN = \"so-tay-213-" in response.data


def test_the_manifest_makes_the_handbook_installable(client):
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200 and response.mimetype == "application/manifest+json"
    manifest = json.loads(response.data)
    assert manifest["short_name"] == "Sổ tay 213" and manifest["lang"] == "vi"
    assert manifest["start_url"] == "/" and manifest["display"] == "standalone"
    palette = (SITE_DIR / "assets" / "css" / "palette.css").read_text()
    assert manifest["theme_color"] in palette
    sizes = {(icon["sizes"], icon["purpose"]) for icon in manifest["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= sizes
    for icon in manifest["icons"]:
        image = client.get(icon["src"])
        assert image.status_code == 200 and image.data.startswith(b"\x89PNG")


def test_the_offline_page_lists_the_blank_forms_kept_on_the_phone(client):
    page = client.get("/dich-vu/can-co-mang").get_data(as_text=True)
    assert "<h1>Cần có mạng</h1>" in page and 'href="/"' in page
    kept = set(precache_list())
    links = set(re.findall(r'href="(/dich-vu/mau-don/[^"]+)"', page))
    assert links and links <= kept  # every form it offers is there without a signal


def test_the_offline_page_carries_nothing_of_a_signed_in_person(client):
    client.sign_in("bithu")
    page = client.get("/dich-vu/can-co-mang").get_data(as_text=True)
    assert "Đang đăng nhập" not in page and "Đăng xuất" not in page and "csrf_token" not in page


def test_every_blank_form_of_the_service_is_kept_and_served(client, app):
    kept = precache_list()
    with app.test_request_context():
        offered = {url for form in app.extensions["public_forms"] for url in (form.urls()["pdf"], form.urls()["docx"])}
    assert offered <= set(kept)
    for url in (u for u in kept if u.startswith("/dich-vu/")):
        assert client.get(url).status_code == 200, url


def test_the_whole_offline_cache_is_at_most_5_mb(client):
    """Measured as `make bench` measures it: every kept address fetched from the service, bodies added up."""
    def get(path: str) -> bytes:
        response = client.get(path)
        assert response.status_code == 200, path
        return response.get_data()
    size = cache_size(get)
    assert size["files"] > 60 and 0 < size["bytes"] <= GOAL_BYTES, size
