"""Removing a set of units with everything that belongs to them (a training room), in one
database transaction: the members living or working in them, their accounts, meetings
(with their attendance), letters, comments, introductions, the Front's opinions, the
summaries, the reminders, and what is kept or queued for those records."""
from __future__ import annotations

from .database import Database

_OF_UNITS_OR_MEMBERS = {
    "letters": "member_id IN :members OR cell_id IN :units OR workplace_id IN :units",
    "comments": "member_id IN :members OR cell_id IN :units OR workplace_id IN :units",
    "introductions": "member_id IN :members OR workplace_id IN :units OR commune_id IN :units",
}


def _used(statement: str, params: dict) -> dict:
    """The parameters the statement names (every tuple given is bound as an expanding list)."""
    return {name: value for name, value in params.items() if f":{name}" in statement}


def remove_units(db: Database, unit_ids: set[str]) -> dict[str, int]:
    units = tuple(sorted(unit_ids))
    removed: dict[str, int] = {}
    with db.transaction():
        members = tuple(row["id"] for row in db.rows(
            "SELECT id FROM members WHERE workplace_id IN :units OR residence_cell_id IN :units", {"units": units}))
        bound = {"units": units, "members": members}
        codes: list[str] = []
        for table, where in _OF_UNITS_OR_MEMBERS.items():
            codes += [row["code"] for row in db.rows(f"SELECT code FROM {table} WHERE {where}", _used(where, bound))]  # nosec B608: our own table names and conditions; values bound
        meetings = tuple(row["id"] for row in db.rows("SELECT id FROM meetings WHERE cell_id IN :units", {"units": units}))
        named = {"codes": tuple(codes), "results": tuple(codes) + meetings, "meetings": meetings,
                 "recipients": tuple(f"m.{m}" for m in members), **bound}
        statements = {
            "kept_documents": "code IN :codes", "render_queue": "code IN :codes", "outbox": "about IN :codes",
            "tokens": "result IN :results", "attendance": "meeting_id IN :meetings",
            **_OF_UNITS_OR_MEMBERS, "meetings": "id IN :meetings",
            "front_opinions": "cell_id IN :units OR member_id IN :members",
            "register_summaries": "cell_id IN :units OR commune_id IN :units",
            "accounts": "unit_id IN :units OR member_id IN :members",
            "members": "id IN :members", "units": "id IN :units",
        }
        for table, where in statements.items():
            removed[table] = db.run(f"DELETE FROM {table} WHERE {where}", _used(where, named))  # nosec B608: table names and conditions of our own code; every value is bound
        removed["reminders"] = sum(
            db.run("DELETE FROM reminders WHERE substr(recipient, 1, length(:unit)) = :unit", {"unit": f"u.{unit}."}) for unit in units
        ) + db.run("DELETE FROM reminders WHERE recipient IN :recipients", {"recipients": named["recipients"]})
    return {table: count for table, count in removed.items() if count}
