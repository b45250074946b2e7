"""Accounts: who signs in, with which role and unit, and the sign-in throttle."""
from __future__ import annotations

import re
import secrets
from dataclasses import asdict, dataclass, replace
from datetime import datetime, timedelta

from .access import Actor, Relation, Role, define
from .clock import local

MAX_FAILURES = 5
LOCKOUT = timedelta(minutes=10)
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{2,39}$")
MIN_PASSWORD_LENGTH = 10
MANAGE_ACCOUNTS = define("accounts.manage", ADMIN=Relation.ANY)


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

    @property
    def actor(self) -> Actor:
        return Actor(self.username, self.role, self.unit_id, self.member_id)

    def is_locked(self, now: datetime) -> bool:
        return bool(self.locked_until) and local(datetime.fromisoformat(self.locked_until)) > now

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
        return asdict(self) | {"role": str(self.role)}

    @classmethod
    def from_record(cls, record: dict) -> "Account":
        data = {k: v for k, v in record.items() if k != "v"}
        data["role"] = Role(data["role"])
        return cls(**data)


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
