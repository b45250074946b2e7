"""Persistence. The only package that imports TinyDB; the domain sees repositories."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .audit import AuditLog
from .letter_repository import LetterRepository
from .meeting_repository import MeetingRepository
from .org_repository import AccountRepository, MemberRepository, UnitRepository
from .store import Store, StoreError


@dataclass
class Repositories:
    store: Store
    units: UnitRepository
    members: MemberRepository
    accounts: AccountRepository
    audit: AuditLog
    meetings: MeetingRepository
    letters: LetterRepository


def open_store(root: str | Path) -> Repositories:
    store = Store(root)
    return Repositories(store=store, units=UnitRepository(store), members=MemberRepository(store),
                        accounts=AccountRepository(store), audit=AuditLog(store),
                        meetings=MeetingRepository(store),
                        letters=LetterRepository(store))


__all__ = ["Repositories", "Store", "StoreError", "open_store"]
