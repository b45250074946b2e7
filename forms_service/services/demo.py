"""Seeding the demo province through the same use cases a person goes through: units,
members and accounts; two meetings in every cell; one absence letter in each state; the
held meeting's attendance; a waiting introduction letter; yearly comments in each state;
and the summaries oversight reads."""
from __future__ import annotations

from werkzeug.security import generate_password_hash

from ..domain import clock
from ..domain.access import Role
from ..domain.accounts import Account
from ..domain.comments import comment_form, new_request, prefill_other_remarks, save_draft, submit
from ..domain.demo import demo_data, demo_meeting_dates
from ..domain.letters import Action
from ..domain.meetings import Meeting
from ..domain.members import Member
from ..domain.org import Unit, UnitKind
from ..domain.attendance_register import Attendance, absences_of, record_attendance as attend
from ..storage import Repositories, erase_store, is_database_url, migrate_database, open_store
from . import attendance_register, introductions, letters

SEEDER = "du-lieu-mau"


class NotTheDemo(Exception):
    """The store holds data that is not the demo's: demo-reset erases nothing."""


def holds_the_demo(repos: Repositories) -> bool:
    """Every account of the demo is there (a real province has none of them)."""
    return all(repos.accounts.get(record["username"]) is not None for record in demo_data()["accounts"])


def reset_demo(location: str) -> Repositories:
    """The demo province back to its starting state, on whichever store `location` names (a
    folder, a SQLite or PostgreSQL database, brought up to this code's schema first): the
    store is erased, then the demo loaded again. A store holding other data is refused."""
    if is_database_url(location):
        migrate_database(location)
    repos = open_store(location)
    try:
        if not repos.is_empty() and not holds_the_demo(repos):
            raise NotTheDemo(f"Kho {repos.location} đang giữ dữ liệu không phải của tỉnh mẫu (không có các tài khoản "
                             f"mẫu), nên không xóa gì. Lệnh demo-reset chỉ dùng cho kho dữ liệu mẫu để tập huấn.")
    finally:
        repos.close()
    erase_store(location)
    repos = open_store(location)
    load_demo(repos)
    return repos


def load_demo(repos: Repositories, password_method: str = "scrypt") -> None:
    """`password_method`: werkzeug's hash method for the demo accounts' one password. The
    tests build their demo with a cheap one, as each sign-in checks the hash (deliberately
    slow with the default, scrypt)."""
    data = demo_data()
    repos.units.save_all([Unit.from_record(u) for u in data["units"]])
    for record in data["members"]:
        repos.members.save(Member.from_record(record))
    password_hash = generate_password_hash(data["demo_password"], method=password_method)
    for record in data["accounts"]:
        repos.accounts.save(Account(username=record["username"], display_name=record["display_name"],
                                    role=Role(record["role"]), password_hash=password_hash,
                                    unit_id=record.get("unit_id"), member_id=record.get("member_id")))
    _schedule_meetings(repos)
    _letters(repos, data)
    _attendance_and_comments(repos)
    repos.audit.record("he-thong", "nap_du_lieu_mau")


def _schedule_meetings(repos: Repositories) -> None:
    """Each demo cell: one meeting already held, one ahead."""
    held, ahead = demo_meeting_dates(clock.today())
    for cell in repos.units.structure().of_kind(UnitKind.RESIDENCE_CELL):
        for when, topic in ((held, "Thông báo tình hình địa phương, phổ biến nghị quyết mới"),
                            (ahead, "Lấy ý kiến về công tác vận động nhân dân, kế hoạch thời gian tới")):
            attendance_register.schedule_meeting(repos, SEEDER, Meeting(
                id="", cell_id=cell.id, date=when, time="19:00", place=f"Nhà văn hóa {cell.name.removeprefix('Chi bộ ')}",
                topic=topic), token=f"demo-{cell.id}-{when.isoformat()}")


