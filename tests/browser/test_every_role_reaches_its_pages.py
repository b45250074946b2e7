"""Every role, signed in on a 360-px phone, reaches every page of its journeys from its home
page by visible links only, and axe-core finds no serious or critical problem on any of them.

The crawler types one address (the site's root, in sign_in); after that it opens only the
addresses of links that are visible on a page it reached. Downloads are not opened (they are
files, not pages), nor is anything behind a button (the journey tests press those)."""
from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

import pytest

from forms_service.domain import clock
from tests.conftest import DEMO_PASSWORD

from .conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.calendar]
SERIOUS = ("serious", "critical")
DOWNLOADS = re.compile(r"\.(pdf|docx|zip|csv|xlsx)$")
SERVICE = "/dich-vu/"

# The pages of each role's journeys, as kinds of address: "*" stands for any one record's part
# (a code, an id, a unit). The crawl opens one page of each kind, where a part with a digit
# marks a record.
EXPECTED = {
    "dangvien": {"/dich-vu/", "/dich-vu/don-xin-vang/moi", "/dich-vu/don-xin-vang/", "/dich-vu/don-xin-vang/*",
                 "/dich-vu/phieu-nhan-xet/cua-toi", "/dich-vu/gioi-thieu/cua-toi", "/dich-vu/doi-mat-khau"},
    "bithu": {"/dich-vu/", "/dich-vu/so-theo-doi/", "/dich-vu/so-theo-doi/buoi-moi", "/dich-vu/so-theo-doi/buoi/*",
              "/dich-vu/duyet-don-vang/chi-bo/", "/dich-vu/duyet-don-vang/chi-bo/*", "/dich-vu/phieu-nhan-xet/chi-bo",
              "/dich-vu/phieu-nhan-xet/*/dien", "/dich-vu/gioi-thieu/chi-bo/", "/dich-vu/doi-mat-khau",
              "/dich-vu/danh-sach/chi-bo/*/tat-ca", "/dich-vu/danh-sach/chi-bo/*/can-nhan-xet",
              "/dich-vu/tai-khoan/", "/dich-vu/tai-khoan/*"},
    "capuy": {"/dich-vu/", "/dich-vu/duyet-don-vang/noi-cong-tac/", "/dich-vu/duyet-don-vang/noi-cong-tac/*",
              "/dich-vu/phieu-nhan-xet/xin-y-kien", "/dich-vu/phieu-nhan-xet/", "/dich-vu/phieu-nhan-xet/*",
              "/dich-vu/gioi-thieu/", "/dich-vu/gioi-thieu/*", "/dich-vu/gioi-thieu/moi/*",
              "/dich-vu/gioi-thieu/mien/*", "/dich-vu/gioi-thieu/thay-doi/*", "/dich-vu/gioi-thieu/dang-vien/*",
              "/dich-vu/doi-mat-khau", "/dich-vu/nhap-danh-sach/",
              "/dich-vu/danh-sach/noi-cong-tac/dang-uy-so-giao-duc/tat-ca",
              "/dich-vu/tai-khoan/", "/dich-vu/tai-khoan/*", "/dich-vu/tai-khoan/tao", "/dich-vu/nhat-ky"},
    "xaphuong": {"/dich-vu/", "/dich-vu/giam-sat/", "/dich-vu/gioi-thieu/tiep-nhan/",
                 "/dich-vu/gioi-thieu/*/tiep-nhan", "/dich-vu/don-xin-vang/xa-phuong/", "/dich-vu/don-xin-vang/*",
                 "/dich-vu/so-theo-doi/", "/dich-vu/doi-mat-khau", "/dich-vu/nhap-danh-sach/", "/dich-vu/don-vi/",
                 "/dich-vu/don-vi/them", "/dich-vu/don-vi/*/doi-ten", "/dich-vu/don-vi/*/sap-nhap",
                 "/dich-vu/danh-sach/xa-phuong/phuong-hoa-an-tay/tat-ca",
                 "/dich-vu/tai-khoan/", "/dich-vu/tai-khoan/*", "/dich-vu/tai-khoan/tao", "/dich-vu/nhat-ky"},
    "mattran": {"/dich-vu/", "/dich-vu/mat-tran/", "/dich-vu/mat-tran/*", "/dich-vu/doi-mat-khau"},
    "quantri": {"/dich-vu/", "/dich-vu/quan-tri/", "/dich-vu/quan-tri/quy-dinh-dia-phuong", "/dich-vu/giam-sat/",
                "/dich-vu/giam-sat/*", "/dich-vu/quan-tri/phong-tap/", "/dich-vu/quan-tri/phong-tap/lam-lai",
                "/dich-vu/quan-tri/phong-tap/xoa",
                "/dich-vu/doi-mat-khau", "/dich-vu/nhap-danh-sach/", "/dich-vu/don-vi/", "/dich-vu/don-vi/them",
                "/dich-vu/tai-khoan/", "/dich-vu/tai-khoan/*", "/dich-vu/tai-khoan/tao", "/dich-vu/nhat-ky"},
}


