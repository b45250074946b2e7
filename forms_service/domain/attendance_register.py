"""The residence cell's register of meetings for working members and who attended
(Quy định 213, khoản 3 Điều 4: a meeting at least every six months).

Attendance lives in each Meeting's `extra["attendance"]`, member id -> entry record.
An entry is never overwritten silently: a correction keeps the earlier entry in its
history, so the cell can show what was recorded first and who changed it.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, replace
from datetime import date, datetime
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Protocol

from .access import Relation, define
from .meetings import MIN_MEETINGS_PER_YEAR, Meeting
from .members import Member, MemberStatus

SCHEDULE = define("attendance_register.schedule", CELL_SECRETARY=Relation.CELL)
RECORD_ATTENDANCE = define("attendance_register.attendance", CELL_SECRETARY=Relation.CELL)
VIEW_ATTENDANCE_REGISTER = define("attendance_register.view", CELL_SECRETARY=Relation.CELL,
                                  COMMUNE_OFFICER=Relation.COMMUNE, ADMIN=Relation.ANY)


class Attendance(StrEnum):
    PRESENT = "co_mat"
    EXCUSED = "vang_co_don"             # an agreed absence letter names this meeting
    UNEXCUSED = "vang_khong_ly_do"      # absent without a justified reason
    FORCE_MAJEURE = "bat_kha_khang"     # absent by force majeure, with a note
    PAPER_LETTER = "vang_co_don_giay"   # a letter handed in on paper, received before the meeting
    REPORTED = "da_bao_chi_uy"          # told the cell committee, where the province asks no letter


# Absences the cell accepted: the comment, the printed register and the rating cap read a
# paper letter (or, without a letter practice, a report to the cell) as a letter agreed in
# the service.
EXCUSED_WAYS = frozenset({Attendance.EXCUSED, Attendance.PAPER_LETTER, Attendance.REPORTED})
# What a register kept by hand can show: a letter is a letter there, however it arrived.
PRINTED_AS = {Attendance.PAPER_LETTER: Attendance.EXCUSED}


PRINTED_REGISTER_FILE = Path(__file__).resolve().parents[2] / "data" / "forms" / "so-theo-doi.json"


@lru_cache(maxsize=1)
def printed_register_wording() -> dict:
    """The printed register's wording and the attendance labels (data, not code: see its _source)."""
    return json.loads(PRINTED_REGISTER_FILE.read_text(encoding="utf-8"))


# One set of words for the attendance page and the printed register.
ATTENDANCE_LABELS = {status: printed_register_wording()["attendance"][str(status)] for status in Attendance}


class LetterLike(Protocol):
    """What the register needs of an absence letter (forms_service.domain.letters.Letter)."""
    code: str
    member_id: str
    meeting_ids: tuple[str, ...]

    @property
    def is_agreed(self) -> bool: ...

    @property
    def reason_summary(self) -> str: ...


@dataclass(frozen=True)
class PaperLetter:
    """How the cell learnt of an absence outside the service: a letter on paper, or (where
    the province asks no letter) a word to the cell committee."""
    received_on: date           # the day the letter (or the report) reached the cell
    confirmed_by: str = ""      # who confirmed it at the workplace, where the province asks that
    note: str = ""
    scan: str = ""              # the kept scan or photo of the letter, "DG-2026-00001.jpg"


SCAN_PREFIX = "DG"              # the code of a kept scan of a paper letter ("đơn giấy")
SCAN_MAX_BYTES = 1_500_000      # under the service's 2 MB limit of a whole request, with the form's fields
# what a scan may be, told by its first bytes (a name or a browser's type can say anything)
SCAN_SIGNATURES = ((b"\xff\xd8\xff", "jpg"), (b"\x89PNG\r\n\x1a\n", "png"), (b"%PDF-", "pdf"))
SCAN_TYPES = {"jpg": "image/jpeg", "png": "image/png", "pdf": "application/pdf"}


def scan_format(content: bytes) -> str:
    """"jpg", "png" or "pdf" for a scan the register keeps, or AttendanceRegisterError saying why not."""
    if len(content) > SCAN_MAX_BYTES:
        size = f"{len(content) / 1_000_000:.1f}".replace(".", ",")  # Vietnamese decimal comma
        raise AttendanceRegisterError(f"Tệp bản chụp lớn quá ({size} MB); tối đa 1,5 MB. "
                            "Vui lòng chụp lại với độ phân giải thấp hơn, hoặc bỏ trống ô này.")
    for signature, format_ in SCAN_SIGNATURES:
        if content.startswith(signature):
            return format_
    raise AttendanceRegisterError("Bản chụp phải là ảnh JPEG, ảnh PNG hoặc tệp PDF.")


