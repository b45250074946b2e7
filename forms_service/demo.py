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
