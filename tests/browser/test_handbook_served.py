"""The handbook as the service serves it: its CSP (inline scripts allowed by hash only)
must not block anything the theme runs, and search must work through it."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_handbook_pages_run_under_the_csp(live_server, phone):
    phone.goto(f"{live_server}/")
    assert phone.locator("h1").count() >= 1
    assert "script-src 'self' 'sha256-" in phone.evaluate(
        "fetch('/').then(r => r.headers.get('content-security-policy'))")
    # the theme's own script ran (it adds this attribute to <html>)
    assert phone.evaluate("typeof window.__md_scope !== 'undefined' || !!document.querySelector('[data-md-component]')")
    # console errors (a CSP refusal is one) fail the test in the fixture


def test_search_works_through_the_service(live_server, phone):
    phone.goto(f"{live_server}/")
    phone.locator("label.md-header__button[for=__search]").first.click()
    phone.keyboard.type("vang sinh hoat")
    results = phone.locator(".md-search-result__item")
    results.first.wait_for(timeout=15000)
    assert results.count() >= 1


def test_directories_redirect_to_their_slash_and_unknown_pages_are_404(client):
    response = client.get("/bat-dau")
    assert response.status_code == 301 and response.headers["Location"].endswith("/bat-dau/")
    assert client.get("/bat-dau/").status_code == 200
    missing = client.get("/khong-co-trang-nay/")
    assert missing.status_code == 404
    assert "Content-Security-Policy" in missing.headers
