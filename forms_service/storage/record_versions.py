"""Versions of the stored records' shape and the upgrades between them, for both backends
(TinyDB keeps the record in a file, PostgreSQL in a table's `details` column).

Every record carries `v`. When a record's shape changes, bump the version here and add a
function that turns a record of the old version into the new one; records are upgraded as
they are read and saved in the new shape at their next change. (The SQL migrations change
PostgreSQL's tables and columns; these change the records inside them.)
"""
from __future__ import annotations

from typing import Callable

from ..domain.local_rules import RATING_CAP

# every collection's current version, written here rather than filled in by each module
CURRENT: dict[str, int] = {"units": 2, "members": 1, "accounts": 1, "letters": 1, "comments": 3,
                           "introductions": 1, "meetings": 1, "register-summary": 1,
                           "front-opinions": 1, "reminders": 1, "rule-switches": 2}

# (collection, from_version) -> function returning the record at from_version + 1
MIGRATIONS: dict[tuple[str, int], Callable[[dict], dict]] = {
    # 2: a unit keeps its former names (renamed, merged) and the unit it was merged into
    ("units", 1): lambda record: {**record, "former_names": [], "merged_into": ""},
    # 2: the comment records the day the Front work committee's opinion was given, and the
    # deadline the workplace set on the request
    ("comments", 1): lambda record: {**record, "front_consulted_on": None, "deadline": None},
    # 3: why the workplace asked, for a member exempt under HD 33 mục 1.1 (asked only when needed)
    ("comments", 2): lambda record: {**record, "asked_because": ""},
    # 2: a switch names its local practice; the switches saved before were all the rating cap's
    ("rule-switches", 1): lambda record: {**record, "rule": RATING_CAP,
                                          "k": f"{RATING_CAP}:{record['province_id']}:{record['year']}"},
}


def stamp(collection: str, record: dict) -> dict:
    return {**record, "v": CURRENT[collection]}


def changing(collection: str, from_record, change):
    """A change of domain objects (`change(obj) -> obj`) as a change of stored records."""
    return lambda record: stamp(collection, change(from_record(upgrade(collection, record))).to_record())


def upgrade(collection: str, record: dict) -> dict:
    version = record.get("v", 1)
    while version < CURRENT[collection]:
        record = MIGRATIONS[(collection, version)](record)
        version += 1
        record["v"] = version
    return record
