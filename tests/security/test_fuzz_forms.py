"""Hypothesis fuzzing of every form the service shows (found by crawling as each role):
whatever is posted, never a server error, and every message in Vietnamese.

`make test` runs the "sotay-test" profile (a few hundred cases in all); `make bench`
sets SOTAY_FUZZ_PROFILE=sotay-bench (thousands)."""
from __future__ import annotations

import os
import re
from urllib.parse import urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st


from .conftest import PlainClient, crawl_app, demo_copy
from .forms_crawl import crawl, list_pages
from .routes import service_rules

pytestmark = pytest.mark.calendar

settings.register_profile("sotay-test", max_examples=12, deadline=None, database=None, derandomize=True,
                          suppress_health_check=list(HealthCheck))
settings.register_profile("sotay-bench", max_examples=150, deadline=None, database=None,
                          suppress_health_check=list(HealthCheck))
PROFILE = settings.get_profile(os.environ.get("SOTAY_FUZZ_PROFILE", "sotay-test"))

# In this order, twice: a workplace asks for a comment before the cell can fill it in,
# and the workplace marks it received after.
ROLES = [None, "dangvien", "capuy", "bithu", "xaphuong", "xaphuong2", "mattran", "quantri"]
# POST routes with nothing typed by a person, so nothing to fuzz: endpoint -> why.
NOT_FUZZED = {"accounts.sign_out": "no field; posting it signs the crawler out (tested in tests/web)",
              "onboarding.confirm": "shown only after a spreadsheet is uploaded, which a crawler cannot choose; "
                                    "nothing typed, only the signed file (forged posts: tests/web/test_onboarding_pages)",
              "account_admin.hold": "no field; locking would sign a crawling role out (tests/web/test_account_admin_pages.py)",
              "account_admin.release": "no field; shown only for a locked account",
              "account_admin.end_sessions": "no field; it would sign a crawling role out (tests/web)",
              "account_admin.reactivate": "no field; shown only for a deactivated account",
              "accounts.own_password": "reached only after signing in with a paper code: fuzzed in "
                                       "tests/web/test_account_admin_pages.py",
              "accounts.forgot": "its form shows only when mail is set up: fuzzed in tests/web/test_account_admin_pages.py",
              "accounts.reset": "reached only by the mailed link: fuzzed in tests/web/test_account_admin_pages.py"}
ENGLISH = re.compile(r"This field is required|Not a valid|Invalid (?:input|choice|value)|Field must be|"
                     r"must be (?:at least|between)|is required|CSRF token", re.I)
VIETNAMESE = re.compile(r"[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]", re.I)
NASTY = ["", " ", "\t\n", "0", "-1", "99999999999999999999", "1e309", "NaN", "31/02/2026", "29/02/2025",
         "00/00/0000", "12/12/9999", "1/1/1", "2026-12-12", "<script>alert(1)</script>", "\" onmouseover=\"x",
         "' OR '1'='1", "{{7*7}}", "${7*7}", "%s%n", "../../etc/passwd", "\x00", "\u202e\u0645", "😀" * 20,
         "Nguye\u0302\u0303n Va\u0306n A\u0300n", "ＶＳ－２０２６", "VS-2026-00001", "a" * 5000, "đ" * 600]
text = st.one_of(st.sampled_from(NASTY), st.text(max_size=80),
                 st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=100, max_size=700))


@pytest.fixture(scope="module")
def fuzzed_store(demo_store, tmp_path_factory):
    """A copy of the demo (on the default store) for the whole module."""
    return demo_copy(demo_store, tmp_path_factory.mktemp("fuzz"))


@pytest.fixture(scope="module")
def crawled(fuzzed_store, tmp_path_factory):
    """One app and store for the whole module (the crawl is the slow part), with every
    form each role can reach."""
    app = crawl_app(fuzzed_store, tmp_path_factory.mktemp("fuzz-instance"), "fuzz")
    clients, forms = {}, {}
    for username in ROLES:
        client = PlainClient(app, app.response_class, use_cookies=True)
        if username:
            client.sign_in_as(username)
        clients[username] = client

    def step_forward(action: str) -> bool:
        return endpoint_of(app, action) not in (*NOT_FUZZED, "accounts.change_password", "accounts.sign_in")

    for _ in range(2):
        for username in ROLES:
            for form in crawl(clients[username], username, ["/dich-vu/"] + list_pages(app), step_forward):
                endpoint = endpoint_of(app, form.action)
                if endpoint and endpoint not in NOT_FUZZED:
                    forms.setdefault((endpoint, username), form)
    yield app, clients, forms
    app.extensions["repos"].close()


def endpoint_of(app, action: str) -> str | None:
    try:
        return app.url_map.bind("sotay.test").match(urlsplit(action).path, method="POST")[0]
    except Exception:  # not a POST address of ours
        return None


def values_for(form) -> st.SearchStrategy:
    parts = {}
    for name, spec in form.fields.items():
        if name == "csrf_token":
            continue
        offered = [v for v in spec.values if v is not None]
        if spec.kind == "checkbox":
            choice = st.lists(st.one_of(st.sampled_from(offered or [""]), text), max_size=4)
        elif spec.kind in ("radio", "select", "hidden") and offered:
            choice = st.one_of(st.sampled_from(offered), text)
        else:
            choice = text
        parts[name] = st.one_of(st.none(), choice)  # None: the field is left out of the post
    return st.fixed_dictionaries(parts)


def problem_with(response) -> str | None:
    if response.status_code >= 500:
        return f"server error {response.status_code}"
    if response.mimetype != "text/html":
        return None
    body = response.get_data(as_text=True)
    english = ENGLISH.search(body)
    if english:
        return f"English message {english.group(0)!r}"
    summary = re.search(r'class="error-summary".*?</div>', body, re.S)
    if summary and not VIETNAMESE.search(summary.group(0)):
        return "an error summary with no Vietnamese text"
    return None


def test_every_post_route_has_a_form_that_is_fuzzed(crawled):
    app, _, forms = crawled
    fuzzed = {endpoint for endpoint, _ in forms}
    posts = {rule.endpoint for rule in service_rules(app) if "POST" in rule.methods}
    missing = sorted(posts - fuzzed - set(NOT_FUZZED))
    assert missing == [], f"forms no role can reach by following links: {missing}"


@pytest.mark.parametrize("username", ROLES)
def test_fuzzed_forms_never_err_and_answer_in_vietnamese(crawled, username):
    app, clients, forms = crawled
    client = clients[username]
    mine = {endpoint: form for (endpoint, who), form in forms.items() if who == username}
    assert mine or username is None or username == "xaphuong", f"no form found for {username}"
    for endpoint, form in sorted(mine.items()):
        @settings(PROFILE)
        @given(values_for(form))
        def post_anything(values):
            data = {k: v for k, v in values.items() if v is not None}
            data["csrf_token"] = client.token()
            response = client.post(form.action, data=data)
            problem = problem_with(response)
            assert problem is None, f"{username} POST {form.action} ({endpoint}) with {data!r}: {problem}"
            if username and response.status_code == 302:
                assert "/dang-nhap" not in response.headers.get("Location", ""), "the fuzz signed the person out"

        post_anything()
