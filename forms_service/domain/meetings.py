"""Residence-cell meetings for working members (Quy định 213, Điều 4: at least every six months)."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from enum import StrEnum


class MeetingKind(StrEnum):
    REGULAR = "dinh_ky"   # the twice-yearly meeting
    EXTRA = "bat_thuong"  # called when needed


MEETING_KIND_LABELS = {MeetingKind.REGULAR: "Định kỳ 6 tháng", MeetingKind.EXTRA: "Khi cần thiết"}
MIN_MEETINGS_PER_YEAR = 2


@dataclass(frozen=True)
class Meeting:
    id: str
    cell_id: str
    date: date
    time: str = ""                 # "19:30"
    place: str = ""
    topic: str = ""
    kind: MeetingKind = MeetingKind.REGULAR
    commune_attendees: str = ""    # who from the commune/ward committee came to follow it
    extra: dict = field(default_factory=dict)  # fields added by the attendance register (attendance…)

    @property
    def label(self) -> str:
        when = self.date.strftime("%d/%m/%Y")
        return f"Sinh hoạt ngày {when}" + (f" lúc {self.time}" if self.time else "") + (f" – {self.topic}" if self.topic else "")

    def to_record(self) -> dict:
        record = asdict(self)
        record["date"] = self.date.isoformat()
        record["kind"] = str(self.kind)
        return record

    @classmethod
    def from_record(cls, record: dict) -> "Meeting":
        data = {k: v for k, v in record.items() if k != "v"}
        data["date"] = date.fromisoformat(data["date"])
        data["kind"] = MeetingKind(data.get("kind", MeetingKind.REGULAR))
        return cls(**data)


def meeting_id(cell_id: str, on: date, sequence: int) -> str:
    """Ids carry their cell, so a meeting is found without an index: chi-bo-khom-1~20261205-1."""
    return f"{cell_id}~{on:%Y%m%d}-{sequence}"


def cell_of_meeting(meeting_id_: str) -> str:
    return meeting_id_.split("~", 1)[0]
