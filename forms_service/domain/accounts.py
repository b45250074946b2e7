"""Accounts: who signs in, with which role and unit, and the sign-in throttle."""
from __future__ import annotations

import json
import re
import secrets
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum
from pathlib import Path

from .access import Actor, Relation, Role, define
from .clock import local

MAX_FAILURES = 5
LOCKOUT = timedelta(minutes=10)
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{2,39}$")
MIN_PASSWORD_LENGTH = 10
MANAGE_ACCOUNTS = define("accounts.manage", ADMIN=Relation.ANY)
# The officers' own page of accounts (each sees only those within reach, below).
ACCOUNTS_PAGE = define("accounts.page", ADMIN=Relation.ANY, COMMUNE_OFFICER=Relation.UNIT,
                       WORKPLACE_OFFICER=Relation.UNIT, CELL_SECRETARY=Relation.UNIT)
# The audit trail: all of it for the administrator, the lines of people within reach for an officer.
AUDIT_PAGE = define("audit.page", ADMIN=Relation.ANY, COMMUNE_OFFICER=Relation.UNIT,
                    WORKPLACE_OFFICER=Relation.UNIT)
CODE_LIFETIME = timedelta(days=7)
RESET_LINK_LIFETIME = timedelta(hours=1)
RESET_MAIL_INTERVAL = timedelta(minutes=10)   # one mail per account in this time, however often it is asked
MAX_SESSIONS = 10                             # signed-in browsers kept per account; the oldest ends first
# Letters and digits nobody misreads on paper (no 0/O, 1/I/L), in two groups of four.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
LEAVING_FILE = Path(__file__).resolve().parents[2] / "data" / "accounts" / "leaving-reasons.json"
LEAVING_REASONS: dict[str, str] = json.loads(LEAVING_FILE.read_text(encoding="utf-8"))["ly_do"]
AUDIT_ACTIONS_FILE = LEAVING_FILE.with_name("audit-actions.json")
AUDIT_ACTIONS: dict[str, str] = json.loads(AUDIT_ACTIONS_FILE.read_text(encoding="utf-8"))["viec"]


@dataclass(frozen=True)
class Account:
    username: str
    display_name: str
    role: Role
    password_hash: str
    unit_id: str | None = None
    member_id: str | None = None
    email: str = ""
    failed_attempts: int = 0
    locked_until: str | None = None   # ISO datetime with its offset
    # Written into each session at sign-in and checked on every request; a new password
    # draws a new stamp, which ends every other session of the account.
    session_stamp: str = ""
    phone: str = ""
    active: bool = True              # False: deactivated (kept with its records, cannot sign in)
    held: bool = False               # locked by an officer until unlocked
    # the one-time sign-in code on a paper slip, kept only as a hash
    code_hash: str = ""
    code_expires: str | None = None
    code_used: bool = False
    # the one-time link of a forgotten password, kept only as a hash
    reset_hash: str = ""
    reset_expires: str | None = None
    reset_asked_at: str | None = None
    # the signed-in browsers: each session carries one of these ids; signing out removes it
    sessions: tuple = ()

    @property
    def actor(self) -> Actor:
        return Actor(self.username, self.role, self.unit_id, self.member_id)

    def is_locked(self, now: datetime) -> bool:
        return bool(self.locked_until) and local(datetime.fromisoformat(self.locked_until)) > now

    def has_session(self, stamp: str, session_id: str) -> bool:
        """Whether a browser's session is still one of this account's: not ended by signing
        out, by a new password, or by an officer; and the account may still be used."""
        return self.active and not self.held and stamp == self.session_stamp and session_id in self.sessions

    def with_session(self, session_id: str) -> "Account":
        return replace(self, sessions=(*self.sessions, session_id)[-MAX_SESSIONS:])

    def without_session(self, session_id: str) -> "Account":
        return replace(self, sessions=tuple(s for s in self.sessions if s != session_id))

    def sessions_ended(self) -> "Account":
        return replace(self, sessions=(), session_stamp=secrets.token_urlsafe(12))

    def with_code(self, code_hash: str, now: datetime) -> "Account":
        """A new paper code: the earlier one stops working."""
        return replace(self, code_hash=code_hash, code_expires=(now + CODE_LIFETIME).isoformat(), code_used=False)

    def with_code_spent(self) -> "Account":
        return replace(self, code_used=True)

    def code_state(self, now: datetime) -> str:
        """"none", "used", "expired" or "valid"."""
        if not self.code_hash:
            return "none"
        if self.code_used:
            return "used"
        return "expired" if local(datetime.fromisoformat(self.code_expires)) <= now else "valid"

    def with_reset_link(self, link_hash: str, now: datetime) -> "Account":
        return replace(self, reset_hash=link_hash, reset_expires=(now + RESET_LINK_LIFETIME).isoformat(),
                       reset_asked_at=now.isoformat())

    def may_mail_reset_link(self, now: datetime) -> bool:
        return not self.reset_asked_at or local(datetime.fromisoformat(self.reset_asked_at)) + RESET_MAIL_INTERVAL <= now

    def reset_link_state(self, now: datetime) -> str:
        if not self.reset_hash:
            return "used"
        return "expired" if local(datetime.fromisoformat(self.reset_expires)) <= now else "valid"

    def with_own_password(self, password_hash: str, session_id: str) -> "Account":
        """The person's own password after a code or a reset link: the code and the link are
        spent, every other session ends and this one begins."""
        return replace(self.with_password(password_hash), code_used=bool(self.code_hash), reset_hash="",
                       reset_expires=None, sessions=(session_id,), failed_attempts=0, locked_until=None)

    def after_failure(self, now: datetime) -> "Account":
        """Count a failed sign-in; the fifth in a row locks the account for a while."""
        failures = self.failed_attempts + 1
        if failures >= MAX_FAILURES:
            return replace(self, failed_attempts=0, locked_until=(now + LOCKOUT).isoformat())
        return replace(self, failed_attempts=failures)

    def after_success(self) -> "Account":
        return replace(self, failed_attempts=0, locked_until=None)

    def with_password(self, password_hash: str) -> "Account":
        return replace(self, password_hash=password_hash, session_stamp=secrets.token_urlsafe(12))

    def to_record(self) -> dict:
        return asdict(self) | {"role": str(self.role), "sessions": list(self.sessions)}

    @classmethod
    def from_record(cls, record: dict) -> "Account":
        data = {k: v for k, v in record.items() if k != "v"}
        data["role"] = Role(data["role"])
        data["sessions"] = tuple(data.get("sessions", ()))
        return cls(**data)


