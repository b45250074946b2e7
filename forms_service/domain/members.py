"""Working party members ("đảng viên 213") and their exemptions under Hướng dẫn 33-HD/BTCTW."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from datetime import date
from enum import StrEnum


class Exemption(StrEnum):
    NONE = ""
    FROM_RESIDENCE_ACTIVITY = "mien_sinh_hoat"   # HD 33 §1.1: introduced, exempt from meetings
    FROM_INTRODUCTION = "mien_gioi_thieu"        # HD 33 §1.2: not introduced at all


EXEMPTION_LABELS = {
    Exemption.NONE: "Không",
    Exemption.FROM_RESIDENCE_ACTIVITY: "Được giới thiệu nhưng miễn sinh hoạt nơi cư trú (mục 1.1 Hướng dẫn số 33-HD/BTCTW)",
    Exemption.FROM_INTRODUCTION: "Được miễn giới thiệu về tổ chức đảng nơi cư trú (mục 1.2 Hướng dẫn số 33-HD/BTCTW)",
}


class MemberStatus(StrEnum):
    ACTIVE = "dang_sinh_hoat"
    LEFT = "da_ra_khoi_dang"


@dataclass(frozen=True)
class Member:
    id: str
    full_name: str
    sex: str                      # "Nam" / "Nữ", as printed on Mẫu 1-213
    birth_date: date
    admission_date: date          # ngày vào Đảng
    workplace_id: str             # unit id of the workplace grassroots organisation
    workplace_cell: str           # the cell within it, e.g. "Chi bộ Phòng Tổ chức"
    position: str = ""            # chức vụ, đơn vị công tác
    residence_cell_id: str | None = None
    address: str = ""
    phone: str = ""
    email: str = ""
    exemption: Exemption = Exemption.NONE
    exemption_ground: str = ""    # which group of HD 33 and why
    # the date from which the workplace committee's decision applies: meetings before it
    # still count (None: an exemption recorded before the date was kept, i.e. the whole time)
    exemption_from: date | None = None
    status: MemberStatus = MemberStatus.ACTIVE
    history: tuple = field(default=())  # earlier states: dicts {at, change, before}
    # left the party, died or moved province (a reason of data/accounts/leaving-reasons.json):
    # meetings before that day still count, later ones do not
    left_on: date | None = None
    left_reason: str = ""

    @property
    def initials(self) -> str:
        """What a public page may show of a person: "N.V.A"."""
        return initials_of(self.full_name)

    @property
    def attends_residence_meetings(self) -> bool:
        """Has no exemption at all; a member exempt from a date is still concerned by the
        meetings before it (concerned_by)."""
        return self.exemption == Exemption.NONE and self.status == MemberStatus.ACTIVE

    def concerned_by(self, day: date) -> bool:
        """Whether a meeting on `day` is one the member should attend (and be recorded at):
        active (or left only after that day), and not yet exempt on that day."""
        still_there = self.status == MemberStatus.ACTIVE or (self.left_on is not None and day < self.left_on)
        return still_there and not self.exempt_on(day)

    def leaving(self, on: date, reason: str) -> "Member":
        """The member as recorded when they leave the party, die or move province: kept,
        with the day and the reason, and out of every list that asks for work."""
        return self.with_change(on, "roi_danh_sach", status=MemberStatus.LEFT, left_on=on, left_reason=reason)

    def exempt_on(self, day: date) -> bool:
        """Whether the member is exempt from residence activity on `day` (HD 33 §1.1, §1.2)."""
        return self.exemption != Exemption.NONE and (self.exemption_from is None or day >= self.exemption_from)

    def with_change(self, at: date, change: str, **updates) -> "Member":
        before = {key: _plain(getattr(self, key)) for key in updates}
        entry = {"at": at.isoformat(), "change": change, "before": before}
        return replace(self, **updates, history=self.history + (entry,))

    def to_record(self) -> dict:
        return {key: _plain(value) for key, value in asdict(self).items()}

    @classmethod
    def from_record(cls, record: dict) -> "Member":
        data = dict(record)
        data.pop("v", None)
        data["birth_date"] = date.fromisoformat(data["birth_date"])
        data["admission_date"] = date.fromisoformat(data["admission_date"])
        data["exemption"] = Exemption(data.get("exemption", ""))
        data["exemption_from"] = date.fromisoformat(data["exemption_from"]) if data.get("exemption_from") else None
        data["status"] = MemberStatus(data.get("status", MemberStatus.ACTIVE))
        data["history"] = tuple(data.get("history", ()))
        data["left_on"] = date.fromisoformat(data["left_on"]) if data.get("left_on") else None
        return cls(**data)


def initials_of(name: str) -> str:
    """What a public page may show of a person: "Nguyễn Văn An" -> "N.V.A"."""
    return ".".join(word[0].upper() for word in name.split() if word)


def _plain(value):
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, StrEnum):
        return str(value)
    if isinstance(value, tuple):
        return list(value)
    return value
