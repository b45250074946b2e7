"""Units, members and accounts: the `units`, `members` and `accounts` tables of the store's file."""
from __future__ import annotations

from datetime import datetime
from typing import Callable

from ...domain.accounts import Account
from ...domain.members import Member
from ...domain.org import OrgStructure, Unit
from ..record_versions import stamp, upgrade
from .store import Store


def _member(doc: dict) -> Member:
    return Member.from_record(upgrade("members", doc))


def _account(doc: dict) -> Account:
    return Account.from_record(upgrade("accounts", doc))


class UnitRepository:
    def __init__(self, store: Store):
        self.store = store
        self._cached: tuple[int, OrgStructure] | None = None

    def structure(self) -> OrgStructure:
        """The province's units. Every page asks for them and they seldom change, so the
        parsed structure is kept until the store's memory changes (store.generation)."""
        generation = self.store.generation()
        if self._cached is None or self._cached[0] != generation:
            units = [Unit.from_record(upgrade("units", doc)) for doc in self.store.records("units")]
            self._cached = (generation, OrgStructure(units))
        return self._cached[1]

    def save_all(self, units: list[Unit]) -> None:
        """Add or replace units in one unit of work (an import is all or nothing)."""
        ids = {unit.id for unit in units}
        with self.store.transaction():
            table = self.store.table("units")
            table.remove(lambda doc: doc["id"] in ids)
            table.insert_multiple(stamp("units", unit.to_record()) for unit in units)


class MemberRepository:
    def __init__(self, store: Store):
        self.store = store

    def _where(self, predicate) -> list[Member]:
        return sorted((_member(doc) for doc in self.store.find("members", predicate)), key=lambda m: m.id)

    def get(self, member_id: str) -> Member | None:
        doc = self.store.first("members", lambda doc: doc["id"] == member_id)
        return _member(doc) if doc else None

    def of_workplace(self, workplace_id: str) -> list[Member]:
        return self._where(lambda doc: doc["workplace_id"] == workplace_id)

    def of_cell(self, cell_id: str) -> list[Member]:
        return self._where(lambda doc: doc.get("residence_cell_id") == cell_id)

    def update(self, member_id: str, change: Callable[[Member], Member]) -> Member:
        """Read, change and save one member in one unit of work, so two changes of one member
        at once are both kept. KeyError if there is no such member."""
        def apply(doc: dict) -> dict:
            return stamp("members", change(_member(doc)).to_record())
        _, after = self.store.change("members", lambda doc: doc["id"] == member_id, apply)
        return _member(after)

    def save(self, member: Member) -> None:
        self.store.put("members", lambda doc: doc["id"], stamp("members", member.to_record()))


class AccountRepository:
    def __init__(self, store: Store):
        self.store = store

    def of_unit(self, unit_id: str) -> list[Account]:
        """The accounts bound to a unit (whom to tell of a step)."""
        found = self.store.find("accounts", lambda doc: doc.get("unit_id") == unit_id)
        return sorted(map(_account, found), key=lambda account: account.username)

    def get(self, username: str) -> Account | None:
        doc = self.store.first("accounts", lambda doc: doc["username"] == username)
        return _account(doc) if doc else None

    def save(self, account: Account) -> None:
        self.store.put("accounts", lambda doc: doc["username"], stamp("accounts", account.to_record()))

    def update(self, username: str, change: Callable[[Account], Account]) -> Account | None:
        """Read, change and write one account in one unit of work, so that changes made at the
        same moment (parallel sign-ins, a password change) are all kept. None if unknown."""
        def apply(doc: dict) -> dict:
            return stamp("accounts", change(_account(doc)).to_record())
        try:
            _, after = self.store.change("accounts", lambda doc: doc["username"] == username, apply)
        except KeyError:
            return None
        return _account(after)

    def record_failed_sign_in(self, username: str, now: datetime) -> Account | None:
        """One more wrong password, counted atomically: parallel guesses cannot undercount."""
        return self.update(username, lambda account: account.after_failure(now))

    def all(self) -> list[Account]:
        return sorted(map(_account, self.store.records("accounts")), key=lambda account: account.username)