@dataclass(frozen=True)
class AttendanceEntry:
    member_id: str
    status: Attendance
    letter_code: str = ""     # the agreed absence letter, for EXCUSED
    note: str = ""            # what happened, required for FORCE_MAJEURE
    recorded_by: str = ""
    recorded_at: str = ""     # ISO timestamp
    history: tuple = field(default=())  # earlier entries, oldest first (dicts)
    received_on: str = ""     # ISO date, for PAPER_LETTER and REPORTED (entries before them have none)
    confirmed_by: str = ""    # for PAPER_LETTER where the workplace confirms first
    scan: str = ""            # for PAPER_LETTER: the kept scan, "DG-2026-00001.jpg"

    def to_record(self) -> dict:
        return {"member_id": self.member_id, "status": str(self.status), "letter_code": self.letter_code,
                "note": self.note, "recorded_by": self.recorded_by, "recorded_at": self.recorded_at,
                "history": list(self.history), "received_on": self.received_on, "confirmed_by": self.confirmed_by,
                "scan": self.scan}

    @classmethod
    def from_record(cls, record: dict) -> "AttendanceEntry":
        return cls(member_id=record["member_id"], status=Attendance(record["status"]),
                   letter_code=record.get("letter_code", ""), note=record.get("note", ""),
                   recorded_by=record.get("recorded_by", ""), recorded_at=record.get("recorded_at", ""),
                   history=tuple(record.get("history", ())), received_on=record.get("received_on", ""),
                   confirmed_by=record.get("confirmed_by", ""), scan=record.get("scan", ""))

    @property
    def label(self) -> str:
        return ATTENDANCE_LABELS[self.status]

    @property
    def printed_label(self) -> str:
        return ATTENDANCE_LABELS[PRINTED_AS.get(self.status, self.status)]

    @property
    def received_date(self) -> date | None:
        return date.fromisoformat(self.received_on) if self.received_on else None

    @property
    def scan_file(self) -> tuple[str, str] | None:
        """(code, format) of the kept scan, if there is one."""
        code, _, format_ = self.scan.partition(".")
        return (code, format_) if self.scan else None


class AttendanceRegisterError(ValueError):
    """A register entry that cannot be accepted; the message is Vietnamese, for the page."""


def excusing_letter(letters: Iterable[LetterLike], meeting_id: str, member_id: str) -> LetterLike | None:
    """The agreed absence letter of this member that names this meeting, if any."""
    for letter in letters:
        if letter.member_id == member_id and meeting_id in letter.meeting_ids and letter.is_agreed:
            return letter
    return None


def attendance_of(meeting: Meeting) -> dict[str, AttendanceEntry]:
    return {member_id: AttendanceEntry.from_record(record)
            for member_id, record in meeting.extra.get("attendance", {}).items()}


def paper_letter_problems(meeting: Meeting, member_id: str, received_on: date | None,
                          status: Attendance = Attendance.PAPER_LETTER) -> dict[str, str]:
    """What is wrong with a paper letter (or a report to the cell) for this meeting:
    field name -> Vietnamese message. A letter that reached the cell after the meeting did
    not ask leave for it; a member recorded present did not miss it."""
    problems: dict[str, str] = {}
    what = "đơn" if status == Attendance.PAPER_LETTER else "báo vắng"
    if received_on is None:
        problems["received_on"] = f"Vui lòng nhập ngày chi ủy nhận {what} (ngày/tháng/năm)."
    elif received_on > meeting.date:
        problems["received_on"] = (f"Ngày nhận {what} ({received_on:%d/%m/%Y}) sau ngày sinh hoạt "
                                   f"({meeting.date:%d/%m/%Y}): {what} phải đến chi ủy trước hoặc trong ngày sinh hoạt. "
                                   "Vui lòng kiểm tra lại ngày; nếu đúng là nhận sau, hãy ghi vắng ở trang điểm danh.")
    entry = attendance_of(meeting).get(member_id)
    if entry is not None and entry.status == Attendance.PRESENT:
        problems["received_on"] = ("Đồng chí đã được ghi “có mặt” ở buổi sinh hoạt này, nên không ghi vắng có đơn được. "
                                   "Nếu ghi nhầm, hãy sửa điểm danh của buổi này trước.")
    return problems


