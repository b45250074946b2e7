"""A generated province, big enough to load the service like a real one.

The records are written straight into a SQL store's tables (a SQLite file), in big
transactions through the SQL store's own export writer (`storage/sql/export.py`: each row
made by the repository module's `columns(record)`, executemany), because saving tens of
thousands of members one by one through the repositories would take hours. The other
stores are made from that one (bench/postgres_load.py, `copy_store`), so nothing here
depends on how a store lays its data out. `check_province` reads a sample back through
the real repositories, so that a change in them makes the bench fail loudly instead of
measuring something else.
"""
from __future__ import annotations

import random
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from werkzeug.security import generate_password_hash

from forms_service.domain.access import Role
from forms_service.domain.accounts import Account
from forms_service.domain.meetings import Meeting, meeting_id
from forms_service.domain.members import Member
from forms_service.domain.org import Unit, UnitKind
from forms_service.storage import migrate_database, open_store
from forms_service.storage.copying import open_export
from forms_service.storage.record_versions import stamp

PASSWORD = "bench-mat-khau-213"
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Phan", "Trương", "Bùi", "Đặng", "Đỗ", "Ngô", "Dương", "Lý"]
MIDDLE = ["Văn", "Thị", "Minh", "Thanh", "Hoàng", "Ngọc", "Quốc", "Thu", "Đức", "Hữu", "Kim", "Bảo"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hùng", "Khánh", "Lan", "Linh", "Mai", "Nam",
         "Nga", "Phúc", "Quang", "Sơn", "Tâm", "Thảo", "Trang", "Tuấn", "Uyên", "Vinh", "Xuân", "Yến"]


WRITE_BATCH = 5_000   # records per transaction


@dataclass
class Province:
    url: str                                  # the SQLite store it was generated into
    province_id: str
    communes: list[str]
    cells: list[str]
    workplaces: list[str]
    members: list[Member]
    member_usernames: dict[str, str]          # member id -> account username
    secretary_of: dict[str, str]              # cell id -> username
    officer_of: dict[str, str]                # workplace id -> username
    commune_officer_of: dict[str, str]        # commune id -> username
    meetings_of: dict[str, list[Meeting]] = field(default_factory=dict)  # cell id -> meetings
    password: str = PASSWORD


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{Path(path).resolve()}"


@contextmanager
def store_writer(url: str):
    """write(collection, records): records of the copy's exchange shape added to the SQL store
    at `url` (migrated first), WRITE_BATCH to a transaction."""
    migrate_database(url)
    with open_export(url) as export:
        def write(collection: str, records: list[dict]) -> None:
            for start in range(0, len(records), WRITE_BATCH):
                export.write(collection, records[start:start + WRITE_BATCH], merge=False)
        yield write


def commune_of_cell(cell_id: str) -> str:
    """The commune a generated cell belongs to, from the ids generate_province gives."""
    return "xa-" + cell_id.split("-")[2]


