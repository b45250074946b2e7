"""Accounts: created by an administrator (the command line, an import)."""
from __future__ import annotations

from werkzeug.security import generate_password_hash

from ..domain.access import Role
from ..domain.accounts import MIN_PASSWORD_LENGTH, Account, account_problems
from ..storage import Repositories


def create_account(repos: Repositories, by: str, username: str, name: str, role: Role, password: str,
                   unit_id: str | None = None, member_id: str | None = None) -> list[str]:
    """Create one account; returns the problems that stopped it (nothing saved then)."""
    org = repos.units.structure()
    with repos.transaction():
        problems = account_problems(username, role, unit_id, member_id,
                                    unit_exists=lambda u: org.get(u) is not None,
                                    member_exists=lambda m: repos.members.get(m) is not None)
        if repos.accounts.get(username):
            problems.append("tên đăng nhập đã có")
        if len(password) < MIN_PASSWORD_LENGTH:
            problems.append(f"mật khẩu phải có ít nhất {MIN_PASSWORD_LENGTH} ký tự")
        if problems:
            return problems
        repos.accounts.save(Account(username, name, role, generate_password_hash(password),
                                    unit_id=unit_id, member_id=member_id))
        repos.audit.record(by, "tao_tai_khoan", target=username)
    return []
