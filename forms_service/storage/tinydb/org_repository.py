"""Units, members and accounts in the store."""
from __future__ import annotations

from datetime import datetime
from typing import Callable

from ...domain.accounts import Account
from ...domain.members import Member
from ...domain.org import OrgStructure, Unit
from .indexes import GroupIndex, KeyIndex, bucket_of
from ..record_versions import stamp, upgrade
from .store import Store


class UnitRepository:
    """A province has a few thousand units at most: one shard holds them all."""

    def __init__(self, store: Store):
        self.shard = store.shard("units", "all")
        self._cached: tuple[tuple, OrgStructure] | None = None

    def structure(self) -> OrgStructure:
        """The province's units. Every page asks for them and they seldom change, so the
        parsed structure is kept until the file changes (a write replaces the file, so
        its inode, time and size tell; another worker's import is seen at once)."""
        try:
            info = self.shard.path.stat()
            version = (info.st_ino, info.st_mtime_ns, info.st_size)
        except FileNotFoundError:
            version = None
        if self._cached is None or self._cached[0] != version:
            units = [Unit.from_record(upgrade("units", doc)) for doc in self.shard.all()]
            self._cached = (version, OrgStructure(units))
        return self._cached[1]

    def save_all(self, units: list[Unit]) -> None:
        """Add or replace units in one write (an import is all or nothing)."""
        ids = {unit.id for unit in units}
        with self.shard.table() as table:
            table.remove(lambda doc: doc["id"] in ids)
            table.insert_multiple(stamp("units", unit.to_record()) for unit in units)


class MemberRepository:
    """Members are sharded by workplace organisation; two small indexes find them by id
    and by residence cell (the cell's roster keeps a copy of each record, written by
    the same save) without reading other shards."""

    def __init__(self, store: Store):
        self.store = store
        self.locator = KeyIndex(store, "member-workplace")
        self.by_cell = GroupIndex(store, "cell-members")

    def _shard(self, workplace_id: str):
        return self.store.shard("members", workplace_id)

    def get(self, member_id: str) -> Member | None:
        workplace_id = self.locator.get(member_id)
        if workplace_id is None:
            return None
        doc = self._shard(workplace_id).get("id", member_id)
        return Member.from_record(upgrade("members", doc)) if doc else None

    def of_workplace(self, workplace_id: str) -> list[Member]:
        return [Member.from_record(upgrade("members", doc)) for doc in self._shard(workplace_id).all()]

    def of_cell(self, cell_id: str) -> list[Member]:
        """The cell's members, from the cell's roster file: it keeps a copy of each
        member's record, so the register reads one small file rather than the shard of
        every workplace its members work in. Entries without a copy (stored before the
        roster kept one) are read from their workplace shards, each shard once."""
        roster = self.by_cell.items(cell_id)
        found = [Member.from_record(upgrade("members", record)) for record in roster.values() if record]
        without_copy = [member_id for member_id, record in roster.items() if not record]
        if without_copy:
            workplaces = self.locator.get_many(without_copy)
            for workplace_id in sorted(set(workplaces.values())):
                found += [m for m in self.of_workplace(workplace_id) if m.id in workplaces]
        return [member for member in found if member.residence_cell_id == cell_id]

    def update(self, member_id: str, change: Callable[[Member], Member]) -> Member:
        """Read, change and save one member in one unit of work, its shard locked from the read
        to the write, so two changes of one member at once are both kept. KeyError if there is
        no such member."""
        with self.store.transaction():
            workplace_id = self.locator.get(member_id)
            if workplace_id is None:
                raise KeyError(member_id)
            with self._shard(workplace_id).table():
                pass   # the shard stays locked until the unit of work ends, so the read below is the latest
            member = self.get(member_id)
            if member is None:
                raise KeyError(member_id)
            changed = change(member)
            self.save(changed)
        return changed

    def save(self, member: Member) -> None:
        """Insert or replace; moves the member between shards and cells as needed, all in
        one transaction."""
        with self.store.transaction():
            before = self.get(member.id)
            if before and before.workplace_id != member.workplace_id:
                # both workplaces' files locked in one order, so two members moving opposite
                # ways at the same instant never wait on each other
                for workplace_id in sorted({before.workplace_id, member.workplace_id}):
                    with self._shard(workplace_id).table():
                        pass
                with self._shard(before.workplace_id).table() as table:
                    table.remove(lambda doc: doc["id"] == member.id)
            self._shard(member.workplace_id).put("id", stamp("members", member.to_record()))
            self.locator.put(member.id, member.workplace_id)
            if before and before.residence_cell_id and before.residence_cell_id != member.residence_cell_id:
                self.by_cell.discard(before.residence_cell_id, member.id)
            if member.residence_cell_id:
                self.by_cell.put(member.residence_cell_id, member.id, stamp("members", member.to_record()))


class AccountRepository:
    # ~50 accounts a file for a province of 25 000 members: every request reads one
    BUCKETS = 512

    def __init__(self, store: Store):
        self.store = store
        self.by_unit = GroupIndex(store, "accounts-unit")

    def _shard(self, username: str):
        return self.store.shard("accounts", bucket_of(username, self.BUCKETS))

    def of_unit(self, unit_id: str) -> list[Account]:
        """The accounts bound to a unit (whom to tell of a step), from its small index."""
        return [account for account in map(self.get, self.by_unit.members(unit_id))
                if account is not None and account.unit_id == unit_id]

    def get(self, username: str) -> Account | None:
        doc = self._shard(username).get("username", username)
        return Account.from_record(upgrade("accounts", doc)) if doc else None

    def save(self, account: Account) -> None:
        with self.store.transaction():
            before = self.get(account.username)
            self._shard(account.username).put("username", stamp("accounts", account.to_record()))
            if before and before.unit_id and before.unit_id != account.unit_id:
                self.by_unit.discard(before.unit_id, account.username)
            if account.unit_id and (before is None or before.unit_id != account.unit_id):
                self.by_unit.add(account.unit_id, account.username)

    def update(self, username: str, change: Callable[[Account], Account]) -> Account | None:
        """Read, change and write one account under its shard's lock, so that changes made at
        the same moment (parallel sign-ins, a password change) are all kept. None if unknown."""
        def apply(doc: dict) -> dict:
            return stamp("accounts", change(Account.from_record(upgrade("accounts", doc))).to_record())
        try:
            _, after = self._shard(username).change("username", username, apply)
        except KeyError:
            return None
        return Account.from_record(upgrade("accounts", after))

    def record_failed_sign_in(self, username: str, now: datetime) -> Account | None:
        """One more wrong password, counted atomically: parallel guesses cannot undercount."""
        return self.update(username, lambda account: account.after_failure(now))

    def all(self) -> list[Account]:
        return [Account.from_record(upgrade("accounts", doc))
                for shard in self.store.shards("accounts") for doc in shard.all()]
