"""Accounts: created by an administrator (the command line, an import); signing in; changing a password."""
from __future__ import annotations

from datetime import datetime

from werkzeug.security import check_password_hash, generate_password_hash

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


def get(repos: Repositories, username: str) -> Account | None:
    return repos.accounts.get(username)


def all_accounts(repos: Repositories) -> list[Account]:
    return repos.accounts.all()


# A hash to check against when the username is unknown, so that a wrong username and a wrong
# password take the same time (nobody learns which usernames exist from how long a refusal takes).
_DUMMY_HASH = generate_password_hash("khong-dung")


class SignInRefused(Exception):
    """Why a sign-in was refused, in words for the person at the form."""


def sign_in(repos: Repositories, username: str, password: str, now: datetime) -> Account:
    """The account signing in, its failure count cleared; SignInRefused when the account is locked
    or the name or password is wrong (a wrong password counts towards the lock, atomically)."""
    account = repos.accounts.get(username)
    if account and account.is_locked(now):
        repos.audit.record(username, "dang_nhap_bi_khoa", target=username)
        raise SignInRefused("Tài khoản đang tạm khóa vì nhập sai mật khẩu nhiều lần. Vui lòng thử lại sau 10 phút.")
    if account and check_password_hash(account.password_hash, password):
        account = repos.accounts.update(account.username, lambda a: a.after_success())
        repos.audit.record(account.username, "dang_nhap")
        return account
    if account:
        repos.accounts.record_failed_sign_in(username, now)
    else:
        check_password_hash(_DUMMY_HASH, password)
    repos.audit.record(username, "dang_nhap_sai")
    raise SignInRefused("Tên đăng nhập hoặc mật khẩu chưa đúng.")


def sign_out(repos: Repositories, username: str) -> None:
    repos.audit.record(username, "dang_xuat")


def change_password(repos: Repositories, account: Account, current: str, new: str) -> Account:
    """The account with its new password and a new session stamp, which ends its other sessions;
    SignInRefused when the current password is wrong."""
    if not check_password_hash(account.password_hash, current):
        raise SignInRefused("Mật khẩu đang dùng chưa đúng.")
    new_hash = generate_password_hash(new)
    with repos.transaction():
        changed = repos.accounts.update(account.username, lambda a: a.with_password(new_hash))
        repos.audit.record(account.username, "doi_mat_khau", target=account.username)
    return changed
