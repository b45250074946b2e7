"""Find every form of the service the way a person does: sign in as each role, follow
the links from the home page (and every list page), and note each POST form with its
fields. Forms added later are found without editing this file."""
from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from datetime import timedelta
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from forms_service.domain import clock

from .routes import methods, service_rules

DOWNLOADS = (".pdf", ".docx", ".zip", ".csv")
MAX_PAGES_PER_ROLE = 100
PAGES_PER_ROUTE = 2  # two letters' pages show what every letter's page shows


@dataclass
class Field:
    name: str
    kind: str                                   # text, password, textarea, hidden, radio, checkbox, select…
    values: list[str] = field(default_factory=list)  # the choices offered (radio, checkbox, select) or the value


@dataclass
class Form:
    action: str
    page: str
    username: str | None
    fields: dict[str, Field] = field(default_factory=dict)


class _FormParser(HTMLParser):
    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.page, self.forms, self.links = page, [], []
        self._form: Form | None = None
        self._select: Field | None = None

    def _add(self, name: str, kind: str, value: str | None) -> None:
        known = self._form.fields.setdefault(name, Field(name, kind))
        if value is not None:
            known.values.append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(urljoin(self.page, attrs["href"]))
        elif tag == "form" and (attrs.get("method") or "get").lower() == "post":
            self._form = Form(urljoin(self.page, attrs.get("action") or self.page), self.page, None)
        elif tag == "option" and self._select is not None:
            self._select.values.append(attrs.get("value", ""))
        elif self._form is None or not attrs.get("name"):
            return
        elif tag == "input" and attrs.get("type", "text") not in ("submit", "button", "image", "reset"):
            self._add(attrs["name"], attrs.get("type", "text"), attrs.get("value", ""))
        elif tag == "textarea":
            self._add(attrs["name"], "textarea", None)
        elif tag == "select":
            self._select = self._form.fields.setdefault(attrs["name"], Field(attrs["name"], "select"))

    def handle_endtag(self, tag):
        if tag == "form" and self._form is not None:
            self.forms.append(self._form)
            self._form = None
        elif tag == "select":
            self._select = None


def parse(page: str, html: str) -> _FormParser:
    parser = _FormParser(page)
    parser.feed(html)
    return parser


def list_pages(app) -> list[str]:
    """Every GET address of the service without parameters (lists, dashboards, forms)."""
    return [rule.rule for rule in service_rules(app)
            if rule.rule.startswith("/dich-vu/") and not rule.arguments and "GET" in methods(rule)
            and not rule.rule.endswith(DOWNLOADS)]


def plausible(form: Form) -> dict:
    """Values a careful person would send: the first choice offered, today's date, a year,
    a short text. Sending them once takes the crawl where only a step forward leads
    (the check page after a letter, a comment form after a request…)."""
    today = clock.today()
    data = {}
    for name, spec in form.fields.items():
        offered = [v for v in spec.values if v]
        if spec.kind in ("radio", "checkbox", "select", "hidden"):
            data[name] = offered[0] if offered else ""
        elif "year" in name or "nam" == name:
            data[name] = str(today.year)
        elif "date" in name or "ngay" in name:
            data[name] = (today + timedelta(days=7)).strftime("%d/%m/%Y")
        else:
            data[name] = "Nguyễn Văn Thử"
    return data


def route_of(app, path: str) -> str:
    try:
        return app.url_map.bind("sotay.test").match(path, method="GET")[0]
    except Exception:  # a redirect or an unknown address: count it on its own
        return path


def crawl(client, username: str | None, starts: list[str], step_forward=lambda action: True,
          on_page=lambda address, html: None) -> list[Form]:
    """Follow links from `starts` (a few pages per route); submit each new form once with
    plausible values when `step_forward(action)` allows, and follow where that leads.
    `on_page(address, html)` sees every page reached."""
    seen, forms, stepped = set(), [], set()
    per_route: dict[str, int] = {}
    queue = deque(starts)
    while queue and len(seen) < MAX_PAGES_PER_ROLE:
        path = urlsplit(queue.popleft())
        address = path.path + (f"?{path.query}" if path.query else "")
        if path.netloc or not path.path.startswith("/dich-vu/") or address in seen or path.path.endswith(DOWNLOADS):
            continue
        seen.add(address)
        route = route_of(client.application, path.path)
        per_route[route] = per_route.get(route, 0) + 1
        if per_route[route] > PAGES_PER_ROUTE and address not in starts:
            continue
        response = client.get(address)
        if response.status_code != 200 or response.mimetype != "text/html":
            continue
        html = response.get_data(as_text=True)
        on_page(address, html)
        found = parse(address, html)
        queue.extend(found.links)
        for form in found.forms:
            form.username = username
            forms.append(form)
            action = urlsplit(form.action).path
            if action not in stepped and step_forward(action):
                stepped.add(action)
                data = plausible(form)
                if "csrf_token" in form.fields:
                    data["csrf_token"] = form.fields["csrf_token"].values[0]
                answer = client.post(form.action, data=data)
                if answer.status_code in (302, 303):
                    queue.appendleft(urljoin(address, answer.headers["Location"]))
    return forms
