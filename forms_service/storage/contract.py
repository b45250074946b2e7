"""The storage contract: what the application layer may ask of a store.

Everything outside storage/ is typed against these protocols and never sees a file, a
shard or an index. A backend implements them method for method: the file store, one
TinyDB file (tinydb/), and the SQL store with tables, sequences for the reference codes, a
unique constraint for one-time tokens and `SELECT … FOR UPDATE` for the transitions.

A change that touches several records runs inside `with repos.transaction():` — all of
it is saved, or none. A transaction inside another one is part of the outer one.
Reference codes and numbers come from the store (`next_code`, `next_number`), so two
servers never hand out the same one. Like a database sequence, a number is taken at once,
outside the unit of work: a change that is not saved leaves a gap, never a duplicate.
"""
from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import date, datetime
from typing import Callable, Iterator, Protocol

from ..domain.accounts import Account
from ..domain.attendance_register import CellYearNumbers
from ..domain.comments import Comment
from ..domain.front_committee import FrontOpinion
from ..domain.introductions import Introduction
from ..domain.letters import Letter
from ..domain.local_rules import RuleSwitch
from ..domain.meetings import Meeting
from ..domain.members import Member
from ..domain.numbering import Term
from ..domain.org import OrgStructure, Unit
from ..domain.reminders import Reminder


class StoreError(Exception):
    """The store could not complete an operation (disk full, lock timeout, connection lost…)."""


class BackupError(StoreError):
    """Why a backup or a restore was not done (nothing was changed), in words for the operator."""


class Letters(Protocol):
    def get(self, code: str) -> Letter | None: ...
    def for_member(self, member_id: str) -> list[Letter]: ...
    def for_cell(self, cell_id: str, year: int) -> list[Letter]: ...
    def waiting_for_workplace(self, workplace_id: str) -> list[Letter]: ...
    def waiting_for_cell(self, cell_id: str) -> list[Letter]: ...
    def count_waiting_for_workplace(self, workplace_id: str) -> int: ...
    def count_waiting_for_cell(self, cell_id: str) -> int: ...
    def next_code(self, year: int) -> str: ...
    def add(self, letter: Letter) -> None: ...

    def update(self, code: str, change: Callable[[Letter], Letter]) -> tuple[Letter, Letter]:
        """Apply a domain transition to the locked record; returns (before, after).
        KeyError for an unknown code; an exception from `change` saves nothing."""


class Comments(Protocol):
    def get(self, code: str) -> Comment | None: ...
    def for_workplace(self, workplace_id: str, year: int) -> list[Comment]: ...
    def for_cell(self, cell_id: str, year: int) -> list[Comment]: ...
    def next_code(self, year: int) -> str: ...
    def add_many(self, comments: list[Comment]) -> None: ...
    def update(self, code: str, change: Callable[[Comment], Comment]) -> Comment: ...


class FrontOpinions(Protocol):
    """The Front work committee's opinion on each working member of its area, per year."""

    def get(self, cell_id: str, member_id: str, year: int) -> FrontOpinion | None: ...
    def for_cell(self, cell_id: str, year: int) -> list[FrontOpinion]: ...
    def save(self, opinion: FrontOpinion) -> None: ...


class Reminders(Protocol):
    """Reminders kept per recipient ("m.<member>" or "u.<unit>.<role>"), each key once."""

    def add_new(self, reminders: list[Reminder]) -> list[Reminder]:
        """Keep those whose key is not kept yet, and return them."""

    def get(self, recipient: str, key: str) -> Reminder | None: ...
    def shown(self, recipient: str, today: date) -> list[Reminder]: ...


class Introductions(Protocol):
    def get(self, code: str) -> Introduction | None: ...
    def latest_for_member(self, member_id: str) -> Introduction | None: ...
    def waiting_for_commune(self, commune_id: str) -> list[Introduction]: ...
    def next_code(self, year: int) -> str: ...

    def next_number(self, issuer_id: str, term: Term) -> int:
        """The letter's official number within its signing committee and the committee's
        term (Hướng dẫn 36-HD/VPTW: consecutive from 01 within a term): it goes on across
        January and never repeats a number the committee's earlier per-year counters gave
        in the years of the term (storage/number_counters.py)."""

    def add(self, introduction: Introduction) -> None: ...
    def update(self, code: str, change: Callable[[Introduction], Introduction]) -> Introduction: ...


