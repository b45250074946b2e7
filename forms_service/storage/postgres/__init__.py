"""PostgreSQL: the database for a province in production and for more than one app server.

Only this package imports psycopg. The schema is a series of numbered SQL migrations in
`migrations/`, applied by `migrate.py` (`python -m forms_service migrate`). Each table keeps
the record as the domain writes it (`to_record()`) in `details` (JSONB), and copies of the
fields pages filter and sort on in real columns, so a page is one indexed query. Reference
codes come from sequences, one-time tokens are a primary key, transitions read their row
`FOR UPDATE`, and a unit of work is one database transaction (database.py).
"""
from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass

import psycopg
from psycopg import sql

from ..contract import StoreError
from .audit import AuditLog
from .check import CheckReport, check
from .comment_repository import CommentRepository
from .database import Database
from .front_repository import FrontOpinionRepository
from .introduction_repository import IntroductionRepository
from .kept_repository import KeptDocumentRepository
from .letter_repository import LetterRepository
from .meeting_repository import MeetingRepository
from .org_repository import AccountRepository, MemberRepository, UnitRepository
from .outbox_repository import OutboxRepository
from .register_repository import RegisterRepository
from .reminder_repository import ReminderRepository
from .rule_switch_repository import RuleSwitchRepository
from .token_repository import TokenRepository


@dataclass
class PostgresRepositories:
    db: Database
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
        from psycopg.conninfo import conninfo_to_dict
        parts = conninfo_to_dict(self.db.url)
        return f"PostgreSQL {parts.get('dbname', '')}@{parts.get('host', 'localhost')}"

    @contextmanager
    def transaction(self):
        with self.db.transaction():
            yield self

    def close(self) -> None:
        self.db.close()

    def is_empty(self) -> bool:
        """No table of the schema holds a row (the record of applied migrations and the
        health probe aside: neither is data)."""
        tables = [row["table_name"] for row in self.db.rows(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() "
            "AND table_type = 'BASE TABLE' AND table_name NOT IN ('schema_migrations', 'health_probe')")]
        return not any(self.db.row(sql.SQL("SELECT EXISTS (SELECT 1 FROM {}) AS found").format(sql.Identifier(table)))
                       ["found"] for table in tables)

    def check_health(self) -> dict:
        """Can the database be read and written? Used by /healthz; never raises. A server that
        answers but refuses writes (a read-only replica, a full disk) is readable, not writable."""
        try:
            self.db.row("SELECT 1 AS answered")
        except (StoreError, psycopg.Error) as error:
            return {"readable": False, "writable": False, "error": str(error)}
        try:
            with self.db.transaction():
                written = self.db.row("INSERT INTO health_probe (id, checked_at) VALUES (1, now()) ON CONFLICT (id) "
                                      "DO UPDATE SET checked_at = EXCLUDED.checked_at RETURNING checked_at")
                read = self.db.row("SELECT checked_at FROM health_probe WHERE id = 1")
            return {"readable": read == written, "writable": True}
        except (StoreError, psycopg.Error) as error:
            return {"readable": True, "writable": False, "error": str(error)}

    def check(self, repair: bool = False, quick: bool = False) -> CheckReport:
        """`quick` (at start): nothing to finish, a transaction is whole or absent. Otherwise
        compare the columns and sequences with the records (check.py)."""
        if quick:
            return CheckReport()
        return check(self.db, repair)


def open_postgres(url: str) -> PostgresRepositories:
    db = Database(url)
    return PostgresRepositories(
        db=db, units=UnitRepository(db), members=MemberRepository(db), accounts=AccountRepository(db),
        audit=AuditLog(db), meetings=MeetingRepository(db), letters=LetterRepository(db),
        register=RegisterRepository(db), comments=CommentRepository(db), introductions=IntroductionRepository(db),
        tokens=TokenRepository(db), outbox=OutboxRepository(db), front=FrontOpinionRepository(db),
        reminders=ReminderRepository(db), rule_switches=RuleSwitchRepository(db), kept=KeptDocumentRepository(db))
