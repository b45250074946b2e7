"""Accounts: created on the command line or by an officer (account_admin.py); signing in with a
password or a paper code; a forgotten password; changing a password; signing out."""
from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime

from werkzeug.security import check_password_hash, generate_password_hash

from ..domain.access import Role
from ..domain.accounts import MIN_PASSWORD_LENGTH, Account, account_problems, typed_code
from ..storage import Repositories

RESET_MAIL = "mat_khau"   # the outbox's kind of a forgotten-password mail


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


WHO_GIVES_CODES = ("bí thư chi bộ nơi cư trú, cấp ủy nơi công tác hoặc đảng ủy xã, phường của đồng chí "
                   "(mang theo giấy tờ tùy thân)")
NEW_CODE_HINT = f"Để có mã mới, đồng chí liên hệ {WHO_GIVES_CODES}."


@dataclass(frozen=True)
class SignedIn:
    """A sign-in that went through: with a password (a session begins), or with a paper code
    (the person must now choose their own password before anything else)."""
    account: Account
    with_code: bool = False


def _matches_password(account: Account, password: str) -> bool:
    return bool(account.password_hash) and check_password_hash(account.password_hash, password)


def _matches_code(account: Account, typed: str) -> bool:
    return bool(account.code_hash) and check_password_hash(account.code_hash, typed_code(typed))


def sign_in(repos: Repositories, username: str, password: str, now: datetime, session_id: str) -> SignedIn:
    """The account signing in, its failure count cleared; SignInRefused when the account is locked,
    held or deactivated, when a paper code is used or out of date, or when the name or password is
    wrong (a wrong password or code counts towards the lock, atomically)."""
    account = repos.accounts.get(username)
    if account and account.is_locked(now):
        repos.audit.record(username, "dang_nhap_bi_khoa", target=username)
        raise SignInRefused("Tài khoản đang tạm khóa vì nhập sai mật khẩu nhiều lần. Vui lòng thử lại sau 10 phút.")
    if account and (_matches_password(account, password) or _matches_code(account, password)):
        if not account.active:
            raise SignInRefused("Tài khoản này đã ngừng sử dụng. " + NEW_CODE_HINT)
        if account.held:
            raise SignInRefused("Tài khoản này đang bị cấp ủy tạm khóa. " + NEW_CODE_HINT)
        if not _matches_password(account, password):
            return _sign_in_with_code(repos, account, now)
        with repos.transaction():
            account = repos.accounts.update(account.username, lambda a: a.after_success().with_session(session_id))
            repos.audit.record(account.username, "dang_nhap")
        return SignedIn(account)
    if account:
        repos.accounts.record_failed_sign_in(username, now)
    else:
        check_password_hash(_DUMMY_HASH, password)
    repos.audit.record(username, "dang_nhap_sai")
    raise SignInRefused("Tên đăng nhập hoặc mật khẩu chưa đúng.")


def _sign_in_with_code(repos: Repositories, account: Account, now: datetime) -> SignedIn:
    """A paper code works once: it is spent here, and the person chooses a password next."""
    state = account.code_state(now)
    if state == "used":
        raise SignInRefused("Mã đăng nhập này đã được dùng rồi; mỗi mã chỉ dùng được một lần. Nếu đồng chí đã "
                            "đặt mật khẩu, hãy đăng nhập bằng mật khẩu đó. " + NEW_CODE_HINT)
    if state == "expired":
        raise SignInRefused("Mã đăng nhập này đã hết hạn (mã chỉ dùng được trong 7 ngày). " + NEW_CODE_HINT)
    with repos.transaction():
        account = repos.accounts.update(account.username, lambda a: a.after_success().with_code_spent())
        repos.audit.record(account.username, "dang_nhap_bang_ma")
    return SignedIn(account, with_code=True)


def set_own_password(repos: Repositories, username: str, new: str, session_id: str) -> Account:
    """The person's own password, after a paper code or a reset link: every other session ends."""
    new_hash = generate_password_hash(new)
    with repos.transaction():
        changed = repos.accounts.update(username, lambda a: a.with_own_password(new_hash, session_id))
        repos.audit.record(username, "dat_mat_khau", target=username)
    return changed


def _link_hash(token: str) -> str:
    # the token is 32 random bytes: a plain digest is enough to keep it unreadable in the store
    return hashlib.sha256(token.encode()).hexdigest()


def forgot_password(repos: Repositories, username: str, now: datetime, mail_on: bool,
                    link_for: Callable[[str, str], str]) -> None:
    """Queue a one-time link (1 hour) to the account's e-mail when there is one and mail is
    set up, at most once in 10 minutes per account. Says nothing back: whether the name exists
    is nobody's business at this page."""
    account = repos.accounts.get(username)
    if not (mail_on and account and account.active and not account.held and account.email
            and account.may_mail_reset_link(now)):
        repos.audit.record("khach", "quen_mat_khau", target=username)
        return
    token = secrets.token_urlsafe(32)
    with repos.transaction():
        repos.accounts.update(username, lambda a: a.with_reset_link(_link_hash(token), now))
        repos.outbox.add(RESET_MAIL, username, {"to": account.email, "link": link_for(username, token)})
        repos.audit.record("khach", "quen_mat_khau", target=username, gui_thu=True)


def reset_link_account(repos: Repositories, username: str, token: str, now: datetime) -> Account:
    """The account a reset link opens; SignInRefused (with how to get a new one) when the link
    is wrong, used or out of date. A wrong link counts as a wrong password."""
    account = repos.accounts.get(username)
    if account is None or not account.reset_hash or not secrets.compare_digest(account.reset_hash,
                                                                                _link_hash(token)):
        if account is not None and account.reset_hash:
            repos.accounts.record_failed_sign_in(username, now)
        raise SignInRefused("Đường dẫn đặt lại mật khẩu này không còn dùng được: đã được dùng rồi, hoặc chép "
                            "thiếu. Hãy xin đường dẫn mới ở trang “Quên mật khẩu?”. " + NEW_CODE_HINT)
    if account.is_locked(now) or not account.active or account.held:
        raise SignInRefused("Tài khoản này hiện chưa đặt lại mật khẩu được. " + NEW_CODE_HINT)
    if account.reset_link_state(now) == "expired":
        raise SignInRefused("Đường dẫn đặt lại mật khẩu này đã hết hạn (chỉ dùng được trong 1 giờ). Hãy xin "
                            "đường dẫn mới ở trang “Quên mật khẩu?”. " + NEW_CODE_HINT)
    return account


def sign_out(repos: Repositories, username: str, session_id: str) -> None:
    """End this session on the server: the cookie, even copied, no longer signs anyone in."""
    with repos.transaction():
        repos.accounts.update(username, lambda a: a.without_session(session_id))
        repos.audit.record(username, "dang_xuat")


def change_password(repos: Repositories, account: Account, current: str, new: str, session_id: str) -> Account:
    """The account with its new password and a new session stamp, which ends its other sessions;
    SignInRefused when the current password is wrong."""
    if not _matches_password(account, current):
        raise SignInRefused("Mật khẩu đang dùng chưa đúng.")
    new_hash = generate_password_hash(new)
    with repos.transaction():
        changed = repos.accounts.update(
            account.username, lambda a: replace(a.with_password(new_hash), sessions=(session_id,)))
        repos.audit.record(account.username, "doi_mat_khau", target=account.username)
    return changed
