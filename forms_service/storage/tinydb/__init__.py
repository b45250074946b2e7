"""The embedded backend: TinyDB files in the instance folder, nothing to install.

Layout, locks and atomic writes: store.py. Crash consistency: every change that touches
several files (a letter and its indexes, a batch of comment requests, an introduction and
its receipt with the member it moves, a member moved between shards, an account and its
unit index, a record with its audit line and its mail) is one transaction with an intent journal,
rolled forward after a crash (journal.py) — chosen over "one file per change" because
the indexes that keep the pages fast must live in other files than the records.
`check --repair` rebuilds every index from the records (check.py).
"""
from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .audit import AuditLog
from .check import CheckReport, check
from .comment_repository import CommentRepository
from .front_repository import FrontOpinionRepository
from .introduction_repository import IntroductionRepository
from .kept_repository import KeptDocumentRepository
from .letter_repository import LetterRepository
from .meeting_repository import MeetingRepository
from .outbox_repository import OutboxRepository
from .org_repository import AccountRepository, MemberRepository, UnitRepository
from .register_repository import RegisterRepository
from .reminder_repository import ReminderRepository
from .rule_switch_repository import RuleSwitchRepository
from .store import Store
from .token_repository import TokenRepository


@dataclass
class TinyDBRepositories:
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
    tokens: TokenRepository
    outbox: OutboxRepository
    front: FrontOpinionRepository
    reminders: ReminderRepository
    rule_switches: RuleSwitchRepository
    kept: KeptDocumentRepository

    @property
    def location(self) -> str:
        return str(self.store.root)

    @contextmanager
    def transaction(self):
        with self.store.transaction():
            yield self

    def close(self) -> None:
        """Nothing stays open between operations: each one opens and closes its files."""

    def is_empty(self) -> bool:
        return self.store.is_empty()

    def check_health(self) -> dict:
        return self.store.check_health()

    def remove_units(self, unit_ids: set[str]) -> dict[str, int]:
        from .removal import remove_units
        return remove_units(self.store, unit_ids)

    def check(self, repair: bool = False, quick: bool = False) -> CheckReport:
        if quick:
            return CheckReport(finished=self.store.recover())
        return check(self, repair)


def open_tinydb(root: str | Path) -> TinyDBRepositories:
    store = Store(root)  # changes a crash cut short are finished by check(quick=True) or the next write
    return TinyDBRepositories(store=store, units=UnitRepository(store), members=MemberRepository(store),
                              accounts=AccountRepository(store), audit=AuditLog(store),
                              meetings=MeetingRepository(store), letters=LetterRepository(store),
                              register=RegisterRepository(store), comments=CommentRepository(store),
                              introductions=IntroductionRepository(store), tokens=TokenRepository(store),
                              outbox=OutboxRepository(store), front=FrontOpinionRepository(store),
                              reminders=ReminderRepository(store),
                              rule_switches=RuleSwitchRepository(store), kept=KeptDocumentRepository(store))
