"""Import units and accounts from CSV (UTF-8, with or without BOM), with a report per row.

A bad row changes nothing and the report says which row and why; the good rows are
imported. Units are checked against the structure as it will be after the import, so
a file may list a commune and its cells in any order.
"""
from __future__ import annotations

import csv
import secrets
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from werkzeug.security import generate_password_hash

from ..domain.access import Role
from ..domain.accounts import Account, account_problems
from ..domain.local_rules import load_rule_book
from ..domain.org import OrgStructure, Unit, UnitKind, validate_unit
from ..storage import Repositories

UNIT_COLUMNS = ["ma_don_vi", "loai", "ten", "ma_cap_tren", "dia_danh"]
# optional: a commune of a merged province names its former province ("tiền thân"), one of the
# rule book's former_provinces, where a local practice of that part differs
FORMER_PROVINCE_COLUMN = "tien_than"
ACCOUNT_COLUMNS = ["ten_dang_nhap", "ho_ten", "vai_tro", "ma_don_vi", "ma_dang_vien", "email"]


@dataclass
class RowResult:
    row: int          # line number in the file, header is line 1
    ok: bool
    message: str


def _rows(path: Path, columns: list[str]):
    with open(path, encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in columns if c not in (reader.fieldnames or [])]
        if missing:
            raise ValueError(f"tệp thiếu cột: {', '.join(missing)}")
        for number, row in enumerate(reader, start=2):
            yield number, {k: unicodedata.normalize("NFC", (v or "").strip()) for k, v in row.items() if k}


def import_units(repos: Repositories, path: Path) -> list[RowResult]:
    existing = repos.units.structure()
    candidates, results = [], []
    for number, row in _rows(path, UNIT_COLUMNS):
        try:
            kind = UnitKind(row["loai"])
        except ValueError:
            results.append(RowResult(number, False, f"loại đơn vị “{row['loai']}” không có; dùng một trong: "
                                     + ", ".join(k.value for k in UnitKind)))
            continue
        if not row["ma_don_vi"] or not row["ten"]:
            results.append(RowResult(number, False, "thiếu mã đơn vị hoặc tên đơn vị"))
            continue
        former = row.get(FORMER_PROVINCE_COLUMN, "")
        if former and (kind != UnitKind.COMMUNE or former not in load_rule_book().former_provinces):
            results.append(RowResult(number, False, f"tiền thân “{former}” chỉ ghi cho đảng ủy xã, phường, và phải là "
                                     "một trong: " + ", ".join(load_rule_book().former_provinces)))
            continue
        candidates.append((number, Unit(row["ma_don_vi"], kind, row["ten"], row["ma_cap_tren"] or None, row["dia_danh"],
                                        former_province=former)))
    future = OrgStructure(list(existing.units.values()) + [unit for _, unit in candidates])
    good = []
    for number, unit in candidates:
        problem = validate_unit(unit, future)
        results.append(RowResult(number, problem is None, problem or f"đã nhập {unit.name}"))
        if problem is None:
            good.append(unit)
    if good:
        with repos.transaction():
            repos.units.save_all(good)
            repos.audit.record("he-thong", "nhap_don_vi", reason=f"{len(good)} đơn vị từ {path.name}")
    return sorted(results, key=lambda r: r.row)


def import_accounts(repos: Repositories, path: Path) -> tuple[list[RowResult], dict[str, str]]:
    """Returns the report and the initial password of each new account (to hand out)."""
    org = repos.units.structure()
    results, passwords = [], {}
    for number, row in _rows(path, ACCOUNT_COLUMNS):
        username = row["ten_dang_nhap"].lower()
        try:
            role = Role(row["vai_tro"])
        except ValueError:
            results.append(RowResult(number, False, f"vai trò “{row['vai_tro']}” không có; dùng một trong: "
                                     + ", ".join(r.value for r in Role)))
            continue
        problems = account_problems(username, role, row["ma_don_vi"] or None, row["ma_dang_vien"] or None,
                                    unit_exists=lambda u: org.get(u) is not None,
                                    member_exists=lambda m: repos.members.get(m) is not None)
        if not row["ho_ten"]:
            problems.append("thiếu họ tên")
        if repos.accounts.get(username):
            problems.append(f"tên đăng nhập “{username}” đã có")
        if problems:
            results.append(RowResult(number, False, "; ".join(problems)))
            continue
        password = secrets.token_urlsafe(9)
        with repos.transaction():   # each account with its audit line: a crash keeps both or neither
            repos.accounts.save(Account(username, row["ho_ten"], role, generate_password_hash(password),
                                        unit_id=row["ma_don_vi"] or None, member_id=row["ma_dang_vien"] or None,
                                        email=row["email"]))
            repos.audit.record("he-thong", "tao_tai_khoan", target=username)
        passwords[username] = password
        results.append(RowResult(number, True, f"đã tạo tài khoản {username}"))
    return results, passwords
