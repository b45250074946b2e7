"""The lists an officer takes away: the members of a commune, a workplace or a cell with their
account's state, who still needs this year's comment, who has not come to a meeting this year.
Each rule is here once; the page, the CSV, the spreadsheet and the PDF all ask it."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from .access import Relation, define
from .accounts import Account
from .attendance_register import Attendance, attendance_of
from .comments import NOT_REQUESTED_LABEL, STATE_LABELS, Comment, CommentState, asked_only_when_needed
from .meetings import Meeting
from .members import Member, MemberStatus

VIEW_MEMBER_LISTS = define("lists.members", ADMIN=Relation.ANY, COMMUNE_OFFICER=Relation.COMMUNE,
                           WORKPLACE_OFFICER=Relation.WORKPLACE, CELL_SECRETARY=Relation.CELL)

ALL, NEEDS_COMMENT, NOT_MET = "tat-ca", "can-nhan-xet", "chua-sinh-hoat"
LIST_TITLES = {ALL: "Danh sách đảng viên và tài khoản", NEEDS_COMMENT: "Đảng viên còn cần nhận xét năm {year}",
               NOT_MET: "Đảng viên chưa dự buổi sinh hoạt nào năm {year}"}

NO_ACCOUNT, WAITING_FOR_CODE, LOCKED, IN_USE = "Chưa có tài khoản", "Chưa đăng nhập lần đầu", "Đang tạm khóa", \
    "Đang dùng"


def account_state(account: Account | None, now: datetime) -> str:
    if account is None:
        return NO_ACCOUNT
    if account.is_locked(now):
        return LOCKED
    return IN_USE if account.password_hash else WAITING_FOR_CODE


def needs_comment(member: Member, comment: Comment | None, year: int, today: date) -> bool:
    """Still waits for the residence cell's comment of `year`: an active member introduced to a
    cell, asked the routine comment (HD 33 mục 1.1 leaves the exempt out), not yet sent back."""
    if member.status != MemberStatus.ACTIVE or not member.residence_cell_id:
        return False
    if asked_only_when_needed(member, year, today):
        return False
    return comment is None or comment.state == CommentState.REQUESTED


def comment_state(comment: Comment | None) -> str:
    return STATE_LABELS[comment.state] if comment else NOT_REQUESTED_LABEL


def met_this_year(member_id: str, meetings: list[Meeting], year: int) -> bool:
    return any(m.date.year == year and (entry := attendance_of(m).get(member_id)) is not None
               and entry.status == Attendance.PRESENT for m in meetings)


def has_not_met(member: Member, meetings: list[Meeting], year: int, today: date) -> bool:
    """Concerned by the residence meetings of `year` so far, and came to none of them."""
    if not member.residence_cell_id or member.status != MemberStatus.ACTIVE:
        return False
    held = [m for m in meetings if m.date.year == year and m.date <= today and member.concerned_by(m.date)]
    return not met_this_year(member.id, held, year)


@dataclass(frozen=True)
class MemberLine:
    """One printed line: every value a ready string."""
    member_id: str
    name: str
    workplace: str
    cell: str
    account: str
    username: str
    comment: str
    met: str

    COLUMNS = ("Họ và tên", "Nơi công tác", "Chi bộ nơi cư trú", "Tài khoản", "Tên đăng nhập",
               "Nhận xét năm", "Đã dự sinh hoạt năm")

    def cells(self) -> list[str]:
        return [self.name, self.workplace, self.cell, self.account, self.username, self.comment, self.met]
