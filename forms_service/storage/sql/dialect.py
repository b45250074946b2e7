"""The few places where SQL differs between SQLite and PostgreSQL, kept together.

Everything else (upserts with `ON CONFLICT … DO UPDATE`, `RETURNING`, `->>` on a JSON
record) is written once and runs on both. What differs:
- how a value is bound: a record goes to JSONB on PostgreSQL and to JSON text on SQLite;
  the letter's days are a `date[]` there and a JSON list here; dates and moments are ISO
  text on SQLite (moments in UTC, so that their text sorts as the moments do);
- how a record comes back (SQLite gives the JSON text);
- the test "one of the letter's days falls in the year" (`unnest` or `json_each`);
- `FOR UPDATE`, which only PostgreSQL has (SQLite's single writer already excludes others);
- which errors mean "try again" (a deadlock or a serialization failure) or "locked".
"""
from __future__ import annotations

import json
from datetime import date, datetime, timezone

SQLITE = "sqlite"
POSTGRESQL = "postgresql"

# SQLSTATEs of PostgreSQL worth one more try of the same unit of work
RETRYABLE_STATES = {"40001": "serialization failure", "40P01": "deadlock detected"}


def database_url(url: str) -> str:
    """The SQLAlchemy URL of a store address: PostgreSQL through psycopg 3, SQLite as given."""
    for scheme in ("postgresql://", "postgres://"):
        if url.startswith(scheme):
            return "postgresql+psycopg://" + url[len(scheme):]
    return url


def bind(dialect: str, name: str, value):
    """A parameter as the driver of `dialect` takes it."""
    if dialect == POSTGRESQL:
        if name == "details" or isinstance(value, dict):
            from psycopg.types.json import Jsonb
            return value if isinstance(value, Jsonb) else Jsonb(value)
        return value
    if name == "details" or isinstance(value, (dict, list)):
        return json.dumps(_plain_json(value), ensure_ascii=False)
    return as_text(value)


def as_text(value):
    """A date or moment as SQLite keeps it (anything else unchanged)."""
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(timezone.utc)
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def _plain_json(value):
    if isinstance(value, list):
        return [as_text(item) for item in value]
    return value


def record(value):
    """A `details` column as the driver gives it back → the record (a dict)."""
    return json.loads(value) if isinstance(value, str) else value


def stored(dialect: str, name: str, value):
    """What reading back a column bound from `value` gives (check compares with it)."""
    if name == "details":
        return value
    if dialect == SQLITE:
        return json.dumps(_plain_json(value), ensure_ascii=False) if isinstance(value, list) else as_text(value)
    return value


def moment(value) -> datetime:
    """A timestamp column as a datetime (SQLite gives its ISO text)."""
    return datetime.fromisoformat(value) if isinstance(value, str) else value


def day(value) -> date:
    return date.fromisoformat(value) if isinstance(value, str) else value


def a_day_in_year(dialect: str, column: str, param: str) -> str:
    """SQL true when one of the days in the array/JSON list `column` falls in the year `:param`."""
    if dialect == POSTGRESQL:
        return f"EXISTS (SELECT 1 FROM unnest({column}) AS day WHERE extract(year FROM day) = :{param})"  # nosec B608: table and column names of our own code; every value is bound
    return f"EXISTS (SELECT 1 FROM json_each({column}) WHERE CAST(substr(value, 1, 4) AS INTEGER) = :{param})"  # nosec B608: table and column names of our own code; every value is bound


def for_update(dialect: str) -> str:
    """Row lock of a read-modify-write: PostgreSQL's; on SQLite the unit of work already holds
    the one write lock of the file (BEGIN IMMEDIATE)."""
    return " FOR UPDATE" if dialect == POSTGRESQL else ""


def retryable(dialect: str, error: BaseException) -> str | None:
    """The kind of conflict (deadlock, serialization failure) worth one more try, or None."""
    if dialect == POSTGRESQL:
        return RETRYABLE_STATES.get(getattr(error, "sqlstate", None) or "")
    return None


def locked(dialect: str, error: BaseException) -> bool:
    """SQLite's "database is locked" (another writer held the file past busy_timeout)."""
    return dialect == SQLITE and "locked" in str(error).lower()


def disk_full(error: BaseException) -> bool:
    """The disk under the database is full (SQLITE_FULL; PostgreSQL's 53100 disk_full)."""
    return getattr(error, "sqlstate", None) == "53100" or "database or disk is full" in str(error)
