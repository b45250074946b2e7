"""Light on a phone network: text compressed (brotli where asked, else gzip), files kept
long under versioned or hashed names, every page with a meta description."""
from __future__ import annotations

import re

import pytest
from tests.conftest import SITE_DIR
from tests.conftest import decoded_body as _body

pytestmark = pytest.mark.calendar


def test_handbook_home_is_sent_with_brotli_or_gzip_and_reads_the_same(client):
    plain = client.get("/", headers={"Accept-Encoding": "identity"})
    assert "Content-Encoding" not in plain.headers
    for asked, sent in (("gzip, deflate, br", "br"), ("gzip, deflate", "gzip")):
        response = client.get("/", headers={"Accept-Encoding": asked})
        assert response.headers["Content-Encoding"] == sent
        assert "Accept-Encoding" in response.headers["Vary"]
        assert _body(response) == plain.get_data()
        assert len(response.get_data()) < len(plain.get_data()) / 3


def test_public_letter_form_is_compressed_and_has_its_own_description(client):
    response = client.get("/dich-vu/mau-don/don-xin-vang/", headers={"Accept-Encoding": "br"})
    assert response.headers["Content-Encoding"] == "br"
    page = _body(response).decode()
    assert re.search(r'<meta name="description" content="Điền đơn xin vắng sinh hoạt[^"]+">', page)


def test_a_signed_in_page_is_not_compressed_next_to_its_csrf_token(client):
    client.sign_in("dangvien")
    response = client.get("/dich-vu/don-xin-vang/moi", headers={"Accept-Encoding": "gzip, br"})
    assert response.status_code == 200 and "Content-Encoding" not in response.headers


def test_service_static_files_carry_their_version_and_are_kept_a_year(client):
    page = client.get("/dich-vu/").get_data(as_text=True)
    css = re.search(r'href="(/dich-vu/static/css/service\.css\?v=[0-9a-f]{12})"', page).group(1)
    response = client.get(css, headers={"Accept-Encoding": "gzip"})
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response.headers["Content-Encoding"] == "gzip" and b".wrap" in _body(response)
    unversioned = client.get("/dich-vu/static/css/service.css")
    assert "immutable" not in unversioned.headers.get("Cache-Control", "")


def test_the_handbooks_hashed_assets_are_kept_a_year_and_its_pages_are_not(client):
    [bundle] = (SITE_DIR / "assets" / "stylesheets").glob("main.*.min.css")
    response = client.get(f"/assets/stylesheets/{bundle.name}", headers={"Accept-Encoding": "br"})
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert _body(response) == bundle.read_bytes()
    assert "immutable" not in client.get("/").headers.get("Cache-Control", "")


def test_every_handbook_page_has_a_meta_description():
    pages = list(SITE_DIR.rglob("index.html"))
    assert len(pages) > 10
    for page in pages:
        assert re.search(r'<meta name="description" content="[^"]{50,}"', page.read_text(encoding="utf-8")), page
