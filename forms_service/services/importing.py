"""Bring members (with their accounts), officers' accounts and units in from a spreadsheet.

One path for the web and the command line: read the file (.xlsx or .csv as Excel writes it),
plan every row against the store as it is (new, already there unchanged, or refused with its
reason in Vietnamese), then save. The web shows the plan and saves only when the officer
confirms a plan with no refused row; the command line saves the good rows and reports the rest.
Planning again the same file after it was saved finds every row "đã có, không đổi", so a second
upload changes nothing. New accounts get no password: the person signs in first with a
one-time code handed out on paper.
"""
from __future__ import annotations

import csv
import io
import json
import unicodedata
import zipfile
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from functools import cache
from pathlib import Path

from ..domain.access import Actor, Role
from ..domain.accounts import Account, account_problems
from ..domain.local_rules import load_rule_book
from ..domain.members import Member
from ..domain.onboarding import account_reach_problem, member_reach_problem, unit_reach_problem
from ..domain.org import KIND_LABELS, OrgStructure, Unit, UnitKind, validate_unit
from ..storage import Repositories

COLUMNS_FILE = Path(__file__).resolve().parents[2] / "data" / "forms" / "nhap-danh-sach.json"
SYSTEM = Actor("he-thong", Role.ADMIN)   # the command line: the person at the server
MAX_ROWS = 1000   # measured: saving 1000 new members takes ~5 s CPU on the TinyDB store, 5000 ~57 s
GUIDE_SHEET = "Hướng dẫn"

NEW, UNCHANGED, REFUSED = "moi", "da_co", "loi"
STATUS_LABELS = {NEW: "Sẽ thêm mới", UNCHANGED: "Đã có, không đổi", REFUSED: "Lỗi, chưa lưu được"}


class FileRefused(ValueError):
    """Why the whole file cannot be read, in words for the officer."""


@cache
def kinds() -> dict:
    """The kinds of list, their columns and the wording of the template (data, not code)."""
    return json.loads(COLUMNS_FILE.read_text(encoding="utf-8"))["kinds"]


def column_keys(kind: str) -> list[str]:
    return [column["key"] for column in kinds()[kind]["columns"]]


def required_keys(kind: str) -> list[str]:
    return [column["key"] for column in kinds()[kind]["columns"] if column["required"]]


# ---- reading a file ---------------------------------------------------------------------------

def read_rows(file_name: str, content: bytes, kind: str) -> list[tuple[int, dict]]:
    """(line number, {column: NFC text}) of every filled row; the header is line 1."""
    suffix = Path(file_name or "").suffix.lower()
    if suffix in (".xlsm", ".xltm", ".xls"):
        raise FileRefused("Tệp Excel có macro hoặc dạng cũ (.xls, .xlsm) không được nhận. "
                          "Vui lòng lưu lại dạng “Sổ làm việc Excel (.xlsx)” hoặc CSV UTF-8 rồi tải lên.")
    if suffix == ".xlsx":
        table = _xlsx_table(content)
    elif suffix == ".csv":
        table = _csv_table(content)
    else:
        raise FileRefused("Chỉ nhận tệp Excel (.xlsx) hoặc CSV (.csv). Vui lòng tải mẫu ở dưới, điền rồi tải lên.")
    table = [[_text(cell) for cell in row] for row in table]
    table = [row for row in table if any(row)] if table else []
    if not table:
        raise FileRefused("Tệp trống: không có dòng tiêu đề và không có dòng nào.")
    header = [cell.strip().lower() for cell in table[0]]
    missing = [key for key in required_keys(kind) if key not in header]
    if missing:
        raise FileRefused(f"Tệp thiếu cột: {', '.join(missing)}. Dòng đầu tiên phải là tên các cột như trong tệp mẫu "
                          f"({kinds()[kind]['label'].lower()}).")
    rows = []
    for number, cells in enumerate(table[1:], start=2):
        rows.append((number, {key: (cells[i].strip() if i < len(cells) else "") for i, key in enumerate(header)
                              if key in column_keys(kind)}))
    if not rows:
        raise FileRefused("Tệp chỉ có dòng tiêu đề, chưa có dòng nào để nhập.")
    if len(rows) > MAX_ROWS:
        raise FileRefused(f"Tệp có {len(rows)} dòng; mỗi lần nhập tối đa {MAX_ROWS} dòng. Vui lòng chia nhỏ tệp.")
    return rows


