"""Persistence. The only package that imports TinyDB; the domain sees repositories."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .audit import AuditLog
from .comment_repository import CommentRepository
from .introduction_repository import IntroductionRepository
from .letter_repository import LetterRepository
from .meeting_repository import MeetingRepository
from .org_repository import AccountRepository, MemberRepository, UnitRepository
from .register_repository import RegisterRepository
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
    register: RegisterRepository
    comments: CommentRepository
    introductions: IntroductionRepository


def open_store(root: str | Path) -> Repositories:
    store = Store(root)
    return Repositories(store=store, units=UnitRepository(store), members=MemberRepository(store),
                        accounts=AccountRepository(store), audit=AuditLog(store),
                        meetings=MeetingRepository(store),
                        letters=LetterRepository(store),
                        register=RegisterRepository(store), comments=CommentRepository(store),
                        introductions=IntroductionRepository(store))


__all__ = ["Repositories", "Store", "StoreError", "open_store"]
