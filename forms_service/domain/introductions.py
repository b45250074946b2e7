"""Introducing a working member to the party organisation where they live (Mẫu 1-213),
the exemptions of Hướng dẫn 33-HD/BTCTW (§1.1, §1.2), and later changes.

The workplace committee issues the letter to the commune/ward committee of residence;
that committee records when it received it and which residence cell it assigned; the
member then appears on the cell's list of working members (QĐ 213, khoản 1–2 Điều 4).
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, replace
from datetime import date, datetime
from enum import StrEnum
from functools import lru_cache
from pathlib import Path

from .access import Relation, define
from .members import EXEMPTION_LABELS, Exemption, Member, MemberStatus

FORM_FILE = Path(__file__).resolve().parents[2] / "data" / "forms" / "mau-1-213.json"
EXEMPTIONS_FILE = Path(__file__).resolve().parents[2] / "data" / "exemptions-hd33.json"

LIST_WORKPLACE = define("introduction.list_workplace", WORKPLACE_OFFICER=Relation.UNIT)
ISSUE = define("introduction.issue", WORKPLACE_OFFICER=Relation.WORKPLACE)
VIEW = define("introduction.view", WORKPLACE_OFFICER=Relation.WORKPLACE, COMMUNE_OFFICER=Relation.COMMUNE,
              ADMIN=Relation.ANY)
LIST_COMMUNE = define("introduction.list_commune", COMMUNE_OFFICER=Relation.UNIT)
RECEIVE = define("introduction.receive", COMMUNE_OFFICER=Relation.COMMUNE)
RECORD_EXEMPTION = define("introduction.exemption", WORKPLACE_OFFICER=Relation.WORKPLACE)
RECORD_CHANGE = define("introduction.change", WORKPLACE_OFFICER=Relation.WORKPLACE)
VIEW_OWN = define("introduction.view_own", MEMBER=Relation.OWN)
# The cell secretary sees who is being introduced to the cell; the commune receives them.
LIST_CELL = define("introduction.list_cell", CELL_SECRETARY=Relation.UNIT)


@lru_cache(maxsize=2)
def introduction_form(path: Path = FORM_FILE) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


@lru_cache(maxsize=2)
def exemption_grounds(path: Path = EXEMPTIONS_FILE) -> dict:
    """The two exemptions of Hướng dẫn 33 in its words, and the note that who decides them is
    not confirmed: regulation wording is data, shown by the page and written in the history."""
    return json.loads(Path(path).read_text(encoding="utf-8"))


class IntroductionState(StrEnum):
    ISSUED = "da_gioi_thieu"
    RECEIVED = "da_tiep_nhan"


STATE_LABELS = {IntroductionState.ISSUED: "Đã gửi giấy giới thiệu, chờ đảng ủy nơi cư trú tiếp nhận",
                IntroductionState.RECEIVED: "Đảng ủy nơi cư trú đã tiếp nhận và phân về chi bộ"}


class IntroductionError(ValueError):
    """A step that cannot be taken; the message is Vietnamese, for the page, and `field`
    names the answer it is about when there is one (the page shows it there too)."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Introduction:
    code: str
    number: str                  # "12-GGT/ĐU", as printed
    member_id: str
    member_name: str
    workplace_id: str
    commune_id: str              # the commune/ward committee of residence it is addressed to
    proposed_cell_id: str | None  # the residence cell, if the workplace knows it
    issued_on: date
    issued_by: str
    signer_name: str = ""
    state: IntroductionState = IntroductionState.ISSUED
    received_on: date | None = None
    assigned_cell_id: str | None = None
    receiver_name: str = ""
    history: tuple = field(default=())

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]

    def to_record(self) -> dict:
        record = asdict(self)
        record["issued_on"] = self.issued_on.isoformat()
        record["received_on"] = self.received_on.isoformat() if self.received_on else None
        record["state"], record["history"] = str(self.state), list(self.history)
        return record

    @classmethod
    def from_record(cls, record: dict) -> "Introduction":
        data = {k: v for k, v in record.items() if k != "v"}
        data["issued_on"] = date.fromisoformat(data["issued_on"])
        data["received_on"] = date.fromisoformat(data["received_on"]) if data.get("received_on") else None
        data["state"], data["history"] = IntroductionState(data["state"]), tuple(data.get("history", ()))
        return cls(**data)


