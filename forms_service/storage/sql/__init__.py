"""The SQL store: one implementation of the contract for SQLite (one machine) and PostgreSQL
(a province in production, several app servers), through SQLAlchemy Core.

Only this package imports SQLAlchemy. The schema is one Alembic history for both engines
(`migrations/`, run by `migrate.py`: `python -m forms_service migrate`). Each table keeps the
record as the domain writes it (`to_record()`) in `details` (JSONB, or JSON text on SQLite),
and copies of the fields pages filter and sort on in real columns, so a page is one indexed
query. Codes come from a counters table (taken at once, as a sequence's: database.py), one-time tokens are a
primary key, transitions read their row `FOR UPDATE` on PostgreSQL (SQLite has one writer),
and a unit of work is one database transaction (database.py). Where SQL differs between the
two engines, it is in dialect.py.
"""
from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass

from ...domain import clock
from ..contract import StoreError
from ..repository_set import RepositorySet
from .attendance_numbers_repository import AttendanceNumbersRepository
from .audit import AuditLog
from .check import CheckReport, check
from .comment_repository import CommentRepository
from .database import Database
from .front_committee_repository import FrontOpinionRepository
from .introduction_repository import IntroductionRepository
from .kept_repository import KeptDocumentRepository
from .letter_repository import LetterRepository
from .meeting_repository import MeetingRepository
from .org_repository import AccountRepository, MemberRepository, UnitRepository
from .outbox_repository import OutboxRepository
from .reminder_repository import ReminderRepository
from .rule_switch_repository import RuleSwitchRepository
from .token_repository import TokenRepository

# what holds a row without being data: the schema's revision and /healthz's probe
NOT_DATA = ("alembic_version", "health_probe")


@dataclass
class SqlRepositories(RepositorySet):
    db: Database

    @property
    def location(self) -> str:
        """The store named for a message, without a password."""
        if self.db.dialect == "sqlite":
            return f"SQLite {self.db.url[len('sqlite:///'):]}"
        url = self.db.engine.url
        return f"PostgreSQL {url.database or ''}@{url.host or 'localhost'}"

    @contextmanager
    def transaction(self):
        with self.db.transaction():
            yield self

    def for_one_request(self):
        """One connection for the whole request, lent and pinged once (database.py)."""
        return self.db.for_one_request()

    def close(self) -> None:
        self.db.close()

    def _tables(self) -> list[str]:
        import sqlalchemy
        with self.db.transaction(read_only=True) as connection:
            return [name for name in sqlalchemy.inspect(connection).get_table_names() if name not in NOT_DATA]

    def is_empty(self) -> bool:
        """No table of the schema holds a row (the schema's revision and the health probe
        aside: neither is data)."""
        return not any(self.db.row(f"SELECT 1 AS found FROM {table} LIMIT 1") for table in self._tables())  # nosec B608: table and column names of our own code; every value is bound

    def check_health(self) -> dict:
        """Can the database be read and written? Used by /healthz; never raises. A server that
        answers but refuses writes (a read-only replica, a full disk, a locked file) is
        readable, not writable."""
        try:
            self.db.row("SELECT 1 AS answered")
        except StoreError as error:
            return {"readable": False, "writable": False, "error": str(error)}
        problem = self._schema_problem()
        if problem:   # a page would fail on a missing or changed table: the app server is out of service
            return {"readable": True, "writable": False, "error": problem}
        try:
            moment = clock.now().replace(microsecond=0)
            with self.db.transaction():
                self.db.run("INSERT INTO health_probe (id, checked_at) VALUES (1, :at) ON CONFLICT (id) "
                            "DO UPDATE SET checked_at = excluded.checked_at", {"at": moment})
                read = self.db.row("SELECT checked_at FROM health_probe WHERE id = 1")
            from .dialect import moment as as_moment
            return {"readable": as_moment(read["checked_at"]) == moment, "writable": True}
        except StoreError as error:
            return {"readable": True, "writable": False, "error": str(error)}

    def _schema_problem(self) -> str | None:
        """Whether this code can work on the schema as it is now (another release may have
        migrated the database since this server started)."""
        from .migrate import schema_problem
        try:
            found = self.db.row("SELECT version_num FROM alembic_version")
        except StoreError:
            found = None   # never migrated
        return schema_problem(found["version_num"] if found else None)

    def outgrown(self) -> str | None:
        return None   # a database has no ceiling of the file store's kind

    def remove_units(self, unit_ids: set[str]) -> dict[str, int]:
        from .removal import remove_units
        return remove_units(self.db, unit_ids)

    def check(self, repair: bool = False) -> CheckReport:
        """Compare the columns and counters with the records (check.py)."""
        return check(self.db, repair)


def open_sql(url: str) -> SqlRepositories:
    db = Database(url)
    return SqlRepositories(
        db=db, units=UnitRepository(db), members=MemberRepository(db), accounts=AccountRepository(db),
        audit=AuditLog(db), meetings=MeetingRepository(db), letters=LetterRepository(db),
        attendance_numbers=AttendanceNumbersRepository(db), comments=CommentRepository(db),
        introductions=IntroductionRepository(db), tokens=TokenRepository(db), outbox=OutboxRepository(db),
        front_committee=FrontOpinionRepository(db), reminders=ReminderRepository(db),
        rule_switches=RuleSwitchRepository(db), kept=KeptDocumentRepository(db))
