"""The file store: the whole store in one TinyDB JSON file (`<instance folder>/store.json`),
for the demo, training rooms and fast tests. How a unit of work reaches the file, and why
several workers lose nothing: store.py. Kept documents' bytes beside it: kept_repository.py.
What `check` looks at: check.py. Where it stops: CEILING_BYTES in check.py.
"""
from __future__ import annotations

from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path

from ..repository_set import RepositorySet
from .attendance_numbers_repository import AttendanceNumbersRepository
from .audit import AuditLog
from .check import CheckReport, check_file, outgrown
from .comment_repository import CommentRepository
from .front_committee_repository import FrontOpinionRepository
from .introduction_repository import IntroductionRepository
from .kept_repository import KeptDocumentRepository
from .letter_repository import LetterRepository
from .meeting_repository import MeetingRepository
from .org_repository import AccountRepository, MemberRepository, UnitRepository
from .outbox_repository import OutboxRepository
from .reminder_repository import ReminderRepository
from .rule_switch_repository import RuleSwitchRepository
from .store import Store
from .token_repository import TokenRepository


@dataclass
class TinyDBRepositories(RepositorySet):
    store: Store
    opened_at: str

    @property
    def location(self) -> str:
        """What the store was opened with (a folder, or a .json file): `open_store` takes it again."""
        return self.opened_at

    @contextmanager
    def transaction(self):
        with self.store.transaction():
            yield self

    def for_one_request(self):
        """Nothing to keep for a request: the file is read when it changed, written per unit of work."""
        return nullcontext()

    def close(self) -> None:
        """Nothing stays open between operations: each unit of work opens and closes the file."""

    def is_empty(self) -> bool:
        return self.store.is_empty()

    def check_health(self) -> dict:
        return self.store.check_health()

    def remove_units(self, unit_ids: set[str]) -> dict[str, int]:
        from .removal import remove_units
        return remove_units(self.store, unit_ids)

    def check(self, repair: bool = False) -> CheckReport:
        return check_file(self, repair)

    def outgrown(self) -> str | None:
        return outgrown(self.store)


def open_tinydb(location: str | Path) -> TinyDBRepositories:
    store = Store(location)
    return TinyDBRepositories(store=store, opened_at=str(location), units=UnitRepository(store),
                              members=MemberRepository(store), accounts=AccountRepository(store),
                              audit=AuditLog(store), meetings=MeetingRepository(store),
                              letters=LetterRepository(store), attendance_numbers=AttendanceNumbersRepository(store),
                              comments=CommentRepository(store), introductions=IntroductionRepository(store),
                              tokens=TokenRepository(store), outbox=OutboxRepository(store),
                              front_committee=FrontOpinionRepository(store), reminders=ReminderRepository(store),
                              rule_switches=RuleSwitchRepository(store), kept=KeptDocumentRepository(store))
