"""Officers managing the accounts within their reach (domain/accounts.py `reach`): create,
edit, lock and unlock, deactivate and reactivate, end sessions, and issue one-time sign-in
codes printed on paper slips. Every change is checked against the reach of the person who
makes it, inside its unit of work, and leaves an audit line."""
from __future__ import annotations

import secrets
from dataclasses import dataclass, replace
from datetime import date, datetime

from werkzeug.security import generate_password_hash

from ..domain import clock
from ..domain.access import Actor, Role
from ..domain.accounts import (LEAVING_REASONS, MANAGED_ROLES, Account, Power, account_problems, account_units,
                               new_code, reach)
from ..domain.members import MemberStatus
from ..domain.org import OrgStructure, UnitKind
from ..storage import Repositories


class OutOfReach(Exception):
    """The account, the role or the unit is not the officer's to manage (in Vietnamese)."""


@dataclass(frozen=True)
class Slip:
    """One cut-out slip of the printed sheet: who, the user name and the one-time code."""
    display_name: str
    username: str
    code: str
    expires: date


def power_over(repos: Repositories, actor: Actor, account: Account, org: OrgStructure | None = None) -> Power | None:
    """What `actor` may do to `account` (None: nothing). Nobody manages their own account here."""
    if account.username == actor.username:
        return None
    org = org or repos.units.structure()
    member = repos.members.get(account.member_id) if account.member_id else None
    units = account_units(account.role, account.unit_id, member and member.workplace_id,
                          member and member.residence_cell_id)
    return reach(actor, account.role, units, org.commune_of)


def within_reach(repos: Repositories, actor: Actor) -> list[tuple[Account, Power]]:
    """Every account `actor` may manage or give a new code to, with what it may do."""
    org = repos.units.structure()
    found = []
    for account in repos.accounts.all():
        power = power_over(repos, actor, account, org)
        if power is not None:
            found.append((account, power))
    return found


def roles_to_give(actor: Actor) -> tuple[Role, ...]:
    return MANAGED_ROLES.get(actor.role, ())


def units_to_give(repos: Repositories, actor: Actor, role: Role) -> list:
    """The units an officer may bind a new or moved officer account of `role` to."""
    org = repos.units.structure()
    kinds = {Role.CELL_SECRETARY: (UnitKind.RESIDENCE_CELL,), Role.FRONT_COMMITTEE: (UnitKind.RESIDENCE_CELL,),
             Role.WORKPLACE_OFFICER: (UnitKind.WORKPLACE,), Role.COMMUNE_OFFICER: (UnitKind.COMMUNE,)}.get(role, ())
    return [unit for kind in kinds for unit in org.of_kind(kind)
            if reach(actor, role, account_units(role, unit.id), org.commune_of) == Power.MANAGE]


def members_to_give(repos: Repositories, actor: Actor) -> list:
    """The members within the officer's reach who have no account yet (a member account needs one)."""
    org = repos.units.structure()
    taken = {a.member_id for a in repos.accounts.all() if a.member_id}
    if actor.role == Role.WORKPLACE_OFFICER:
        members = repos.members.of_workplace(actor.unit_id)
    elif actor.role == Role.COMMUNE_OFFICER:
        members = [m for cell in org.children(actor.unit_id) for m in repos.members.of_cell(cell.id)]
    elif actor.role == Role.ADMIN:
        members = [m for cell in org.of_kind(UnitKind.RESIDENCE_CELL) for m in repos.members.of_cell(cell.id)]
    else:
        members = []
    return [m for m in members if m.id not in taken and m.status == MemberStatus.ACTIVE
            and reach(actor, Role.MEMBER, account_units(Role.MEMBER, None, m.workplace_id, m.residence_cell_id),
                      org.commune_of) == Power.MANAGE]


def _managed(repos: Repositories, actor: Actor, username: str, power: Power = Power.MANAGE) -> Account:
    account = repos.accounts.get(username)
    granted = power_over(repos, actor, account) if account else None
    if granted is None or (power == Power.MANAGE and granted != Power.MANAGE):
        raise OutOfReach("Tài khoản này không thuộc phạm vi đồng chí quản lý.")
    return account