def new_code() -> str:
    """A one-time sign-in code for a paper slip: "K7QM-4TXH"."""
    letters = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
    return f"{letters[:4]}-{letters[4:]}"


def typed_code(text: str) -> str:
    """A code as the person typed it, in the form it was issued: lower case, spaces and a
    missing dash are forgiven."""
    letters = re.sub(r"[^A-Za-z0-9]", "", text).upper()
    return f"{letters[:4]}-{letters[4:]}" if len(letters) == 8 else letters


class Power(StrEnum):
    MANAGE = "manage"       # create, edit, lock, deactivate, end sessions, new code
    NEW_CODE = "new_code"   # only a new sign-in code (a cell secretary for the members of the cell)


# Whose accounts each officer manages: the roles it may give, never one above its own.
MANAGED_ROLES: dict[Role, tuple[Role, ...]] = {
    Role.ADMIN: tuple(Role),
    Role.COMMUNE_OFFICER: (Role.CELL_SECRETARY, Role.FRONT_COMMITTEE, Role.MEMBER),
    Role.WORKPLACE_OFFICER: (Role.MEMBER,),
}
NEW_CODE_ROLES: dict[Role, tuple[Role, ...]] = {Role.CELL_SECRETARY: (Role.MEMBER,)}


def account_units(role: Role, unit_id: str | None, workplace_id: str | None = None,
                  residence_cell_id: str | None = None) -> frozenset:
    """The units an account belongs to: a member's workplace and residence cell (from the
    member record), an officer's own unit."""
    units = {workplace_id, residence_cell_id} if role == Role.MEMBER else {unit_id}
    return frozenset(units - {None, ""})


def reach(actor: Actor, role: Role, units: frozenset, commune_of: Callable[[str], str | None]) -> Power | None:
    """What `actor` may do to an account of `role` belonging to `units` (account_units).

    The rule of reach, written once: the administrator, everything; a commune's committee,
    the secretaries, Front committees and members of the cells in the commune; a workplace
    committee, its members; a cell secretary, a new code for a member of the cell."""
    if actor.role == Role.ADMIN:
        return Power.MANAGE
    if actor.unit_id is None:
        return None
    if role in MANAGED_ROLES.get(actor.role, ()):
        if actor.role == Role.COMMUNE_OFFICER and any(commune_of(unit) == actor.unit_id for unit in units):
            return Power.MANAGE
        if actor.role == Role.WORKPLACE_OFFICER and actor.unit_id in units:
            return Power.MANAGE
    if role in NEW_CODE_ROLES.get(actor.role, ()) and actor.unit_id in units:
        return Power.NEW_CODE
    return None


def account_problems(username: str, role: Role, unit_id: str | None, member_id: str | None,
                     unit_exists, member_exists) -> list[str]:
    """Why an account cannot be created as described (Vietnamese), or an empty list."""
    problems = []
    if not USERNAME.match(username):
        problems.append("tên đăng nhập chỉ gồm chữ thường không dấu, số, dấu chấm, gạch; dài 3–40 ký tự")
    if role == Role.MEMBER:
        if not member_id or not member_exists(member_id):
            problems.append("tài khoản đảng viên phải gắn với một đảng viên có trong danh sách")
    elif role != Role.ADMIN and (not unit_id or not unit_exists(unit_id)):
        problems.append("tài khoản phải gắn với một đơn vị có trong danh sách")
    return problems
