"""The demo province (data/org/demo-province.json): fictional people, one account per role."""
from __future__ import annotations

import json
import shutil
from datetime import date, timedelta
from pathlib import Path
from typing import Callable

from werkzeug.security import generate_password_hash

from .config import PROJECT_ROOT
from .domain import clock
from .domain.access import Role
from .domain.accounts import Account
from .domain.members import Member
from .domain.org import Unit
from .storage import Repositories

DEMO_FILE = PROJECT_ROOT / "data" / "org" / "demo-province.json"

# Journeys add their own demo records (scheduled meetings, letters…) here.
SEEDERS: list[Callable[[Repositories], None]] = []


def demo_data() -> dict:
    return json.loads(DEMO_FILE.read_text(encoding="utf-8"))


def load_demo(repos: Repositories) -> None:
    data = demo_data()
    repos.units.save_all([Unit.from_record(u) for u in data["units"]])
    for record in data["members"]:
        repos.members.save(Member.from_record(record))
    password_hash = generate_password_hash(data["demo_password"])
    for record in data["accounts"]:
        repos.accounts.save(Account(username=record["username"], display_name=record["display_name"],
                                    role=Role(record["role"]), password_hash=password_hash,
                                    unit_id=record.get("unit_id"), member_id=record.get("member_id")))
    _schedule_demo_meetings(repos)
    for seed in SEEDERS:
        seed(repos)
    repos.audit.record("he-thong", "nap_du_lieu_mau")


def reset_demo(data_dir: Path, open_repos: Callable[[Path], Repositories]) -> Repositories:
    """Back to the starting state, for the next training session."""
    data_dir = Path(data_dir)
    if data_dir.exists():
        shutil.rmtree(data_dir)
    repos = open_repos(data_dir)
    load_demo(repos)
    return repos


def demo_meeting_dates(today: date) -> tuple[date, date]:
    """The demo's two meetings of this year: one already held (about six weeks ago, or on
    1 January early in the year) and one ahead (in two weeks, or on 31 December late in the
    year). Built from today, so that a training room — and the test suite — finds the same
    story on any day of the year: attendance recorded, an absence to explain, a letter for
    the meeting ahead."""
    held = max(date(today.year, 1, 1), today - timedelta(days=45))
    ahead = min(date(today.year, 12, 31), today + timedelta(days=14))
    return held, ahead


def _schedule_demo_meetings(repos: Repositories) -> None:
    """Each demo cell: one meeting already held, one ahead."""
    from .domain.meetings import Meeting
    from .domain.org import UnitKind

    held, ahead = demo_meeting_dates(clock.today())
    for cell in repos.units.structure().of_kind(UnitKind.RESIDENCE_CELL):
        for when, topic in ((held, "Thông báo tình hình địa phương, phổ biến nghị quyết mới"),
                            (ahead, "Lấy ý kiến về công tác vận động nhân dân, kế hoạch thời gian tới")):
            repos.meetings.add(Meeting(id="", cell_id=cell.id, date=when, time="19:00",
                                       place=f"Nhà văn hóa {cell.name.removeprefix('Chi bộ ')}", topic=topic))


def _seed_demo_letters(repos: Repositories) -> None:
    """One absence letter in each state, so a training room sees every step."""
    from .domain.letters import Action, new_letter, transition

    officers = {a["unit_id"]: a["username"] for a in demo_data()["accounts"] if a.get("unit_id")}
    plan = [("dv-002", "hoc_tap", "tập huấn chuyên môn tại Hà Nội", [], ""),
            ("dv-007", "cong_tac", "đi kiểm tra công tác thi tại Phú Quốc", [Action.CONFIRM], ""),
            ("dv-013", "om_dau", "điều trị tại Bệnh viện Chợ Rẫy", [Action.CONFIRM, Action.AGREE], ""),
            ("dv-018", "gia_dinh", "", [Action.CONFIRM, Action.NOT_AGREE],
             "Lý do chưa cụ thể; đề nghị đồng chí bố trí dự sinh hoạt."),
            ("dv-003", "di_xa", "về quê thăm gia đình", [Action.DECLINE], "Cơ quan không cử đi công tác ngày này."),
            ("dv-010", "khac", "trực cấp cứu theo lịch của khoa", [Action.WITHDRAW], "")]
    now = clock.now()
    for member_id, kind, text, steps, note in plan:
        member = repos.members.get(member_id)
        meetings = repos.meetings.for_cell(member.residence_cell_id, now.year)[-1:]

        def build(code, member=member, meetings=meetings, kind=kind, text=text):
            return new_letter(code, member.id, member.full_name, member.residence_cell_id, member.workplace_id,
                              meetings, [], kind, text, now, "du-lieu-mau")

        letter, _ = repos.letters.submit(f"demo-{member_id}", now, build)
        repos.audit.record("du-lieu-mau", "don_xin_vang.gui_don", letter.code)
        for step in steps:
            by = {Action.CONFIRM: officers.get(member.workplace_id), Action.DECLINE: officers.get(member.workplace_id),
                  Action.AGREE: officers.get(member.residence_cell_id),
                  Action.NOT_AGREE: officers.get(member.residence_cell_id)}.get(step, "du-lieu-mau")
            repos.letters.update(letter.code, lambda current, step=step, by=by: transition(
                current, step, now, by, note if step in (Action.DECLINE, Action.NOT_AGREE) else ""))
            repos.audit.record(by, f"don_xin_vang.{step}", letter.code, note)


SEEDERS.append(_seed_demo_letters)

from .storage.register_repository import seed_demo_register  # noqa: E402  (issue 4)

SEEDERS.append(seed_demo_register)
