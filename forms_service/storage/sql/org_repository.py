"""Units, members and accounts (tables `units`, `members`, `accounts`).

Each row keeps the record as the domain writes it, with its schema stamp, in `details`; the
real columns are copies of what pages look up by (a member's workplace and cell, an account's
unit). This module keeps three tables, so it has one columns function per table
(`unit_columns`, `member_columns`, `account_columns`, and `COLUMNS` naming them by table)
where a module of one table has its `columns`.
"""
from __future__ import annotations

from datetime import datetime
from typing import Callable

from ...domain.accounts import Account
from ...domain.members import Member
from ...domain.org import OrgStructure, Unit
from .database import Database
from .records import change_locked, stamp, upgrade, upsert

UNITS_CHANGED = "units-changed"   # the counter every change of the units takes a number of


def unit_columns(record: dict) -> dict:
    return {"id": record["id"], "kind": record["kind"], "parent_id": record.get("parent_id"),
            "details": record}


def member_columns(record: dict) -> dict:
    return {"id": record["id"], "workplace_id": record["workplace_id"],
            "residence_cell_id": record.get("residence_cell_id"), "status": record["status"],
            "details": record}


def account_columns(record: dict) -> dict:
    return {"username": record["username"], "role": record["role"], "unit_id": record.get("unit_id"),
            "member_id": record.get("member_id"), "details": record}


# table -> its columns from a stored record (copy-store and check use them)
COLUMNS = {"units": unit_columns, "members": member_columns, "accounts": account_columns}


def _member_of(record: dict) -> Member:
    return Member.from_record(upgrade("members", record))


def _member_row(member: Member) -> dict:
    return member_columns(stamp("members", member.to_record()))


def _account_of(record: dict) -> Account:
    return Account.from_record(upgrade("accounts", record))


def _account_row(account: Account) -> dict:
    return account_columns(stamp("accounts", account.to_record()))


class UnitRepository:
    """A province has a few thousand units at most, and every page asks for them: the parsed
    structure is kept in the process until the table changes. Every change of the units
    takes a number of the counter UNITS_CHANGED in its unit of work, and a removal changes
    the count, so one small query tells whether another process or worker changed them."""

    VERSION = ("SELECT (SELECT count(*) FROM units) AS n, "
               "coalesce((SELECT value FROM counters WHERE name = :counter), 0) AS x")

    def __init__(self, db: Database):
        self.db = db
        self._cached: tuple[tuple, OrgStructure] | None = None

    def structure(self) -> OrgStructure:
        found = self.db.row(self.VERSION, {"counter": UNITS_CHANGED})
        version = (found["n"], found["x"])
        if self._cached is None or self._cached[0] != version:
            rows = self.db.rows("SELECT details FROM units ORDER BY id")
            self._cached = (version, OrgStructure([Unit.from_record(upgrade("units", r["details"])) for r in rows]))
        return self._cached[1]

    def save_all(self, units: list[Unit]) -> None:
        """Add or replace units in one transaction (an import is all or nothing)."""
        with self.db.transaction():
            for unit in units:
                upsert(self.db, "units", unit_columns(stamp("units", unit.to_record())), key=("id",))
            self.db.next_number(UNITS_CHANGED, in_unit_of_work=True)


class MemberRepository:
    def __init__(self, db: Database):
        self.db = db

    def get(self, member_id: str) -> Member | None:
        row = self.db.row("SELECT details FROM members WHERE id = :id", {"id": member_id})
        return _member_of(row["details"]) if row else None

    def of_workplace(self, workplace_id: str) -> list[Member]:
        return [_member_of(r["details"]) for r in self.db.rows(
            "SELECT details FROM members WHERE workplace_id = :workplace ORDER BY id", {"workplace": workplace_id})]

    def of_cell(self, cell_id: str) -> list[Member]:
        return [_member_of(r["details"]) for r in self.db.rows(
            "SELECT details FROM members WHERE residence_cell_id = :cell ORDER BY id", {"cell": cell_id})]

    def save(self, member: Member) -> None:
        """Insert or replace (a move between workplaces or cells is a change of its columns)."""
        upsert(self.db, "members", _member_row(member), key=("id",))

    def update(self, member_id: str, change: Callable[[Member], Member]) -> Member:
        """Read the member locked, change it and save it in one unit of work: two changes of
        one member at once are both kept. KeyError if there is no such member."""
        return change_locked(self.db, "members", "id", member_id, _member_of, change, _member_row)[1]


class AccountRepository:
    def __init__(self, db: Database):
        self.db = db

    def get(self, username: str) -> Account | None:
        row = self.db.row("SELECT details FROM accounts WHERE username = :username", {"username": username})
        return _account_of(row["details"]) if row else None

    def of_unit(self, unit_id: str) -> list[Account]:
        """The accounts bound to a unit (whom to tell of a step)."""
        return [_account_of(r["details"]) for r in self.db.rows(
            "SELECT details FROM accounts WHERE unit_id = :unit ORDER BY username", {"unit": unit_id})]

    def all(self) -> list[Account]:
        return [_account_of(r["details"]) for r in self.db.rows("SELECT details FROM accounts ORDER BY username")]

    def save(self, account: Account) -> None:
        upsert(self.db, "accounts", _account_row(account), key=("username",))

    def update(self, username: str, change: Callable[[Account], Account]) -> Account | None:
        """Read the row locked, change it and write it back in one transaction: a second
        change of the same account waits for the first to commit and then reads its result,
        so parallel sign-ins and a password change are all kept. None if unknown."""
        try:
            return change_locked(self.db, "accounts", "username", username, _account_of, change, _account_row)[1]
        except KeyError:
            return None

    def record_failed_sign_in(self, username: str, now: datetime) -> Account | None:
        """One more wrong password, counted under the row's lock: parallel guesses cannot undercount."""
        return self.update(username, lambda account: account.after_failure(now))