def kind_of(path: str) -> str:
    return "/".join("*" if re.search(r"\d", part) else part for part in path.split("/"))


def _matches(expected: str, path: str) -> bool:
    return re.fullmatch(re.escape(expected).replace(r"\*", "[^/]+"), path) is not None


def _visible_service_links(page) -> list[str]:
    hrefs = page.locator("a[href]").evaluate_all(
        "links => links.filter(a => a.offsetParent !== null && a.getClientRects().length)"
        ".map(a => a.getAttribute('href'))")
    found = []
    for href in hrefs:
        address = urlsplit(urljoin(page.url, href))
        if address.path.startswith(SERVICE) and not DOWNLOADS.search(address.path):
            found.append(address.path + (f"?{address.query}" if address.query else ""))
    return found


def crawl(page, base_url: str) -> tuple[set[str], dict[str, list[str]]]:
    """Breadth first from the home page; one page of each kind is opened and checked by axe."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    kinds, reached, problems = set(), set(), {}
    queue = [urlsplit(page.url).path]
    while queue:
        address = queue.pop(0)
        kind = kind_of(urlsplit(address).path)
        if kind in kinds:
            continue
        kinds.add(kind)
        reached.add(urlsplit(address).path)
        if address != urlsplit(page.url).path:
            page.goto(base_url + address)
        bad = [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
               for v in axe.run(page).response["violations"] if v["impact"] in SERIOUS]
        if bad:
            problems[address] = bad
        queue += [link for link in _visible_service_links(page) if kind_of(urlsplit(link).path) not in kinds]
    return reached, problems


def _member_sends_a_letter(page) -> None:
    """The demo member has no letter yet; one sent by the form gives the crawl a letter to open."""
    page.get_by_role("link", name="Viết đơn xin vắng sinh hoạt").click()
    page.locator("input[type=checkbox]").first.check()
    page.get_by_label("Đi công tác, làm nhiệm vụ cơ quan giao").check()
    page.get_by_label("Lý do cụ thể").fill("dự hội nghị tại Cần Thơ")
    page.get_by_role("button", name="Tiếp tục").click()
    page.get_by_role("button", name="Gửi đơn").click()
    page.locator(".site-nav").get_by_role("link", name="Trang của tôi").click()


def _workplace_introduces_a_member(page) -> None:
    """No introduction is on the service in the demo; one made by the form gives the crawl one to open."""
    page.get_by_role("link", name="Giấy giới thiệu và báo thay đổi của đảng viên").click()
    page.get_by_role("link", name="Giới thiệu", exact=False).first.click()
    page.get_by_label("Đảng ủy xã, phường nơi đảng viên cư trú").select_option(index=1)
    page.get_by_label("Ngày giới thiệu").fill(f"{clock.today():%d/%m/%Y}")
    page.get_by_role("button", name="Lập giấy giới thiệu").click()
    page.locator(".site-nav").get_by_role("link", name="Trang của tôi").click()


FIRST_STEPS = {"dangvien": _member_sends_a_letter, "capuy": _workplace_introduces_a_member}


@pytest.mark.parametrize("username", sorted(EXPECTED))
def test_role_reaches_every_page_of_its_journeys_by_visible_links(live_server, phone, username):
    sign_in(phone, live_server, username, DEMO_PASSWORD)
    if username in FIRST_STEPS:
        FIRST_STEPS[username](phone)
    reached, problems = crawl(phone, live_server)
    missing = [kind for kind in EXPECTED[username] if not any(_matches(kind, path) for path in reached)]
    assert not missing, f"{username} cannot reach by links: {missing}; reached {sorted(reached)}"
    assert not problems, f"axe-core, serious or critical, for {username}: {problems}"
