"""Small builders for attendance register, rating and comment tests (plain domain objects)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from forms_service.domain.attendance_register import Attendance, record_attendance
from forms_service.domain.meetings import Meeting
from forms_service.domain.members import Member

AT = datetime(2026, 12, 13, 9, 0)


@dataclass(frozen=True)
class FakeLetter:
    """Has exactly the attributes the register reads of an absence letter."""
    code: str
    member_id: str
    meeting_ids: tuple
    agreed: bool = True
    reason: str = "đi công tác Hà Nội theo quyết định cử"

    @property
    def is_agreed(self) -> bool:
        return self.agreed

    @property
    def reason_summary(self) -> str:
        return self.reason


def member(member_id="dv-001", **changes) -> Member:
    base = Member(id=member_id, full_name="Nguyễn Văn An", sex="Nam", birth_date=date(1978, 4, 12),
                  admission_date=date(2004, 5, 19), workplace_id="dang-uy-so-giao-duc",
                  workplace_cell="Chi bộ Phòng Tổ chức", residence_cell_id="chi-bo-khom-1")
    from dataclasses import replace
    return replace(base, **changes)


def meeting(on: date, number=1) -> Meeting:
    return Meeting(id=f"chi-bo-khom-1~{on:%Y%m%d}-{number}", cell_id="chi-bo-khom-1", date=on, topic="Sinh hoạt")


def attended(meeting_: Meeting, member_id: str, status: Attendance, letter=None, note="") -> Meeting:
    return record_attendance(meeting_, member_id, status, by="bithu", at=AT, letter=letter, note=note)