def issue(code: str, number: str, member: Member, commune_id: str, proposed_cell_id: str | None,
          on: date, by: str, signer_name: str = "") -> Introduction:
    if member.status != MemberStatus.ACTIVE:
        raise IntroductionError("Đảng viên này không còn sinh hoạt đảng.")
    if member.exemption == Exemption.FROM_INTRODUCTION:
        raise IntroductionError("Đảng viên này được miễn giới thiệu về tổ chức đảng nơi cư trú "
                                "(mục 1.2 Hướng dẫn số 33-HD/BTCTW).")
    return Introduction(code=code, number=number, member_id=member.id, member_name=member.full_name,
                        workplace_id=member.workplace_id, commune_id=commune_id, proposed_cell_id=proposed_cell_id,
                        issued_on=on, issued_by=by, signer_name=signer_name.strip())


def receive(introduction: Introduction, member: Member, on: date, cell_id: str, receiver_name: str,
            by: str, at: datetime) -> tuple[Introduction, Member]:
    """The commune/ward committee receives the letter and assigns the cell; the member
    joins that cell's list (the change is kept in the member's history)."""
    if introduction.state != IntroductionState.ISSUED:
        raise IntroductionError("Giấy giới thiệu này đã được tiếp nhận.")
    if on < introduction.issued_on:
        raise IntroductionError("Ngày tiếp nhận không thể trước ngày giới thiệu.")
    entry = {"at": at.isoformat(timespec="seconds"), "by": by, "from": str(introduction.state),
             "to": str(IntroductionState.RECEIVED)}
    received = replace(introduction, state=IntroductionState.RECEIVED, received_on=on, assigned_cell_id=cell_id,
                       receiver_name=receiver_name.strip(), history=introduction.history + (entry,))
    member = member.with_change(on, f"Tiếp nhận theo giấy giới thiệu {introduction.code}", residence_cell_id=cell_id)
    return received, member


def record_exemption(member: Member, exemption: Exemption, ground: str, on: date,
                     applies_from: date | None = None) -> Member:
    """An exemption (mục 1.1 or 1.2 Hướng dẫn số 33-HD/BTCTW) recorded `on` by the workplace
    officer, always with its ground and the date from which it applies: meetings before that
    date keep counting. Exemption.NONE lifts it. Which body decides an exemption is not
    confirmed, so the history says so instead of naming one."""
    ground = ground.strip()
    if exemption == Exemption.NONE:
        return member.with_change(on, "Bỏ miễn", exemption=Exemption.NONE, exemption_ground="", exemption_from=None)
    if not ground:
        raise IntroductionError("Vui lòng ghi rõ căn cứ miễn (thuộc nhóm nào của Hướng dẫn số 33-HD/BTCTW và vì sao).",
                                field="ground")
    if applies_from is None:
        raise IntroductionError("Vui lòng nhập ngày bắt đầu được miễn (ngày/tháng/năm).", field="applies_from")
    updates = {"exemption": exemption, "exemption_ground": ground, "exemption_from": applies_from}
    if exemption == Exemption.FROM_INTRODUCTION:
        updates["residence_cell_id"] = None  # not introduced: not on any cell's list
    return member.with_change(on, exemption_history_label(exemption, applies_from), **updates)


def exemption_history_label(exemption: Exemption, applies_from: date) -> str:
    return (f"Ghi trường hợp miễn: {EXEMPTION_LABELS[exemption]}, từ ngày {applies_from:%d/%m/%Y} "
            f"({exemption_grounds()['who_decides_short']})")


class ChangeKind(StrEnum):
    MOVED_HOUSE = "chuyen_noi_o"
    CHANGED_WORKPLACE = "chuyen_noi_cong_tac"
    AWAY = "thuong_xuyen_di_cong_tac"
    TRAINING = "di_hoc_tap_trung"
    BACK = "tro_lai_sinh_hoat"
    LEFT_PARTY = "ra_khoi_dang"


