"""The handbook in the pocket (issue 21): after one visit with a signal, a phone reads the handbook and
searches it without one; a service page that needs the network says so on a page of its own, with the
blank forms kept on the phone; a new build is picked up on the next visit with a signal, whole.

The browser's own offline mode (Playwright `set_offline`), a real service worker, a real build (a copy of
site/, so that the last test can publish a new one)."""
from __future__ import annotations

import re
import shutil
import importlib.util

import pytest
import yaml

from forms_service import create_app

from ..conftest import PROJECT_ROOT, SITE_DIR, app_config

pytestmark = pytest.mark.browser


@pytest.fixture
def site_copy(tmp_path):
    copy = tmp_path / "site"
    shutil.copytree(SITE_DIR, copy)
    return copy


@pytest.fixture
def app(demo_location, tmp_path, site_copy):
    """The app serving the copy of the build (overrides the root conftest's `app` for live_server)."""
    app = create_app(app_config(demo_location, tmp_path) | {"SITE_DIR": str(site_copy)})
    yield app
    app.extensions["repos"].close()


def wait_until_kept_offline(page) -> None:
    """The service worker installed (every kept file is in its cache) and controls this page."""
    # (evaluate, not wait_for_function: the handbook's CSP forbids the eval the latter uses)
    page.evaluate("""async () => {
        await navigator.serviceWorker.ready;
        if (!navigator.serviceWorker.controller) {
            await new Promise(done => navigator.serviceWorker.addEventListener("controllerchange", done, {once: true}));
        }
    }""")


def h1(page) -> str:
    return page.locator("article h1, main h1").first.inner_text()


def test_after_one_visit_the_handbook_and_its_search_work_without_a_signal(live_server, phone):
    phone.goto(f"{live_server}/")
    phone.locator("article").get_by_role("link", name="Tôi là…: bắt đầu từ đâu?").click()
    phone.locator("article").get_by_role("link", name="Xin vắng sinh hoạt nơi cư trú").first.click()
    assert "vắng" in h1(phone)
    wait_until_kept_offline(phone)

    phone.context.set_offline(True)
    assert phone.evaluate("navigator.onLine") is False
    # five pages never opened before, by the "Sau" (next page) link at the foot of each
    seen = {h1(phone)}
    for _ in range(5):
        phone.locator("a.md-footer__link--next").click()
        phone.wait_for_load_state()
        title = h1(phone)
        assert title not in seen and title != "Cần có mạng"
        seen.add(title)
    # search, without diacritics, and open a result
    phone.locator("label.md-header__button[for=__search]").first.click()
    phone.keyboard.type("vang sinh hoat")
    results = phone.locator(".md-search-result__item a")
    results.first.wait_for(timeout=20000)
    results.first.click()
    phone.wait_for_load_state()
    assert "?h=" in phone.url and h1(phone) != "Cần có mạng"

    # a service page that needs an account: the "Cần có mạng" page, with what works offline
    phone.go_back()
    phone.goto(f"{live_server}/")  # the site's root address, typed again
    phone.locator("article").get_by_role("link", name="Tôi là…: bắt đầu từ đâu?").click()
    phone.locator("article").get_by_role("link", name="Đăng nhập dịch vụ").first.click()
    assert h1(phone) == "Cần có mạng"
    assert "không có mạng" in phone.locator("main").inner_text()
    with phone.expect_download() as download:
        phone.get_by_role("link", name="Mẫu trống (PDF) – Đơn xin vắng sinh hoạt (chi bộ nơi cư trú)").click()
    assert download.value.suggested_filename.endswith(".pdf")
    phone.get_by_role("link", name="Sổ tay 213: mọi trang và ô tìm kiếm").click()
    assert phone.locator("article h1").count() == 1 and h1(phone) != "Cần có mạng"