def create(repos: Repositories, actor: Actor, username: str, name: str, role: Role,
           unit_id: str | None = None, member_id: str | None = None, email: str = "", phone: str = "") -> Account:
    """A new account with no password (never one typed by the officer): it opens with the code
    of its printed slip (issue_sign_in_codes). OutOfReach with the reasons when it cannot be made
    as asked (nothing saved then)."""
    org = repos.units.structure()
    member = repos.members.get(member_id) if member_id else None
    if role == Role.MEMBER:
        unit_id = None
    else:
        member_id = None
    problems = account_problems(username, role, unit_id, member_id, unit_exists=lambda u: org.get(u) is not None,
                                member_exists=lambda m: member is not None)
    if repos.accounts.get(username):
        problems.append("tên đăng nhập đã có, vui lòng chọn tên khác")
    units = account_units(role, unit_id, member and member.workplace_id, member and member.residence_cell_id)
    if role not in roles_to_give(actor):
        problems.append("đồng chí không cấp được tài khoản với vai trò này")
    elif not problems and reach(actor, role, units, org.commune_of) != Power.MANAGE:
        problems.append("đơn vị hoặc đảng viên này không thuộc phạm vi đồng chí quản lý")
    if problems:
        raise OutOfReach("; ".join(problems))
    account = Account(username, name, role, "", unit_id=unit_id, member_id=member_id, email=email, phone=phone,
                      session_stamp=secrets.token_urlsafe(12))
    with repos.transaction():
        repos.accounts.save(account)
        repos.audit.record(actor.username, "tao_tai_khoan", target=username, vai_tro=str(role))
    return account


def issue_sign_in_codes(repos: Repositories, actor: Actor, usernames: list[str],
                        now: datetime | None = None) -> list[Slip]:
    """A new one-time code for each account (the earlier code stops working): all of them, or
    none (OutOfReach) when one is not within the officer's reach or no longer in use. The
    slips are printed at once (documents/sign_in_slips.py): the codes are kept nowhere else."""
    now = now or clock.now()
    with repos.transaction():
        slips = []
        for username in usernames:
            account = _managed(repos, actor, username, Power.NEW_CODE)
            if not account.active:
                raise OutOfReach(f"Tài khoản {username} đã ngừng sử dụng: hãy mở lại trước khi cấp mã.")
            code = new_code()
            changed = repos.accounts.update(username, lambda a: a.with_code(generate_password_hash(code), now))
            repos.audit.record(actor.username, "cap_ma_dang_nhap", target=username)
            slips.append(Slip(changed.display_name, username, code,
                              datetime.fromisoformat(changed.code_expires).date()))
    return slips


def edit(repos: Repositories, actor: Actor, username: str, name: str, email: str, phone: str,
         unit_id: str | None = None) -> Account:
    """Name, e-mail, phone and (for an officer's account) unit, the new unit within reach too."""
    account = _managed(repos, actor, username)
    org = repos.units.structure()
    unit_id = unit_id if account.role not in (Role.MEMBER, Role.ADMIN) and unit_id else account.unit_id
    if unit_id != account.unit_id and (org.get(unit_id) is None or reach(
            actor, account.role, account_units(account.role, unit_id), org.commune_of) != Power.MANAGE):
        raise OutOfReach("Đơn vị mới không thuộc phạm vi đồng chí quản lý.")
    with repos.transaction():
        changed = repos.accounts.update(username, lambda a: replace(a, display_name=name, email=email, phone=phone,
                                                                    unit_id=unit_id))
        repos.audit.record(actor.username, "sua_tai_khoan", target=username)
    return changed


def hold(repos: Repositories, actor: Actor, username: str, held: bool) -> None:
    """Lock (held) or unlock: a locked account cannot sign in and its sessions end."""
    _managed(repos, actor, username)
    with repos.transaction():
        repos.accounts.update(username, lambda a: replace(a.sessions_ended() if held else a, held=held,
                                                          failed_attempts=0, locked_until=None))
        repos.audit.record(actor.username, "khoa_tai_khoan" if held else "mo_khoa_tai_khoan", target=username)


def deactivate(repos: Repositories, actor: Actor, username: str, reason: str, on: date) -> None:
    """Stop the account: every record and audit line stays, its sessions end. With a reason of
    leaving (data/accounts/leaving-reasons.json) the member is recorded as gone from that day."""
    account = _managed(repos, actor, username)
    with repos.transaction():
        repos.accounts.update(username, lambda a: replace(a.sessions_ended(), active=False))
        if reason in LEAVING_REASONS and account.member_id:
            repos.members.update(account.member_id, lambda m: m.leaving(on, reason))
        repos.audit.record(actor.username, "ngung_tai_khoan", target=username,
                           reason=LEAVING_REASONS.get(reason, ""), ngay=on.isoformat())


def reactivate(repos: Repositories, actor: Actor, username: str) -> None:
    _managed(repos, actor, username)
    with repos.transaction():
        repos.accounts.update(username, lambda a: replace(a, active=True))
        repos.audit.record(actor.username, "mo_lai_tai_khoan", target=username)


def end_sessions(repos: Repositories, actor: Actor, username: str) -> None:
    """Sign the account out of every browser (a lost phone, a shared computer)."""
    _managed(repos, actor, username)
    with repos.transaction():
        repos.accounts.update(username, lambda a: a.sessions_ended())
        repos.audit.record(actor.username, "ket_thuc_phien", target=username)