def _csv_table(content: bytes) -> list[list]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileRefused("Tệp CSV không ở dạng UTF-8. Trong Excel chọn Lưu thành “CSV UTF-8 (phân tách bằng dấu phẩy)”.")
    if "\x00" in text:
        raise FileRefused("Tệp CSV bị hỏng hoặc không phải tệp văn bản.")
    try:
        dialect = csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return list(csv.reader(io.StringIO(text, newline=""), dialect))


def _xlsx_table(content: bytes) -> list[list]:
    from openpyxl import load_workbook
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            if any(name.lower().endswith("vbaproject.bin") for name in archive.namelist()):
                raise FileRefused("Tệp Excel có macro không được nhận. Vui lòng lưu lại dạng .xlsx rồi tải lên.")
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except FileRefused:
        raise
    except Exception:   # openpyxl and zipfile raise many kinds of error for a damaged file
        raise FileRefused("Không đọc được tệp Excel: tệp bị hỏng hoặc không phải tệp .xlsx.")
    try:
        sheet = next((ws for ws in workbook.worksheets if ws.title != GUIDE_SHEET), None)
        return [list(row) for row in sheet.iter_rows(values_only=True)] if sheet is not None else []
    finally:
        workbook.close()


def _text(cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, datetime):
        cell = cell.date()
    if isinstance(cell, date):
        return cell.strftime("%d/%m/%Y")
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    return unicodedata.normalize("NFC", str(cell)).replace("\x00", "")


def _date(text: str) -> date | None:
    for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


# ---- planning ---------------------------------------------------------------------------------

@dataclass
class PlannedRow:
    row: int
    cells: dict
    status: str
    message: str
    records: tuple = ()   # what is saved for a new row: a Unit, or a Member and its Account, or an Account

    @property
    def ok(self) -> bool:
        return self.status != REFUSED


@dataclass
class Plan:
    kind: str
    rows: list[PlannedRow] = field(default_factory=list)

    @property
    def refused(self) -> list[PlannedRow]:
        return [r for r in self.rows if r.status == REFUSED]

    @property
    def new(self) -> list[PlannedRow]:
        return [r for r in self.rows if r.status == NEW]

    @property
    def unchanged(self) -> list[PlannedRow]:
        return [r for r in self.rows if r.status == UNCHANGED]


def plan(repos: Repositories, actor: Actor, kind: str, rows: list[tuple[int, dict]]) -> Plan:
    planner = {"don-vi": _plan_units, "dang-vien": _plan_members, "tai-khoan": _plan_accounts}[kind]
    return Plan(kind, sorted(planner(repos, actor, rows), key=lambda r: r.row))


def _missing(cells: dict, kind: str) -> str | None:
    empty = [key for key in required_keys(kind) if not cells.get(key)]
    return f"thiếu {', '.join(empty)}" if empty else None


def _duplicates(rows, key: str) -> set[int]:
    """Line numbers of rows whose `key` repeats one of an earlier row."""
    seen, repeated = set(), set()
    for number, cells in rows:
        value = cells.get(key, "").lower()
        if value and value in seen:
            repeated.add(number)
        seen.add(value)
    return repeated