class Meetings(Protocol):
    def get(self, id_: str) -> Meeting | None: ...
    def for_cell(self, cell_id: str, year: int | None = None) -> list[Meeting]: ...
    def upcoming(self, cell_id: str, today: date) -> list[Meeting]: ...

    def add(self, meeting: Meeting) -> Meeting:
        """Store a new meeting; returns it with the id the store gave it."""

    def save(self, meeting: Meeting) -> None: ...
    def update(self, id_: str, change: Callable[[Meeting], Meeting]) -> Meeting: ...


class Members(Protocol):
    def get(self, member_id: str) -> Member | None: ...
    def of_workplace(self, workplace_id: str) -> list[Member]: ...
    def of_cell(self, cell_id: str) -> list[Member]: ...
    def save(self, member: Member) -> None: ...

    def update(self, member_id: str, change: Callable[[Member], Member]) -> Member:
        """Read, `change` and save the member in one unit of work, so that two changes of one
        member at once are both kept; KeyError if there is no such member."""


class Units(Protocol):
    def structure(self) -> OrgStructure: ...
    def save_all(self, units: list[Unit]) -> None: ...


class Accounts(Protocol):
    def get(self, username: str) -> Account | None: ...
    def of_unit(self, unit_id: str) -> list[Account]: ...
    def all(self) -> list[Account]: ...
    def save(self, account: Account) -> None: ...

    def update(self, username: str, change: Callable[[Account], Account]) -> Account | None:
        """Read, change and write one account as one atomic step (parallel sign-ins and a password
        change are all kept); None if there is no such account."""

    def record_failed_sign_in(self, username: str, now: datetime) -> Account | None:
        """One more wrong password, counted atomically: parallel guesses cannot undercount."""


class Audit(Protocol):
    def record(self, actor: str, action: str, target: str = "", reason: str = "", **details) -> dict:
        """Append one line (inside a transaction: saved with the change, or not at all)."""

    def entries(self, target: str | None = None, limit: int = 200, people: tuple[str, ...] | None = None,
                since: date | None = None, until: date | None = None) -> list[dict]:
        """Newest first; only those about one record (`target`), those where one of `people`
        acted or was acted on, those of the days from `since` to `until` (both included)."""


class AttendanceNumbers(Protocol):
    """Oversight's yearly numbers per residence cell from its attendance register, kept per commune."""

    def summary(self, commune_id: str, year: int) -> list[CellYearNumbers]: ...

    def of_communes(self, commune_ids: list[str], year: int) -> dict[str, list[CellYearNumbers]]:
        """Every named commune's summaries of the year (a province's oversight): one query on SQL."""
    def save_summary(self, commune_id: str, numbers: CellYearNumbers) -> None: ...


class Tokens(Protocol):
    """One-time tokens of the forms that create something."""

    def used(self, token: str) -> str | None:
        """What the token made, or None; inside a transaction the token stays reserved
        until it ends, so two posts at the same instant make one record."""

    def use(self, token: str, result: str) -> None: ...


class Outbox(Protocol):
    """Mail to send once a change is saved: queued inside the change's unit of work, so a
    saved change never loses its mail and a change that is not saved sends none."""

    def add(self, kind: str, about: str, details: dict) -> str:
        """Queue a message about a record (its code); returns the message's id."""

    def waiting(self, about: str | None = None, limit: int = 100, due_by: datetime | None = None) -> list[dict]:
        """Oldest first: {"id", "kind", "about", "details", "queued_at", "attempts", "next_try_at"};
        with `due_by`, only the messages not put off past that moment."""

    def retry_later(self, message_id: str, next_try_at: datetime) -> None:
        """Sending failed: count the attempt and put the message off until `next_try_at`."""

    def done(self, message_id: str) -> None: ...


class RuleSwitches(Protocol):
    """The administrator's switches of the local practices (domain/local_rules.py): the
    latest one per practice, province and year (the audit keeps the earlier ones)."""

    def all(self) -> list[RuleSwitch]: ...

    def save(self, switch: RuleSwitch) -> None:
        """Keep `switch`, replacing the earlier one of the same practice, province and year."""


