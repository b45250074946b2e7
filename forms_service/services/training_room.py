"""The training room: make it, put it back to its starting state, remove it, and read how
far each seat got. Each of these is one unit of work on the store, and touches only the
room's own units (domain/training_room.py) and what belongs to them.

Seats are seeded through the same use cases a person goes through (meetings, letters,
attendance, comment requests), dated from today (domain.training_room.case_calendar)."""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date

from werkzeug.security import check_password_hash, generate_password_hash

from ..documents.seat_cards import seat_cards_pdf
from ..domain import clock
from ..domain.access import Role
from ..domain.accounts import MIN_PASSWORD_LENGTH, Account
from ..domain.comments import CommentState, new_request
from ..domain.letters import Action, LetterState
from ..domain.meetings import Meeting
from ..domain.members import Exemption, Member
from ..domain.org import Unit, UnitKind
from ..domain.attendance_register import Attendance, attendance_of, record_attendance as attend
from ..domain.training_room import (STAMP_PREFIX, CaseCalendar, Seat, case_calendar, room_data,
                                    seat_of, seats_problem)
from ..storage import Repositories
from . import attendance_register, letters

SEEDER = "phong-tap"
DECIDED = (LetterState.AGREED, LetterState.NOT_AGREED)


class TrainingRoomError(Exception):
    """The room cannot be made, reset or removed as asked; the message says why, in Vietnamese."""


@dataclass(frozen=True)
class Room:
    seats: list[Seat]
    commune: Unit | None


@dataclass(frozen=True)
class SeatProgress:
    seat: Seat
    letters_sent: int
    letters_decided: int
    attendance_recorded: int
    comments_sent: int
    introductions_issued: int

    @property
    def started(self) -> bool:
        return any((self.letters_sent, self.attendance_recorded, self.comments_sent, self.introductions_issued))


def room(repos: Repositories) -> Room:
    """The room as the store holds it (no seats when there is none)."""
    org = repos.units.structure()
    commune = org.get(room_data()["commune"]["id"])
    cells = org.children(commune.id, UnitKind.RESIDENCE_CELL) if commune else []
    seats = sorted({seat_of(cell.id) for cell in cells} - {None}, key=lambda s: s.number)
    return Room(seats=seats, commune=commune)


def _room_unit_ids(repos: Repositories) -> set[str]:
    current = room(repos)
    if current.commune is None:
        return set()
    return {current.commune.id} | {unit_id for seat in current.seats for unit_id in seat.unit_ids}


def make(repos: Repositories, by: str, seats: int, password: str | None = None) -> str:
    """A room of `seats` seats; returns the class password (the one given, or a new one to
    print on the cards: only its hash is kept). A room already made is never replaced here:
    the trainees' work goes only by a reset or a removal, each confirmed."""
    existing = room(repos).seats
    if existing:
        raise TrainingRoomError(f"Đã có phòng tập {len(existing)} chỗ ngồi. Muốn đổi số chỗ thì xóa phòng tập "
                                "cũ trước (mọi việc người học đã làm sẽ mất), rồi tạo phòng mới.")
    problem = seats_problem(seats)
    if password is not None and len(password) < MIN_PASSWORD_LENGTH:
        problem = f"Mật khẩu của lớp phải có ít nhất {MIN_PASSWORD_LENGTH} ký tự."
    if problem:
        raise TrainingRoomError(problem)
    password = password or new_password()
    _replace(repos, by, seats, generate_password_hash(password), "phong_tap.tao")
    return password


def reset(repos: Repositories, by: str) -> int:
    """Every seat back to its starting state, with the same seats and class password; every
    trainee signed in is signed out (a new generation in the accounts' stamps). Returns the
    number of seats."""
    with repos.transaction():
        current = room(repos)
        first = repos.accounts.get(current.seats[0].username("bithu")) if current.seats else None
        if first is None:
            raise TrainingRoomError("Chưa có phòng tập nào để làm lại. Hãy tạo phòng tập trước.")
        _replace(repos, by, len(current.seats), first.password_hash, "phong_tap.lam_lai")
    return len(current.seats)