def _plan_units(repos: Repositories, actor: Actor, rows) -> list[PlannedRow]:
    existing = repos.units.structure()
    repeated = _duplicates(rows, "ma_don_vi")
    candidates, planned = [], []
    for number, cells in rows:
        problem = _missing(cells, "don-vi")
        if problem is None and number in repeated:
            problem = f"mã đơn vị “{cells['ma_don_vi']}” lặp lại ở dòng trên"
        try:
            kind = UnitKind(cells.get("loai", ""))
        except ValueError:
            problem = problem or (f"loại đơn vị “{cells.get('loai', '')}” không có; dùng một trong: "
                                  + ", ".join(k.value for k in UnitKind))
        former = cells.get("tien_than", "")
        if problem is None and former and (kind != UnitKind.COMMUNE or former not in load_rule_book().former_provinces):
            problem = (f"tiền thân “{former}” chỉ ghi cho đảng ủy xã, phường, và phải là một trong: "
                       + ", ".join(load_rule_book().former_provinces))
        if problem:
            planned.append(PlannedRow(number, cells, REFUSED, problem))
            continue
        unit = Unit(cells["ma_don_vi"], kind, cells["ten"], cells.get("ma_cap_tren") or None, cells.get("dia_danh", ""),
                    former_province=former)
        candidates.append((number, cells, unit))
    future = OrgStructure(list(existing.units.values()) + [unit for _, _, unit in candidates])
    for number, cells, unit in candidates:
        known = existing.get(unit.id)
        if known == unit:
            planned.append(PlannedRow(number, cells, UNCHANGED, "đã có, không đổi"))
            continue
        problem = (f"mã đơn vị “{unit.id}” đã có ({known.name}); muốn đổi tên thì dùng trang Đơn vị" if known
                   else unit_reach_problem(actor, unit) or validate_unit(unit, future))
        if problem:
            planned.append(PlannedRow(number, cells, REFUSED, problem))
        else:
            planned.append(PlannedRow(number, cells, NEW, f"thêm {KIND_LABELS[unit.kind].lower()}: {unit.name}",
                                      (unit,)))
    return planned


def _account_for(repos, username: str, wanted: Account) -> tuple[str, str | None]:
    """(status, problem) of an account named in a file, against the store."""
    known = repos.accounts.get(username)
    if known is None:
        return NEW, None
    if (known.display_name, known.role, known.unit_id, known.member_id) == (
            wanted.display_name, wanted.role, wanted.unit_id, wanted.member_id):
        return UNCHANGED, None
    return REFUSED, f"tên đăng nhập “{username}” đã có"