@dataclass(frozen=True)
class KeptFile:
    content: bytes
    sha256: str


class KeptDocuments(Protocol):
    """The printed copies of documents in a final state, rendered once and kept: downloads
    serve these bytes, so a copy printed today matches the one issued. A code waits in the
    render queue (kept in the store, so it survives a restart) until both formats are kept."""

    def put(self, code: str, format_: str, content: bytes) -> str:
        """Keep `content` as the document's `format_` ("pdf" or "docx"; a scan kept on its
        own may also be "jpg" or "png"); returns its SHA-256. The first copy kept stays: a
        later put returns the kept copy's digest."""

    def next_code(self, prefix: str, year: int) -> str:
        """A new code for a file kept on its own, with no record of its own to name it (the
        scan of a paper absence letter: DG-2026-00001), numbered per prefix and year."""

    def get(self, code: str, format_: str) -> KeptFile | None:
        """The kept bytes (StoreError if they no longer match their digest), or None."""

    def digest(self, code: str, format_: str) -> str | None: ...

    def digests(self, codes: list[str], format_: str) -> dict[str, str]:
        """The SHA-256 of each of `codes` kept in `format_` (the others are left out)."""

    def get_many(self, codes: list[str], format_: str) -> Iterator[tuple[str, KeptFile | None]]:
        """Each code with its kept bytes (or None), in the order given, one at a time, so a
        year's batch streams without holding every file at once."""

    def queue(self, code: str) -> None:
        """Ask for the document to be rendered and kept (inside the change's unit of work)."""

    def waiting(self, due_by: datetime | None = None) -> list[str]:
        """Codes still to render, oldest first; with `due_by`, only those not put off past it."""

    def attempts(self, code: str) -> int:
        """How many renders of the queued `code` failed (0 if none, or not queued)."""

    def retry_later(self, code: str, next_try_at: datetime) -> None:
        """A render failed: count the attempt and put the code off until `next_try_at`."""

    def done(self, code: str) -> None: ...


class CheckReport(Protocol):
    differences: list[str]
    repaired: bool


class Repositories(Protocol):
    units: Units
    members: Members
    accounts: Accounts
    audit: Audit
    meetings: Meetings
    letters: Letters
    attendance_numbers: AttendanceNumbers
    comments: Comments
    introductions: Introductions
    tokens: Tokens
    outbox: Outbox
    front_committee: FrontOpinions
    reminders: Reminders
    rule_switches: RuleSwitches
    kept: KeptDocuments

    @property
    def location(self) -> str:
        """Where the data is, for messages (a folder, a database name)."""

    def transaction(self) -> AbstractContextManager: ...

    def for_one_request(self) -> AbstractContextManager:
        """Around one request of the web (the app factory's request hooks): a store that talks to
        a server keeps what it needs for the request's work (one database connection) until the
        block ends, so the request's reads and units of work do not each ask for one. Nothing
        is held in a transaction between them: reads and units of work inside behave as outside."""

    def close(self) -> None:
        """Let go of what the store holds open (a database's connections)."""

    def is_empty(self) -> bool: ...
    def check_health(self) -> dict: ...

    def outgrown(self) -> str | None:
        """In Vietnamese for the administrator: the store has grown past what its kind serves
        well, and how to move (`copy-store`); None while it has not (a database never has)."""

    def remove_units(self, unit_ids: set[str]) -> dict[str, int]:
        """Remove these units and everything that belongs to them, in one unit of work: the
        members living or working in them, the accounts of the units and of those members,
        the cells' meetings with their attendance, the members' letters, comments and
        introductions, the Front's opinions and the summaries, the reminders addressed to
        them, and what is kept or queued for the removed records (printed copies, mail,
        one-time tokens). The audit trail and the counters stay. Returns how many records
        went, per collection (a training room's reset and removal)."""

    def check(self, repair: bool = False) -> CheckReport:
        """Compare what is derived from the records (columns, counters, kept copies' digests)
        with them; report what differed (and put it right when `repair`). Nothing is ever left
        half-way to finish: a unit of work is saved whole or not at all, on every store."""
