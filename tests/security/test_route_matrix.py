"""Every route × anonymous and every demo role: the expected answer.

- anonymous: sent to sign in, except the declared public routes;
- signed in: never a server error;
- a record of ANOTHER unit (real codes and ids from the demo store): 403 or 404;
- every response carries the security headers.
"""
from __future__ import annotations

import pytest

from .conftest import DEMO_USERS, PlainClient
from .routes import (MISSING, another_units_values, fill, is_public, is_record_route,
                     methods, service_rules)

pytestmark = pytest.mark.calendar

REQUIRED_HEADERS = {"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY",
                    "Referrer-Policy": "same-origin"}


def header_problems(response, where: str) -> list[str]:
    problems = [f"{where}: {name} is {response.headers.get(name)!r}"
                for name, value in REQUIRED_HEADERS.items() if response.headers.get(name) != value]
    csp = response.headers.get("Content-Security-Policy", "")
    if "default-src 'self'" not in csp or "frame-ancestors 'none'" not in csp:
        problems.append(f"{where}: weak or missing Content-Security-Policy {csp!r}")
    return problems


def request(client: PlainClient, method: str, url: str):
    if method == "GET":
        return client.get(url)
    # A fresh token each time: a route may have replaced the session (sign-out clears it).
    return client.open(url, method=method, data={"csrf_token": client.token()})


def test_anonymous_is_sent_to_sign_in_except_on_public_routes(app, repos, plain_client):
    """A 404 is accepted for an address whose record does not exist (a code of another
    kind of record): the administrator, who may see everything, gets no page there either."""
    values = another_units_values(repos, None)
    admin = PlainClient(app, app.response_class, use_cookies=True)
    admin.sign_in_as("quantri")
    problems = []
    for rule in service_rules(app):
        for method in methods(rule):
            for url in fill(rule, values):
                response = request(plain_client, method, url)
                where = f"anonymous {method} {url}"
                problems += header_problems(response, where)
                if response.status_code >= 500:
                    problems.append(f"{where}: {response.status_code}")
                elif not is_public(rule):
                    location = response.headers.get("Location", "")
                    if response.status_code == 302 and location.split("?")[0].endswith("/dich-vu/dang-nhap"):
                        continue
                    if response.status_code == 404 and (method != "GET" or admin.get(url).status_code == 404):
                        continue
                    problems.append(f"{where}: {response.status_code} {location!r}, expected sign-in")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("username", DEMO_USERS)
def test_signed_in_role_never_errs_and_never_reaches_another_units_record(app, repos, plain_client, username):
    actor = repos.accounts.get(username).actor
    values = another_units_values(repos, actor)
    plain_client.sign_in_as(username)
    problems = []
    checked_foreign = 0
    for rule in service_rules(app):
        if rule.endpoint == "accounts.sign_out":
            continue  # would end this session; its own test is in tests/web
        for method in methods(rule):
            for url in fill(rule, values):
                response = request(plain_client, method, url)
                where = f"{username} {method} {url}"
                problems += header_problems(response, where)
                if response.status_code >= 500:
                    problems.append(f"{where}: {response.status_code}")
                elif is_record_route(rule) and not is_public(rule) and actor.role != "quan_tri":
                    checked_foreign += MISSING not in url
                    if response.status_code not in (403, 404):
                        problems.append(f"{where}: {response.status_code}, another unit's record must be refused")
                if response.status_code == 302 and "/dich-vu/dang-nhap" in response.headers.get("Location", ""):
                    problems.append(f"{where}: a signed-in person was sent to sign in again")
    assert not problems, "\n".join(problems)
    assert actor.role == "quan_tri" or checked_foreign > 0, "no record of another unit was tried"