def _plan_members(repos: Repositories, actor: Actor, rows) -> list[PlannedRow]:
    org = repos.units.structure()
    repeated_ids, repeated_names = _duplicates(rows, "ma_dang_vien"), _duplicates(rows, "ten_dang_nhap")
    planned = []
    for number, cells in rows:
        problems = [p for p in [_missing(cells, "dang-vien")] if p]
        username = cells.get("ten_dang_nhap", "").lower()
        if number in repeated_ids:
            problems.append(f"mã đảng viên “{cells['ma_dang_vien']}” lặp lại ở dòng trên")
        if number in repeated_names:
            problems.append(f"tên đăng nhập “{username}” lặp lại ở dòng trên")
        sex = cells.get("gioi_tinh", "").capitalize()
        if sex and sex not in ("Nam", "Nữ"):
            problems.append("giới tính ghi Nam hoặc Nữ")
        born, admitted = _date(cells.get("ngay_sinh", "")), _date(cells.get("ngay_vao_dang", ""))
        if cells.get("ngay_sinh") and born is None:
            problems.append(f"ngày sinh “{cells['ngay_sinh']}” không đúng dạng ngày/tháng/năm")
        if cells.get("ngay_vao_dang") and admitted is None:
            problems.append(f"ngày vào Đảng “{cells['ngay_vao_dang']}” không đúng dạng ngày/tháng/năm")
        workplace = org.get(cells.get("ma_noi_cong_tac"))
        if cells.get("ma_noi_cong_tac") and (workplace is None or workplace.kind != UnitKind.WORKPLACE):
            problems.append(f"không có tổ chức cơ sở đảng nơi công tác mã “{cells['ma_noi_cong_tac']}”")
        cell_id = cells.get("ma_chi_bo_cu_tru") or None
        cell = org.get(cell_id)
        if cell_id and (cell is None or cell.kind != UnitKind.RESIDENCE_CELL):
            problems.append(f"không có chi bộ nơi cư trú mã “{cell_id}”")
        if problems:
            planned.append(PlannedRow(number, cells, REFUSED, "; ".join(problems)))
            continue
        reach = member_reach_problem(actor, org, workplace.id, cell_id)
        member = Member(cells["ma_dang_vien"], cells["ho_ten"], sex, born, admitted, workplace.id,
                        cells["chi_bo_noi_cong_tac"], position=cells.get("chuc_vu", ""), residence_cell_id=cell_id,
                        address=cells.get("dia_chi", ""), phone=cells.get("dien_thoai", ""),
                        email=cells.get("email", ""))
        account = Account(username, member.full_name, Role.MEMBER, "", member_id=member.id, email=member.email)
        problems = account_problems(username, Role.MEMBER, None, member.id, unit_exists=lambda u: True,
                                    member_exists=lambda m: True)
        known = repos.members.get(member.id)
        account_status, account_problem = _account_for(repos, username, account)
        if known is not None and _member_fields(known) != _member_fields(member):
            problems.append(f"mã đảng viên “{member.id}” đã có ({known.full_name}) với thông tin khác")
        problems += [p for p in (reach, account_problem) if p]
        if problems:
            planned.append(PlannedRow(number, cells, REFUSED, "; ".join(problems)))
        elif known is not None and account_status == UNCHANGED:
            planned.append(PlannedRow(number, cells, UNCHANGED, "đã có, không đổi"))
        else:
            records = ((member,) if known is None else ()) + (account,)
            planned.append(PlannedRow(number, cells, NEW, f"thêm đảng viên {member.full_name}, tài khoản {username}"
                                      if known is None else f"thêm tài khoản {username}", records))
    return planned


def _member_fields(member: Member) -> tuple:
    return (member.full_name, member.sex, member.birth_date, member.admission_date, member.workplace_id,
            member.residence_cell_id)


def _plan_accounts(repos: Repositories, actor: Actor, rows) -> list[PlannedRow]:
    org = repos.units.structure()
    repeated = _duplicates(rows, "ten_dang_nhap")
    planned = []
    for number, cells in rows:
        username = cells.get("ten_dang_nhap", "").lower()
        try:
            role = Role(cells.get("vai_tro", ""))
        except ValueError:
            planned.append(PlannedRow(number, cells, REFUSED, f"vai trò “{cells.get('vai_tro', '')}” không có; dùng "
                                      "một trong: " + ", ".join(r.value for r in Role)))
            continue
        unit_id, member_id = cells.get("ma_don_vi") or None, cells.get("ma_dang_vien") or None
        problems = account_problems(username, role, unit_id, member_id,
                                    unit_exists=lambda u: org.get(u) is not None,
                                    member_exists=lambda m: repos.members.get(m) is not None)
        problems += [p for p in [_missing(cells, "tai-khoan")] if p]
        if number in repeated:
            problems.append(f"tên đăng nhập “{username}” lặp lại ở dòng trên")
        member = repos.members.get(member_id) if member_id else None
        reach = account_reach_problem(actor, org, role, unit_id)
        if reach is None and role == Role.MEMBER and member is not None:
            reach = member_reach_problem(actor, org, member.workplace_id, member.residence_cell_id)
        account = Account(username, cells.get("ho_ten", ""), role, "", unit_id=unit_id, member_id=member_id,
                          email=cells.get("email", ""))
        status, known_problem = _account_for(repos, username, account)
        problems += [p for p in (reach, known_problem) if p]
        if problems:
            planned.append(PlannedRow(number, cells, REFUSED, "; ".join(problems)))
        elif status == UNCHANGED:
            planned.append(PlannedRow(number, cells, UNCHANGED, "đã có, không đổi"))
        else:
            planned.append(PlannedRow(number, cells, NEW, f"thêm tài khoản {username}", (account,)))
    return planned


