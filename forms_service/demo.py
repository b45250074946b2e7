"""The demo province (data/org/demo-province.json): fictional people, one account per role."""
from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Callable

from werkzeug.security import generate_password_hash

from .config import PROJECT_ROOT
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


def _schedule_demo_meetings(repos: Repositories) -> None:
    """Each demo cell: the mid-year meeting already held, the year-end one ahead."""
    from datetime import date

    from .domain.meetings import Meeting
    from .domain.org import UnitKind

    today = date.today()
    for cell in repos.units.structure().of_kind(UnitKind.RESIDENCE_CELL):
        for when, topic in ((date(today.year, 6, 14), "Thông báo tình hình địa phương 6 tháng đầu năm"),
                            (date(today.year, 12, 12), "Tổng kết năm, lấy ý kiến về công tác vận động nhân dân")):
            repos.meetings.add(Meeting(id="", cell_id=cell.id, date=when, time="19:00",
                                       place=f"Nhà văn hóa {cell.name.removeprefix('Chi bộ ')}", topic=topic))