def record_attendance(meeting: Meeting, member_id: str, status: Attendance, *, by: str, at: datetime,
                      letter: LetterLike | None = None, note: str = "", paper: PaperLetter | None = None) -> Meeting:
    """Return the meeting with this member's attendance set.

    EXCUSED needs the agreed letter naming the meeting; PAPER_LETTER and REPORTED need the
    paper (received on or before the meeting day); FORCE_MAJEURE needs a note.
    An unchanged entry is left as it was; a changed one keeps the earlier in history."""
    note = note.strip()
    if status == Attendance.EXCUSED:
        if letter is None or not letter.is_agreed or meeting.id not in letter.meeting_ids:
            raise AttendanceRegisterError(
                "Chỉ ghi “vắng có đơn” khi đồng chí có đơn xin vắng buổi này đã được chi ủy đồng ý.")
    if status in (Attendance.PAPER_LETTER, Attendance.REPORTED):
        if paper is None:
            raise AttendanceRegisterError("Vui lòng ghi ngày chi ủy nhận đơn hoặc nhận báo vắng.")
        problems = paper_letter_problems(meeting, member_id, paper.received_on, status)
        if problems:
            raise AttendanceRegisterError(next(iter(problems.values())))
        note = paper.note.strip()
    if status == Attendance.FORCE_MAJEURE and not note:
        raise AttendanceRegisterError("Vui lòng ghi rõ lý do bất khả kháng.")
    letter_code = letter.code if status == Attendance.EXCUSED and letter else ""
    received_on = paper.received_on.isoformat() if paper and status in EXCUSED_WAYS - {Attendance.EXCUSED} else ""
    confirmed_by = paper.confirmed_by.strip() if received_on and status == Attendance.PAPER_LETTER else ""
    scan = paper.scan if received_on and status == Attendance.PAPER_LETTER else ""
    entries = dict(meeting.extra.get("attendance", {}))
    before = entries.get(member_id)
    if before and before["status"] == str(status) and before.get("letter_code", "") == letter_code \
            and before.get("note", "") == note and before.get("received_on", "") == received_on \
            and before.get("confirmed_by", "") == confirmed_by and before.get("scan", "") == scan:
        return meeting
    history = []
    if before:
        history = list(before.get("history", ())) + [{k: v for k, v in before.items() if k != "history"}]
    entry = AttendanceEntry(member_id, status, letter_code, note, by, at.isoformat(timespec="seconds"), tuple(history),
                            received_on, confirmed_by, scan)
    entries[member_id] = entry.to_record()
    return replace(meeting, extra={**meeting.extra, "attendance": entries})


def meetings_counted(meetings: Iterable[Meeting], year: int, since: date | None = None) -> list[Meeting]:
    """The meetings of `year` that concern a member who joined the cell on `since`
    (None: before the year began)."""
    return sorted((m for m in meetings if m.date.year == year and (since is None or m.date >= since)),
                  key=lambda m: (m.date, m.time))


def meetings_shortfall(meetings: Iterable[Meeting], year: int) -> int:
    """How many more meetings the cell must hold this year to reach the minimum of two."""
    held = sum(1 for m in meetings if m.date.year == year)
    return max(0, MIN_MEETINGS_PER_YEAR - held)


def joined_cell_on(member: Member) -> date | None:
    """When the member joined their current residence cell, from the record's history:
    the latest change that set residence_cell_id. None: joined before any recorded change."""
    for entry in reversed(member.history):
        before = entry.get("before", {})
        if "residence_cell_id" in before and before["residence_cell_id"] != member.residence_cell_id:
            return date.fromisoformat(entry["at"])
    return None


@dataclass(frozen=True)
class Absence:
    """One meeting the member missed, as the comment's "nhận xét khác" tells it."""
    meeting: Meeting
    status: Attendance
    reason: str
    letter_code: str = ""