CHANGE_LABELS = {
    ChangeKind.MOVED_HOUSE: "Chuyển nơi cư trú (giới thiệu về đảng ủy xã, phường nơi cư trú mới)",
    ChangeKind.CHANGED_WORKPLACE: "Chuyển nơi công tác",
    ChangeKind.AWAY: "Thường xuyên đi công tác xa, lưu động (chưa miễn sinh hoạt: chỉ miễn khi có quyết định)",
    ChangeKind.TRAINING: "Đi học tập trung (chưa miễn sinh hoạt: chỉ miễn khi có quyết định)",
    ChangeKind.BACK: "Trở lại sinh hoạt nơi cư trú bình thường",
    ChangeKind.LEFT_PARTY: "Ra khỏi Đảng (khai trừ, xóa tên, xin ra khỏi Đảng)",
}

LEAVING_REASONS = {"khai_tru": "Khai trừ", "xoa_ten": "Xóa tên", "xin_ra": "Xin ra khỏi Đảng"}


def apply_change(member: Member, kind: ChangeKind, on: date, note: str = "", new_commune_id: str | None = None,
                 new_address: str = "", new_workplace_id: str | None = None, leaving_reason: str = "") -> Member:
    """The member's record after the change the workplace officer reports; the earlier
    values stay in the record's history. A move keeps the member's cell (see move_house)."""
    note = note.strip()
    label = CHANGE_LABELS[kind] + (f": {note}" if note else "")
    if kind == ChangeKind.MOVED_HOUSE:
        return move_house(member, on, new_commune_id, new_address, label)
    if kind == ChangeKind.CHANGED_WORKPLACE:
        if not new_workplace_id or new_workplace_id == member.workplace_id:
            raise IntroductionError("Vui lòng chọn nơi công tác mới.")
        return member.with_change(on, label, workplace_id=new_workplace_id)
    if kind in (ChangeKind.AWAY, ChangeKind.TRAINING):
        # Only a recorded exemption exempts (mục 1.1 Hướng dẫn 33: full-time study 12 months
        # of the year, or regular work far away without regularly going home): the notice
        # is kept in the history, the member keeps attending until an exemption is recorded.
        if not note:
            raise IntroductionError("Vui lòng ghi rõ đi đâu, từ khi nào đến khi nào.")
        return member.with_change(on, label)
    if kind == ChangeKind.BACK:
        return member.with_change(on, label, exemption=Exemption.NONE, exemption_ground="", exemption_from=None)
    if kind == ChangeKind.LEFT_PARTY:
        if leaving_reason not in LEAVING_REASONS:
            raise IntroductionError("Vui lòng chọn hình thức ra khỏi Đảng.")
        return member.with_change(on, f"{LEAVING_REASONS[leaving_reason]}" + (f": {note}" if note else ""),
                                  status=MemberStatus.LEFT, residence_cell_id=None)
    raise IntroductionError("Loại thay đổi không hợp lệ.")


def move_house(member: Member, on: date, commune_id: str | None, new_address: str, label: str) -> Member:
    """A move reported by the workplace: the new address, but the same cell. Receiving the
    member and referring them to a cell is the job of the commune/ward committee of the new
    residence (khoản 1 Điều 4 Quy định số 213-QĐ/TW), even within the same commune: the move
    goes out as a new introduction letter to `commune_id` (move_needs_letter), and the member
    stays on the old cell's list until that committee receives them."""
    if not commune_id:
        raise IntroductionError("Vui lòng chọn đảng ủy xã, phường nơi cư trú mới.", field="new_commune")
    address = new_address.strip()
    if not address:
        raise IntroductionError("Vui lòng nhập địa chỉ nơi cư trú mới.", field="new_address")
    return member.with_change(on, label, address=address)


def move_needs_letter(member: Member) -> bool:
    """A member exempt from being introduced (mục 1.2 Hướng dẫn số 33-HD/BTCTW) moves
    without a letter: only the new address is kept."""
    return member.exemption != Exemption.FROM_INTRODUCTION


def is_moving_out(member: Member, latest: Introduction | None) -> bool:
    """Whether a member still on a cell's list has a newer letter waiting to be received
    somewhere else: the cell keeps them until the commune refers them to their new cell."""
    return (member.residence_cell_id is not None and latest is not None
            and latest.state == IntroductionState.ISSUED and latest.proposed_cell_id != member.residence_cell_id)


def introduction_code(year: int, number: int) -> str:
    """The reference code printed on the form, numbered per year (GT-2026-00012)."""
    return f"GT-{year}-{number:05d}"
