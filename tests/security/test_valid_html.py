"""Every page of the service is valid HTML for the Nu HTML Checker: each page every demo role
reaches by following links from its home page (and the list pages), the public pages, the
error pages, and the error summary of each form posted empty. The pages are fetched with the
test client, written to a folder and checked in ONE run of the checker (tests/vnu.py)."""
from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from tests.vnu import html_errors

from .conftest import PlainClient, crawl_app, demo_copy
from .forms_crawl import crawl, list_pages

pytestmark = pytest.mark.calendar

# Every demo role, in the order a year goes: a workplace asks for a comment before the cell fills it in.
ROLES = [None, "dangvien", "capuy", "bithu", "xaphuong", "mattran", "quantri"]
# Forms whose empty post does something else than show errors: posting it signs the crawler out.
NOT_POSTED_EMPTY = ("/dich-vu/dang-xuat",)
NOT_STEPPED = ("/dich-vu/dang-xuat", "/dich-vu/doi-mat-khau", "/dich-vu/dang-nhap")
# An officer's buttons with no field (lock, unlock, sign out everywhere, reopen): pressed, they would
# sign a role out before its turn to crawl; they answer with a redirect, no page of their own.
ACCOUNT_BUTTONS = re.compile(r"^/dich-vu/tai-khoan/[^/]+/(?:khoa|mo-khoa|ket-thuc-phien|mo-lai)$")
ERROR_PAGES = ["/dich-vu/khong-co-trang-nay", "/dich-vu/don-xin-vang/VS-1999-99999"]
CODE = re.compile(r"\b(?:VS|NX|GT)-\d{4}-\d{5}\b")


def _file_name(who: str, address: str, suffix: str = "") -> str:
    return re.sub(r"[^A-Za-z0-9]+", "_", f"{who}{address}{suffix}").strip("_")[:150] + ".html"


@pytest.fixture(scope="module")
def pages(demo_store, tmp_path_factory):
    """File name -> "who address" of every page collected, in the folder `pages.folder`."""
    work = tmp_path_factory.mktemp("valid-html")
    app = crawl_app(demo_copy(demo_store, work), work, "html")
    folder = work / "pages"
    folder.mkdir()
    collected: dict[str, str] = {}

    def keep(who: str, address: str, html: str, suffix: str = "") -> None:
        name = _file_name(who, address, suffix)
        if name not in collected:
            (folder / name).write_text(html, encoding="utf-8")
            collected[name] = f"{who} {address}{suffix}"

    for username in ROLES:
        who = username or "khach"
        client = PlainClient(app, app.response_class, use_cookies=True)
        if username:
            client.sign_in_as(username)
        forms = crawl(client, username, ["/dich-vu/"] + list_pages(app),
                      step_forward=lambda action: urlsplit(action).path not in NOT_STEPPED
                      and not ACCOUNT_BUTTONS.match(urlsplit(action).path),
                      on_page=lambda address, html, who=who: keep(who, address, html))
        for form in forms:
            action = urlsplit(form.action).path
            if action in NOT_POSTED_EMPTY or ACCOUNT_BUTTONS.match(action):
                continue
            answer = client.post(form.action, data={"csrf_token": client.token()})
            if answer.mimetype == "text/html" and not 300 <= answer.status_code < 400:
                keep(who, action, answer.get_data(as_text=True), " (gửi trống)")
        for address in ERROR_PAGES:
            keep(who, address, client.get(address).get_data(as_text=True))
    # the public check of a printed copy: each code reached, one of the wrong shape, one unknown
    anyone = PlainClient(app, app.response_class, use_cookies=True)
    codes = {code for page in collected.values() for code in CODE.findall(page)} - {"VS-1999-99999"}
    for address in [f"/dich-vu/kiem-tra/{code}" for code in sorted(codes)] + [
            "/dich-vu/kiem-tra/SAI-MA", "/dich-vu/kiem-tra/VS-1999-99999"]:
        keep("khach", address, anyone.get(address).get_data(as_text=True))
    return folder, collected


def test_the_crawl_collects_the_pages_of_every_role(pages):
    _, collected = pages
    for who, at_least in (("khach", 3), ("dangvien", 5), ("bithu", 8), ("capuy", 10), ("xaphuong", 5),
                          ("mattran", 3), ("quantri", 4)):
        found = [page for page in collected.values() if page.startswith(who + " ")]
        assert len(found) >= at_least, (who, found)
    assert any("(gửi trống)" in page for page in collected.values()), "no form's error summary collected"
    assert any(page.startswith("khach /dich-vu/kiem-tra/NX-") for page in collected.values())


def test_every_service_page_has_no_html_error(pages):
    folder, collected = pages
    errors = html_errors(sorted(folder.iterdir()), folder.parent)
    report = [f"{collected.get(path.rsplit('/', 1)[-1], path)} → {message}"
              for path, messages in sorted(errors.items()) for message in messages]
    assert not report, "\n".join(report[:200])