def remove(repos: Repositories, by: str) -> dict[str, int]:
    """The room and everything in it gone (the audit trail keeps what happened)."""
    with repos.transaction():
        unit_ids = _room_unit_ids(repos)
        if not unit_ids:
            raise TrainingRoomError("Chưa có phòng tập nào để xóa.")
        removed = repos.remove_units(unit_ids)
        repos.audit.record(by, "phong_tap.xoa", room_data()["commune"]["id"], **removed)
    return removed


def seat_cards(repos: Repositories, address: str, password: str = "") -> bytes:
    """The seat cards PDF. The class password is kept only as a hash, so it is printed only
    when it is given again (and checked); without it each card has a line to write it on."""
    seats = room(repos).seats
    if not seats:
        raise TrainingRoomError("Chưa có phòng tập nào để in thẻ.")
    if password:
        account = repos.accounts.get(seats[0].username("bithu"))
        if account is None or not check_password_hash(account.password_hash, password):
            raise TrainingRoomError("Mật khẩu của lớp không đúng. Hãy gõ đúng mật khẩu đã đặt khi tạo phòng tập, "
                                    "hoặc để trống để in thẻ có chỗ viết tay.")
    return seat_cards_pdf(seats, address, password)


def new_password() -> str:
    """Easy to read aloud and type on a phone: a word and six digits."""
    return f"taphuan{secrets.randbelow(10 ** 6):06d}"


def _replace(repos: Repositories, by: str, seats: int, password_hash: str, action: str) -> None:
    today = clock.today()
    calendar = case_calendar(today)
    stamp = STAMP_PREFIX + secrets.token_urlsafe(9)
    with repos.transaction():
        old = _room_unit_ids(repos)
        if old:
            repos.remove_units(old)
        org = repos.units.structure()
        provinces = org.of_kind(UnitKind.PROVINCE)
        if not provinces:
            raise TrainingRoomError("Kho dữ liệu chưa có tỉnh nào; hãy nạp tỉnh (hoặc tỉnh mẫu) trước khi tạo phòng tập.")
        _units(repos, provinces[0].id, seats)
        for number in range(1, seats + 1):
            _seat(repos, Seat(number), calendar, password_hash, stamp)
        repos.audit.record(by, action, room_data()["commune"]["id"], cho_ngoi=seats)


def _units(repos: Repositories, province_id: str, seats: int) -> None:
    data = room_data()
    commune = data["commune"]
    units = [Unit(commune["id"], UnitKind.COMMUNE, commune["name"], province_id, commune["place"],
                  former_province=commune.get("former_province", ""))]
    for number in range(1, seats + 1):
        seat = Seat(number)
        label = f"{number:02d}"
        units += [Unit(seat.cell_id, UnitKind.RESIDENCE_CELL, data["cell"]["name"].format(seat=label),
                       commune["id"], commune["place"]),
                  Unit(seat.workplace_id, UnitKind.WORKPLACE, data["workplace"]["name"].format(seat=label),
                       province_id, commune["place"])]
    repos.units.save_all(units)