def test_nothing_of_the_service_that_needs_an_account_is_kept(live_server, phone):
    phone.goto(f"{live_server}/")
    wait_until_kept_offline(phone)
    kept = phone.evaluate("""async () => {
        const names = await caches.keys();
        const urls = [];
        for (const name of names) {
            for (const request of await (await caches.open(name)).keys()) { urls.push(new URL(request.url).pathname); }
        }
        return {names, urls};
    }""")
    assert len(kept["names"]) == 1 and "/" in kept["urls"] and "/search/search_index.json" in kept["urls"]
    service = [url for url in kept["urls"] if url.startswith("/dich-vu/")]
    assert service and all(re.match(r"^/dich-vu/(mau-don/[a-z-]+/mau-trang\.(pdf|docx)|can-co-mang|static/)", url)
                           for url in service), service


def test_the_handbook_is_installable(live_server, phone):
    phone.goto(f"{live_server}/")
    wait_until_kept_offline(phone)
    session = phone.context.new_cdp_session(phone)
    errors = [error["errorId"] for error in session.send("Page.getInstallabilityErrors")["installabilityErrors"]]
    # Playwright's contexts are private windows, where Chromium never installs: that is the browser, not the site
    assert [error for error in errors if error != "in-incognito"] == [], errors
    manifest = session.send("Page.getAppManifest")
    assert not manifest.get("errors"), manifest


def publish_new_build(site, marker: str) -> str:
    """What a new `mkdocs build` does to one page and to sw.js (the hook's own function)."""
    spec = importlib.util.spec_from_file_location("ngoai_tuyen", PROJECT_ROOT / "docs" / "hooks" / "ngoai_tuyen.py")
    hook = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hook)
    home = site / "index.html"
    home.write_text(home.read_text(encoding="utf-8").replace("</h1>", f" {marker}</h1>", 1), encoding="utf-8")
    extra = yaml.load((PROJECT_ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)["extra"]
    return hook.write_service_worker(site, extra["dich_vu"], {"vi"})["version"]


def test_a_new_build_is_picked_up_whole_on_the_next_visit_with_a_signal(live_server, phone, site_copy):
    phone.goto(f"{live_server}/")
    wait_until_kept_offline(phone)
    old = phone.evaluate("caches.keys()")
    new_version = publish_new_build(site_copy, "(bản mới)")
    assert [new_version] != old

    phone.goto(f"{live_server}/")  # the next visit with a signal: the new build installs, the page reloads once
    phone.locator("article h1", has_text="(bản mới)").wait_for(timeout=60000)
    assert phone.evaluate("caches.keys()") == [new_version]  # the old version's cache is gone

    phone.context.set_offline(True)
    phone.reload()
    assert "(bản mới)" in h1(phone)


def test_a_phone_with_full_storage_keeps_reading_online(live_server, phone):
    """The cache does not fit: the service worker's install fails, leaves nothing behind, and the
    handbook reads as it did before, online."""
    session = phone.context.new_cdp_session(phone)
    session.send("Storage.overrideQuotaForOrigin", {"origin": live_server, "quotaSize": 200_000})
    phone.goto(f"{live_server}/")
    outcome = phone.evaluate("""async () => {
        const pause = () => new Promise(done => setTimeout(done, 100));
        let worker = null;
        for (let i = 0; i < 200 && !worker; i++, await pause()) {  // ngoai-tuyen.js registers once idle
            const registration = await navigator.serviceWorker.getRegistration();
            worker = registration && (registration.installing || registration.active);
        }
        if (!worker) { return "never registered"; }
        for (let i = 0; i < 600; i++, await pause()) {
            if (worker.state === "redundant" || worker.state === "activated") { return worker.state; }
        }
        return worker.state;
    }""")
    assert outcome == "redundant"
    assert phone.evaluate("navigator.serviceWorker.controller") is None
    assert phone.evaluate("caches.keys()") == []  # the half-filled cache was removed
    phone.locator("article").get_by_role("link", name="Tôi là…: bắt đầu từ đâu?").click()
    assert "Tôi là" in h1(phone)
