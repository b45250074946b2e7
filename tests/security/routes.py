"""Every route of the app, with real values for its URL parameters.

Routes are read from `app.url_map`, so a route added later is checked without editing
this file. URL parameters are filled with real ids and codes from the demo store; for
a signed-in person, with records of ANOTHER unit (the case that must be refused).
"""
from __future__ import annotations

from dataclasses import dataclass

from flask import Flask
from werkzeug.routing import Rule

from forms_service.domain import clock
from forms_service.domain.access import Actor, Role
from forms_service.domain.org import UnitKind

# Routes anybody may use without signing in: endpoint -> why.
PUBLIC_ENDPOINTS = {
    "handbook.page": "the handbook is public",
    "handbook.health": "the health check for the process supervisor",
    "accounts.sign_in": "signing in",
    "accounts.sign_out": "signing out does nothing for an anonymous visitor",
    "accounts.own_password": "choosing one's password after a paper code, before any session (else back to sign in)",
    "accounts.forgot": "a forgotten password: who to ask, and the link by mail",
    "accounts.reset": "the one-time link of a forgotten password (refused unless it is the live one)",
    "home.index": "the service's front door explains how to start",
    "static": "CSS and images",
    "handbook.service_worker": "the handbook's service worker (offline reading)",
    "handbook.manifest": "the web app manifest (installing the handbook)",
    "offline.needs_network": "the page shown offline, kept by the service worker: the same for everyone",
    "sharing.qr_code": "the QR code of a public link (it refuses any other)",
}
# Address prefixes that are public by design (blank forms to download, verification of a printed copy).
PUBLIC_PREFIXES = ("/dich-vu/mau-don/", "/dich-vu/kiem-tra/")
# Non-id parameters whose values are a closed list in the routes themselves.
KNOWN_VALUES = {"side": ["noi-cong-tac", "chi-bo"], "danh_sach": ["tat-ca", "can-nhan-xet", "chua-sinh-hoat"],
                "dang": ["csv", "xlsx", "pdf"], "loai": ["dang-vien", "tai-khoan", "don-vi"]}
# Parameters that name a record of some unit: filling them with another unit's record must be refused.
RECORD_PARAMETERS = ("code", "meeting_id", "member_id", "cell_id", "workplace_id", "commune_id", "letter", "comment",
                     "username")
MISSING = "khong-ton-tai"


def is_public(rule: Rule) -> bool:
    return rule.endpoint in PUBLIC_ENDPOINTS or rule.rule.startswith(PUBLIC_PREFIXES)


def methods(rule: Rule) -> list[str]:
    return sorted(rule.methods - {"HEAD", "OPTIONS"})


def service_rules(app: Flask) -> list[Rule]:
    return sorted(app.url_map.iter_rules(), key=lambda r: r.rule)


def is_record_route(rule: Rule) -> bool:
    return any(arg in RECORD_PARAMETERS or arg.endswith("_id") for arg in rule.arguments)


@dataclass(frozen=True)
class Record:
    """A stored record with a code or an id, and the units it belongs to."""
    collection: str
    key: str
    member_id: str | None
    units: frozenset  # workplace, cells (residence, proposed, assigned…) and their communes


UNIT_FIELDS = ("workplace_id", "cell_id", "residence_cell_id", "proposed_cell_id", "assigned_cell_id",
               "commune_id")


def record_of(collection: str, key: str, doc: dict, org) -> Record:
    units = {doc.get(name) for name in UNIT_FIELDS} - {None, ""}
    units |= {org.commune_of(unit) for unit in units} - {None}
    return Record(collection, key, doc.get("member_id"), frozenset(units))


# The tables of the records an address names by code (and meetings, by id).
TABLES = ("letters", "comments", "introductions", "meetings")


def stored_documents(repos):
    """(collection, record) for every stored record, read from the file store's tables: the
    security tests run on the default store (the `backend` fixture), as every web test does."""
    for table in TABLES:
        for doc in repos.store.records(table):
            yield table, doc


def stored_records(repos) -> list[Record]:
    """Every record of every collection that carries a code (letters, comments…) plus meetings."""
    org = repos.units.structure()
    found = []
    for collection, doc in stored_documents(repos):
        key = doc.get("code") or (doc.get("id") if collection == "meetings" else None)
        if isinstance(key, str):
            found.append(record_of(collection, key, doc, org))
    return found


def belongs_to(record: Record, actor: Actor) -> bool:
    if actor.role == Role.ADMIN:
        return True
    if actor.member_id and record.member_id == actor.member_id:
        return True
    return actor.unit_id is not None and actor.unit_id in record.units


def another_units_values(repos, actor: Actor | None) -> dict[str, list[str]]:
    """For each kind of URL parameter, real values that belong to a unit other than the
    actor's (any real value for an anonymous visitor): one record per collection."""
    org = repos.units.structure()
    records = stored_records(repos)
    own_units = set()
    if actor is not None and actor.unit_id:
        own_units = {actor.unit_id, org.commune_of(actor.unit_id)} - {None}
        own_units |= {unit.id for unit in org.children(actor.unit_id)}   # a commune's cells are its own too

    def foreign(record: Record) -> bool:
        return actor is None or not belongs_to(record, actor)

    def one_per_collection(pool: list[Record]) -> list[str]:
        chosen: dict[str, str] = {}
        for record in pool:
            if foreign(record):
                chosen.setdefault(record.collection, record.key)
        return list(chosen.values())

    members = []
    for unit in org.of_kind(UnitKind.WORKPLACE):
        for member in repos.members.of_workplace(unit.id):
            record = record_of("members", member.id, member.to_record() | {"member_id": member.id}, org)
            if foreign(record):
                members.append(member.id)
    units = {kind: [u.id for u in org.of_kind(kind) if u.id not in own_units]
             for kind in (UnitKind.COMMUNE, UnitKind.RESIDENCE_CELL, UnitKind.WORKPLACE)}
    # an officer's account of a cell outside the actor's unit and commune: out of everyone's reach but the administrator's
    others = [a.username for a in repos.accounts.all() if a.role == Role.CELL_SECRETARY and actor is not None
              and a.username != actor.username and a.unit_id not in own_units
              and org.commune_of(a.unit_id) not in own_units]
    return {
        "username": others[:1],
        "code": one_per_collection([r for r in records if r.collection != "meetings"]),
        "meeting_id": one_per_collection([r for r in records if r.collection == "meetings"]),
        "member_id": members[:1],
        "commune_id": units[UnitKind.COMMUNE][:1],
        "cell_id": units[UnitKind.RESIDENCE_CELL][:1],
        "workplace_id": units[UnitKind.WORKPLACE][:1],
    }


def fill(rule: Rule, value_for) -> list[str]:
    """The addresses to try for a rule: one per candidate value of its parameters."""
    candidates: list[dict] = [{}]
    for arg in sorted(rule.arguments):
        converter = type(rule._converters.get(arg)).__name__
        if arg in (rule.defaults or {}):
            values = [rule.defaults[arg]]
        elif converter == "IntegerConverter":
            values = [clock.today().year]
        elif converter == "PathConverter":
            values = ["bat-dau/"]
        elif arg in KNOWN_VALUES:
            values = KNOWN_VALUES[arg]
        else:
            values = value_for.get(arg) or [MISSING]
        candidates = [{**c, arg: v} for c in candidates for v in values]
    urls = []
    for values in candidates:
        try:
            urls.append(rule.build(values, append_unknown=False)[1])
        except Exception:  # a value the converter refuses: the route cannot be reached with it
            continue
    return urls