def _letters(repos: Repositories, data: dict) -> None:
    """One absence letter in each state, so a training room sees every step."""
    officers = {a["unit_id"]: a["username"] for a in data["accounts"] if a.get("unit_id")}
    plan = [("dv-002", "hoc_tap", "tập huấn chuyên môn tại Hà Nội", [], ""),
            ("dv-007", "cong_tac", "đi kiểm tra công tác thi tại Phú Quốc", [Action.CONFIRM], ""),
            ("dv-013", "om_dau", "điều trị tại Bệnh viện Chợ Rẫy", [Action.CONFIRM, Action.AGREE], ""),
            ("dv-018", "gia_dinh", "", [Action.CONFIRM, Action.NOT_AGREE],
             "Lý do chưa cụ thể; đề nghị đồng chí bố trí dự sinh hoạt."),
            ("dv-003", "di_xa", "về quê thăm gia đình", [Action.DECLINE], "Cơ quan không cử đi công tác ngày này."),
            ("dv-010", "khac", "trực cấp cứu theo lịch của khoa", [Action.WITHDRAW], "")]
    year = clock.today().year
    for member_id, kind, text, steps, note in plan:
        member = repos.members.get(member_id)
        meetings = repos.meetings.for_cell(member.residence_cell_id, year)[-1:]
        letter, _ = letters.submit(repos, SEEDER, member, [m.id for m in meetings], [], kind, text,
                                   token=f"demo-{member_id}")
        for step in steps:
            by = {Action.CONFIRM: officers.get(member.workplace_id), Action.DECLINE: officers.get(member.workplace_id),
                  Action.AGREE: officers.get(member.residence_cell_id),
                  Action.NOT_AGREE: officers.get(member.residence_cell_id)}.get(step, SEEDER)
            letters.take_step(repos, by, letter.code, step, note if step in (Action.DECLINE, Action.NOT_AGREE) else "")


def _attendance_and_comments(repos: Repositories) -> None:
    """The held meeting's attendance in every cell, with one absence without reason and one
    by force majeure; a waiting introduction letter; yearly comments in each state (one
    sent back, one filled but not sent, one still to fill); and the oversight summaries."""
    today, at = clock.today(), clock.now()
    special = {"dv-007": (Attendance.UNEXCUSED, ""), "dv-004": (Attendance.FORCE_MAJEURE, "nước lũ ngập đường về khóm")}
    cells = repos.units.structure().of_kind(UnitKind.RESIDENCE_CELL)
    for cell in cells:
        members = [m for m in repos.members.of_cell(cell.id) if m.attends_residence_meetings]
        # the first of the demo's two meetings is the one already held (see demo_meeting_dates)
        for meeting in repos.meetings.for_cell(cell.id, today.year)[:1]:

            def mark(current, members=members):
                for member in members:
                    status, note = special.get(member.id, (Attendance.PRESENT, ""))
                    current = attend(current, member.id, status, by=SEEDER, at=at, note=note)
                return current
            attendance_register.record_attendance(repos, SEEDER, meeting.id, mark, so_nguoi=len(members))
    member = repos.members.get("dv-014")
    if member is not None:
        introductions.issue_letter(repos, SEEDER, member, "phuong-hoa-an-tay", member.residence_cell_id, today,
                                   "Phạm Văn Sáu", token="demo-gioi-thieu-dv-014")
    form = comment_form()
    officers = {"dang-uy-so-giao-duc": "capuy", "dang-uy-benh-vien-tinh": "capuy2"}
    for member_id, steps in (("dv-002", 2), ("dv-009", 1), ("dv-013", 0)):
        member = repos.members.get(member_id)
        if member is None:
            continue
        comment = new_request(repos.comments.next_code(today.year), today.year, member,
                              officers.get(member.workplace_id, SEEDER), today)
        if steps:
            remarks = prefill_other_remarks(today.year, absences_of(
                member.id, repos.meetings.for_cell(member.residence_cell_id, today.year)))
            comment = save_draft(comment, {c.id: "tot" for c in form.criteria(comment.variant)}, "khong_de_nghi",
                                 remarks, "Trần Văn Phước")
        if steps == 2:
            comment = submit(comment, form, "bithu", at)
        repos.comments.add_many([comment])
    for cell in cells:
        attendance_register.refresh_cell_summary(repos, cell.id, today.year)