def absences_of(member_id: str, meetings: Iterable[Meeting], letters: Iterable[LetterLike] = ()) -> list[Absence]:
    """Every meeting, in date order, at which the member was recorded absent."""
    letters = list(letters)
    found = []
    for meeting in sorted(meetings, key=lambda m: (m.date, m.time)):
        entry = attendance_of(meeting).get(member_id)
        if entry is None or entry.status == Attendance.PRESENT:
            continue
        if entry.status == Attendance.EXCUSED:
            letter = next((x for x in letters if x.code == entry.letter_code), None)
            reason = "có đơn xin vắng được chi ủy đồng ý" + (f" ({letter.reason_summary})" if letter else "")
        elif entry.status == Attendance.PAPER_LETTER:
            reason = "có đơn xin vắng được chi ủy đồng ý" + (f" ({entry.note})" if entry.note else "")
        elif entry.status == Attendance.REPORTED:
            reason = "đã báo chi ủy" + (f" ({entry.note})" if entry.note else "")
        elif entry.status == Attendance.FORCE_MAJEURE:
            reason = f"bất khả kháng: {entry.note}"
        else:
            reason = "không có lý do chính đáng"
        found.append(Absence(meeting, entry.status, reason, entry.letter_code))
    return found


@dataclass(frozen=True)
class CellYearNumbers:
    """What oversight shows of one cell and year; kept as a small summary record."""
    cell_id: str
    year: int
    working_members: int = 0
    meetings_scheduled: int = 0
    meetings_held: int = 0          # meetings whose attendance has been recorded
    expected_attendances: int = 0
    present: int = 0
    unexcused: int = 0
    comments_requested: int = 0
    comments_returned: int = 0

    @property
    def attendance_rate(self) -> float | None:
        return self.present / self.expected_attendances if self.expected_attendances else None

    def to_record(self) -> dict:
        return asdict(self)

    @classmethod
    def from_record(cls, record: dict) -> "CellYearNumbers":
        return cls(**{k: v for k, v in record.items() if k in cls.__dataclass_fields__})


def cell_year_numbers(cell_id: str, year: int, members: list[Member], meetings: list[Meeting],
                      comments_requested: int = 0, comments_returned: int = 0) -> CellYearNumbers:
    """Count a cell's year. A meeting counts as held once its attendance is recorded (so
    the numbers do not depend on the day they are computed); only members who attend
    count, and each only for the meetings after they joined the cell."""
    of_year = [m for m in meetings if m.date.year == year]
    held = [m for m in of_year if m.extra.get("attendance")]
    attending = [m for m in members if m.status == MemberStatus.ACTIVE]
    expected = present = unexcused = 0
    for member in attending:
        since = joined_cell_on(member)
        for meeting in meetings_counted(held, year, since):
            if not member.concerned_by(meeting.date):
                continue  # exempt on that day: a dated exemption keeps the meetings before it
            expected += 1
            entry = attendance_of(meeting).get(member.id)
            if entry and entry.status == Attendance.PRESENT:
                present += 1
            elif entry and entry.status == Attendance.UNEXCUSED:
                unexcused += 1
    working = sum(1 for m in members if m.status == MemberStatus.ACTIVE)
    return CellYearNumbers(cell_id, year, working, len(of_year), len(held), expected, present, unexcused,
                           comments_requested, comments_returned)


@dataclass(frozen=True)
class SheetRow:
    """One working member's line in the printed register."""
    member: Member
    workplace: str
    introduced_on: date | None     # the date of the introduction letter (Mẫu 1-213), if the service has it
    comment_state: str             # where the year's comment (Mẫu 3-213) stands, in words
    attendance: tuple[str, ...]    # per meeting of the year: a label, "–" if not concerned, "" if not recorded


def sheet_rows(members: Iterable[Member], meetings: list[Meeting], workplaces: dict[str, str],
               introduced: dict[str, date], comment_states: dict[str, str]) -> list[SheetRow]:
    """The register's lines, in the order given: what each member's attendance was at each
    meeting. A member exempt on the day, or who joined the cell after it, was not concerned."""
    not_concerned = printed_register_wording()["meetings_part"]["not_concerned"]
    rows = []
    for member in members:
        joined = joined_cell_on(member)
        cells = []
        for meeting in meetings:
            entry = attendance_of(meeting).get(member.id)
            if entry is not None:
                cells.append(entry.printed_label)
            elif member.exempt_on(meeting.date) or (joined is not None and meeting.date < joined):
                cells.append(not_concerned)
            else:
                cells.append("")
        rows.append(SheetRow(member, workplaces.get(member.workplace_id, ""), introduced.get(member.id),
                             comment_states.get(member.id, ""), tuple(cells)))
    return rows
