"""The handbook in a real Chromium: accent-free search, axe-core on every page, no request to another host."""
from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.browser

# query typed without diacritics -> the page that must come first
SEARCHES = {
    "vang sinh hoat": "thu-tuc/xin-vang/",
    "dang vien": "nhiem-vu/dang-vien/",
    "xep loai": "xep-loai/",
    "phieu nhan xet": "bieu-mau/phieu-nhan-xet/",
}


def _search(page, base_url, query):
    """Open the search dialog and type like a person does (Material ignores fill())."""
    page.goto(base_url)
    page.locator('label.md-header__button[for="__search"]').click()
    box = page.locator("input.md-search__input")
    box.wait_for(state="visible")
    page.keyboard.type(query, delay=20)
    first = page.locator(".md-search-result__item").first
    first.wait_for(state="visible", timeout=10_000)
    return [
        urlsplit(href).path
        for href in page.locator(".md-search-result__item > a.md-search-result__link").evaluate_all(
            "links => links.map(a => a.href)"
        )
    ]


@pytest.mark.parametrize("query,expected", list(SEARCHES.items()))
def test_accent_free_search_puts_the_right_page_first(phone_page, site_url, query, expected):
    results = _search(phone_page, site_url, query)
    assert results, f"no result for {query!r}"
    assert results[0] == "/" + expected, (query, results[:5])


def test_hidden_folded_copy_is_not_shown_in_results(phone_page, site_url):
    _search(phone_page, site_url, "vang sinh hoat")
    first = phone_page.locator(".md-search-result__item").first
    assert first.locator("h1").inner_text().strip() == "Xin vắng sinh hoạt nơi cư trú như thế nào?"
    assert "Xin vang sinh hoat" not in first.inner_text()


def test_axe_no_serious_or_critical_violation_on_any_page_at_phone_size(browser, site, site_url):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="vi-VN")
    page = context.new_page()
    failures = {}
    try:
        for built in site.pages():
            page.goto(site_url + site.url_of(built))
            result = axe.run(page)
            bad = [
                f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
                for v in result.response["violations"]
                if v["impact"] in ("serious", "critical")
            ]
            if bad:
                failures[site.url_of(built)] = bad
        # the search dialog, open with results
        page.goto(site_url)
        page.locator('label.md-header__button[for="__search"]').click()
        page.keyboard.type("dang vien", delay=20)
        page.locator(".md-search-result__item").first.wait_for(state="visible")
        result = axe.run(page)
        bad = [v["id"] for v in result.response["violations"] if v["impact"] in ("serious", "critical")]
        if bad:
            failures["(search open)"] = bad
    finally:
        context.close()
    assert not failures, failures


def test_no_request_leaves_the_local_host(phone_page, site_url):
    hosts = set()
    phone_page.on("request", lambda request: hosts.add(urlsplit(request.url).hostname))
    for path in ("print_page/", "bat-dau/", "thu-tuc/xin-vang/", "khoa-hoc/tu-kiem-tra/", ""):
        phone_page.goto(site_url + path, wait_until="networkidle")
    phone_page.locator('label.md-header__button[for="__search"]').click()
    phone_page.keyboard.type("phieu nhan xet", delay=20)
    phone_page.locator(".md-search-result__item").first.wait_for(state="visible")
    phone_page.wait_for_load_state("networkidle")
    assert hosts == {"127.0.0.1"}, hosts