def generate_province(url: str, communes: int = 60, cells_per_commune: int = 20, workplaces: int = 200,
                      members: int = 24_000, year: int | None = None, years: int = 1, seed: int = 213) -> Province:
    """`years`: how many years of meetings (twice a year per cell), ending with `year`."""
    rng = random.Random(seed)
    year = year or date.today().year
    province_id = "tinh-mau"
    units = [Unit(province_id, UnitKind.PROVINCE, "Đảng bộ tỉnh Mẫu", None, "Tỉnh Mẫu"),
             Unit("khoi-co-quan", UnitKind.SUPERIOR, "Đảng bộ Khối cơ quan tỉnh", province_id, "Tỉnh Mẫu")]
    commune_ids, cell_ids, workplace_ids = [], [], []
    for c in range(communes):
        commune_id = f"xa-{c:03d}"
        commune_ids.append(commune_id)
        units.append(Unit(commune_id, UnitKind.COMMUNE, f"Đảng ủy xã Mẫu {c}", province_id, f"Xã Mẫu {c}"))
        for k in range(cells_per_commune):
            cell_id = f"chi-bo-{c:03d}-{k:02d}"
            cell_ids.append(cell_id)
            units.append(Unit(cell_id, UnitKind.RESIDENCE_CELL, f"Chi bộ Ấp {k + 1} xã Mẫu {c}", commune_id,
                              f"Xã Mẫu {c}"))
    for w in range(workplaces):
        workplace_id = f"co-so-{w:03d}"
        workplace_ids.append(workplace_id)
        units.append(Unit(workplace_id, UnitKind.WORKPLACE, f"Đảng bộ Cơ quan số {w}", "khoi-co-quan", "Tỉnh Mẫu"))

    people: list[Member] = []
    for n in range(members):
        name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
        people.append(Member(
            id=f"dv-{n:07d}", full_name=name, sex=rng.choice(["Nam", "Nữ"]),
            birth_date=date(rng.randint(1965, 1998), rng.randint(1, 12), rng.randint(1, 28)),
            admission_date=date(rng.randint(1990, 2022), rng.randint(1, 12), rng.randint(1, 28)),
            workplace_id=rng.choice(workplace_ids), workplace_cell=f"Chi bộ Phòng {rng.randint(1, 9)}",
            position="Chuyên viên", residence_cell_id=rng.choice(cell_ids),
            address=f"Số {rng.randint(1, 300)}, ấp {rng.randint(1, 9)}", phone=f"09{rng.randint(10**7, 10**8 - 1)}"))
    password_hash = generate_password_hash(PASSWORD)
    accounts: list[Account] = []
    member_usernames = {m.id: f"m{m.id[3:]}" for m in people}
    accounts += [Account(member_usernames[m.id], m.full_name, Role.MEMBER, password_hash, member_id=m.id)
                 for m in people]
    secretary_of = {cell: f"bt-{cell[7:]}" for cell in cell_ids}
    officer_of = {wp: f"cu-{wp[6:]}" for wp in workplace_ids}
    commune_officer_of = {c: f"xp-{c[3:]}" for c in commune_ids}
    accounts += [Account(u, f"Bí thư {cell}", Role.CELL_SECRETARY, password_hash, unit_id=cell)
                 for cell, u in secretary_of.items()]
    accounts += [Account(u, f"Cấp ủy {wp}", Role.WORKPLACE_OFFICER, password_hash, unit_id=wp)
                 for wp, u in officer_of.items()]
    accounts += [Account(u, f"Đảng ủy {c}", Role.COMMUNE_OFFICER, password_hash, unit_id=c)
                 for c, u in commune_officer_of.items()]
    accounts.append(Account("quantri", "Quản trị", Role.ADMIN, password_hash))
    meetings_of = {}
    for cell_id in cell_ids:
        meetings_of[cell_id] = [
            Meeting(meeting_id(cell_id, day, 1), cell_id, day, "19:00", "Nhà văn hóa ấp", "Sinh hoạt định kỳ")
            for y in range(year - years + 1, year + 1) for day in (date(y, 6, 14), date(y, 12, 12))]
    with store_writer(url) as write:
        write("units", [stamp("units", unit.to_record()) for unit in units])
        write("members", [stamp("members", member.to_record()) for member in people])
        write("accounts", [stamp("accounts", account.to_record()) for account in accounts])
        write("meetings", [stamp("meetings", meeting.to_record())
                           for meetings in meetings_of.values() for meeting in meetings])
    return Province(url, province_id, commune_ids, cell_ids, workplace_ids, people, member_usernames,
                    secretary_of, officer_of, commune_officer_of, meetings_of)


def check_province(province: Province, samples: int = 20) -> None:
    """Read a sample back through the real repositories; raise if the layout disagrees."""
    repos = open_store(province.url)
    try:
        rng = random.Random(1)
        org = repos.units.structure()
        assert org.get(province.cells[0]) is not None, "units not readable"
        assert org.commune_of(province.cells[-1]) == commune_of_cell(province.cells[-1])
        for member in rng.sample(province.members, min(samples, len(province.members))):
            assert repos.members.get(member.id) == member, f"member {member.id} not found through the repository"
            assert member.id in {m.id for m in repos.members.of_cell(member.residence_cell_id)}
            account = repos.accounts.get(province.member_usernames[member.id])
            assert account is not None and account.member_id == member.id
        cell = province.cells[0]
        assert [m.id for m in repos.meetings.for_cell(cell)] == [m.id for m in province.meetings_of[cell]]
    finally:
        repos.close()