def _seat(repos: Repositories, seat: Seat, calendar: CaseCalendar, password_hash: str, stamp: str) -> None:
    data = room_data()
    label = f"{seat.number:02d}"
    members = {}
    for record in data["members"]:
        exempt = record.get("exemption", "")
        member = Member(id=seat.member_id(record["key"]), full_name=record["full_name"], sex=record["sex"],
                        birth_date=date.fromisoformat(record["birth_date"]),
                        admission_date=date.fromisoformat(record["admission_date"]),
                        workplace_id=seat.workplace_id, workplace_cell=record["workplace_cell"],
                        position=record["position"], residence_cell_id=seat.cell_id,
                        address=record["address"].format(seat=label), phone=f"0900 000 {seat.number:03d}",
                        exemption=Exemption(exempt), exemption_ground=record.get("exemption_ground", ""),
                        exemption_from=calendar.exempt_from if exempt else None)
        repos.members.save(member)
        members[record["key"]] = member
    for record in data["accounts"]:
        unit = {"cell": seat.cell_id, "workplace": seat.workplace_id}.get(record.get("unit", ""))
        member = members.get(record.get("member", ""))
        repos.accounts.save(Account(username=seat.username(record["suffix"]),
                                    display_name=record["display_name"].format(seat=label), role=Role(record["role"]),
                                    password_hash=password_hash, unit_id=unit,
                                    member_id=member.id if member else None, session_stamp=stamp))
    meetings = {}
    place = data["cell"]["meeting_place"].format(seat=label)
    for key, day, topic in (("first", calendar.first_held, "Phổ biến nghị quyết mới, tình hình địa phương"),
                            ("recent", calendar.recent, "Bàn việc giữ gìn vệ sinh khu phố"),
                            ("ahead", calendar.ahead, "Lấy ý kiến về kế hoạch thời gian tới")):
        meetings[key], _ = attendance_register.schedule_meeting(repos, SEEDER, Meeting(
            id="", cell_id=seat.cell_id, date=day, time="19:00", place=place, topic=topic),
            token=f"{stamp}-{seat.cell_id}-{key}")
    officer, secretary = seat.username("capuy"), seat.username("bithu")
    # the first of the two absences of the year: with a letter the cell agreed to
    absent = members["d"]
    letter, _ = letters.submit(repos, SEEDER, absent, [meetings["first"].id], [], "cong_tac",
                               "đi công tác theo quyết định của cơ quan", token=f"{stamp}-{seat.name}-thu-d")
    if letter.awaits_workplace:
        letter = letters.take_step(repos, officer, letter.code, Action.CONFIRM)
    letter = letters.take_step(repos, secretary, letter.code, Action.AGREE)
    at = clock.now()

    def first_meeting(current):
        for member in members.values():
            if member.attends_residence_meetings:
                status = Attendance.EXCUSED if member.id == absent.id else Attendance.PRESENT
                current = attend(current, member.id, status, by=SEEDER, at=at,
                                 letter=letter if member.id == absent.id else None)
        return current
    attendance_register.record_attendance(repos, SEEDER, meetings["first"].id, first_meeting)
    # the workplace asks the cell for its yearly comment on the member absent twice, and
    # "khi cần" on the exempt member (considered for an appointment)
    year = calendar.recent.year
    repos.comments.add_many([
        new_request(repos.comments.next_code(year), year, absent, officer, clock.today()),
        new_request(repos.comments.next_code(year), year, members["c"], officer, clock.today(),
                    because="Xem xét bổ nhiệm chức vụ mới")])


def progress(repos: Repositories) -> list[SeatProgress]:
    """How far each seat got, read from the store: what its people did, not the seeding."""
    data = room_data()
    found = []
    year = case_calendar(clock.today()).recent.year
    for seat in room(repos).seats:
        seat_letters = [x for record in data["members"] for x in repos.letters.for_member(seat.member_id(record["key"]))
                        if x.history and x.history[0].get("by") != SEEDER]
        recorded = sum(1 for meeting in repos.meetings.for_cell(seat.cell_id)
                       for entry in attendance_of(meeting).values() if entry.recorded_by not in ("", SEEDER))
        comments = [c for c in repos.comments.for_cell(seat.cell_id, year) if c.state != CommentState.REQUESTED]
        introductions = [intro for record in data["members"]
                         if (intro := repos.introductions.latest_for_member(seat.member_id(record["key"])))]
        found.append(SeatProgress(seat, len(seat_letters), sum(1 for x in seat_letters if x.state in DECIDED),
                                  recorded, len(comments), len(introductions)))
    return found