# ---- saving -----------------------------------------------------------------------------------

def save(repos: Repositories, actor: Actor, kind: str, rows: list[tuple[int, dict]], source: str,
         only_good: bool = False) -> Plan:
    """Plan again inside one unit of work and save every new row, with one audit line per record.
    Unless `only_good` (the command line), a plan with a refused row saves nothing."""
    with repos.transaction():
        checked = plan(repos, actor, kind, rows)
        if checked.refused and not only_good:
            return checked
        for row in checked.new:
            for record in row.records:
                _save_record(repos, actor, record, source)
    return checked


def _save_record(repos: Repositories, actor: Actor, record, source: str) -> None:
    if isinstance(record, Unit):
        repos.units.save_all([record])
        repos.audit.record(actor.username, "tao_don_vi", target=record.id, reason=f"nhập từ {source}")
    elif isinstance(record, Member):
        repos.members.save(record)
        repos.audit.record(actor.username, "them_dang_vien", target=record.id, reason=f"nhập từ {source}")
    else:
        repos.accounts.save(record)
        repos.audit.record(actor.username, "tao_tai_khoan", target=record.username, reason=f"nhập từ {source}")


def created_accounts(saved: Plan) -> list[Account]:
    """The accounts a saved plan created, for the slips of first sign-in codes."""
    return [record for row in saved.new for record in row.records if isinstance(record, Account)]


# ---- the command line -------------------------------------------------------------------------

@dataclass
class RowResult:
    row: int          # line number in the file, header is line 1
    ok: bool
    message: str


def _cli_results(saved: Plan) -> list[RowResult]:
    return [RowResult(r.row, r.ok, r.message.replace("thêm", "đã nhập", 1) if r.status == NEW else r.message)
            for r in saved.rows]


def import_units(repos: Repositories, path: Path) -> list[RowResult]:
    rows = read_rows(path.name, path.read_bytes(), "don-vi")
    return _cli_results(save(repos, SYSTEM, "don-vi", rows, path.name, only_good=True))


def import_accounts(repos: Repositories, path: Path, first_password=None) -> tuple[list[RowResult], dict[str, str]]:
    """The report and, where `first_password` draws one, the first password of each new account
    (the command line prints them to the person at the server)."""
    from werkzeug.security import generate_password_hash
    rows = read_rows(path.name, path.read_bytes(), "tai-khoan")
    saved = save(repos, SYSTEM, "tai-khoan", rows, path.name, only_good=True)
    passwords = {}
    if first_password is not None:
        for account in created_accounts(saved):
            passwords[account.username] = first_password()
            with repos.transaction():
                repos.accounts.update(account.username, lambda a: replace(
                    a, password_hash=generate_password_hash(passwords[a.username])))
    return _cli_results(saved), passwords


# ---- the template -----------------------------------------------------------------------------

def template_csv(kind: str) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(column_keys(kind))
    writer.writerow([column["example"] for column in kinds()[kind]["columns"]])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def template_xlsx(kind: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Danh sách"
    sheet.append(column_keys(kind))
    sheet.append([column["example"] for column in kinds()[kind]["columns"]])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    guide = workbook.create_sheet(GUIDE_SHEET)
    guide.append(["Cột", "Bắt buộc", "Ghi gì", "Ví dụ"])
    for column in kinds()[kind]["columns"]:
        guide.append([column["key"], "có" if column["required"] else "không", column["explain"], column["example"]])
    guide.append([])
    guide.append(["Điền từ dòng 2 của trang “Danh sách”, mỗi dòng một " + kinds()[kind]["label"].lower()
                  + "; xóa dòng ví dụ trước khi tải lên. Ngày ghi dạng ngày/tháng/năm."])
    for letter, width in zip("ABCD", (22, 10, 80, 28)):
        guide.column_dimensions[letter].width = width
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
