"""One palette file (primary, link and focus colours) for the handbook and the service."""
from __future__ import annotations

import re

import pytest

from forms_service.config import PROJECT_ROOT
from tests.conftest import SITE_DIR

PALETTE = PROJECT_ROOT / "forms_service" / "static" / "css" / "palette.css"
SHARED = ("--st-primary", "--st-primary-dark", "--st-on-primary", "--st-link", "--st-link-hover", "--st-focus")


def _defined(css: str) -> set[str]:
    return set(re.findall(r"(--st-[a-z-]+)\s*:", css))


def test_the_palette_is_defined_once_and_nowhere_else():
    assert set(SHARED) <= _defined(PALETTE.read_text(encoding="utf-8"))
    for other in (PROJECT_ROOT / "docs" / "assets" / "css" / "so-tay.css",
                  PROJECT_ROOT / "forms_service" / "static" / "css" / "service.css"):
        assert not _defined(other.read_text(encoding="utf-8")) & set(SHARED), other


@pytest.mark.calendar
def test_the_handbook_build_carries_it_before_its_own_styles():
    assert (SITE_DIR / "assets" / "css" / "palette.css").read_bytes() == PALETTE.read_bytes()
    page = (SITE_DIR / "index.html").read_text(encoding="utf-8")
    assert page.index('href="assets/css/palette.css"') < page.index('href="assets/css/so-tay.css"')


def test_the_service_links_it_before_its_own_styles(client):
    page = client.get("/dich-vu/").get_data(as_text=True)
    assert page.index("/dich-vu/static/css/palette.css?v=") < page.index("/dich-vu/static/css/service.css?v=")
    assert client.get(re.search(r'href="(/dich-vu/static/css/palette\.css[^"]*)"', page).group(1)).status_code == 200
