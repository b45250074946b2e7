"""The training room (data/training/training-room.json): one seat per trainee, each with its
own residence cell, workplace, members and accounts, named so they cannot collide with the
province's ids ("hv07-chibo", "hv07-bithu"); and the calendar each seat's cases are built on."""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

TRAINING_FILE = Path(__file__).resolve().parents[2] / "data" / "training" / "training-room.json"
PREFIX = "hv"
# Written into each room account's session stamp: a new generation (a reset) ends every
# session opened before it, and the stamp's prefix tells the page why.
STAMP_PREFIX = "phong-tap:"


@lru_cache(maxsize=1)
def room_data() -> dict:
    return json.loads(TRAINING_FILE.read_text(encoding="utf-8"))


def without_the_room(communes: list) -> list:
    """The communes a province's figures count: the training room's commune is a classroom,
    not a place where the regulation is carried out."""
    room = room_data()["commune"]["id"]
    return [commune for commune in communes if commune.id != room]


def max_seats() -> int:
    return int(room_data()["max_seats"])


def seats_problem(seats: int) -> str | None:
    """Why a room of `seats` cannot be made (Vietnamese), or None."""
    limit = max_seats()
    if seats < 1:
        return "Phòng tập cần ít nhất 1 chỗ ngồi."
    if seats > limit:
        return (f"Phòng tập chỉ có tối đa {limit} chỗ ngồi; đã yêu cầu {seats}. "
                f"Hãy chia lớp thành nhiều buổi, mỗi buổi không quá {limit} người.")
    return None


def seat_name(number: int) -> str:
    return f"{PREFIX}{number:02d}"


@dataclass(frozen=True)
class Seat:
    number: int

    @property
    def name(self) -> str:
        return seat_name(self.number)

    @property
    def cell_id(self) -> str:
        return f"{self.name}-chibo"

    @property
    def workplace_id(self) -> str:
        return f"{self.name}-coquan"

    def member_id(self, key: str) -> str:
        return f"{self.name}-dv-{key}"

    def username(self, suffix: str) -> str:
        return f"{self.name}-{suffix}"

    @property
    def unit_ids(self) -> set[str]:
        return {self.cell_id, self.workplace_id}


def seat_of(identifier: str | None) -> Seat | None:
    """The seat an id or a username of the room belongs to ("hv07-bithu" -> seat 7)."""
    if not identifier or not identifier.startswith(PREFIX):
        return None
    number = identifier[len(PREFIX):len(PREFIX) + 2]
    if len(identifier) < len(PREFIX) + 3 or not number.isdigit() or identifier[len(PREFIX) + 2] != "-":
        return None
    return Seat(int(number))


def is_room_stamp(stamp: str) -> bool:
    return stamp.startswith(STAMP_PREFIX)


@dataclass(frozen=True)
class CaseCalendar:
    """The days each seat's story is set on, from today, so that every case can be played on
    any day of the year (the tests run on 15 January, 30 June and 31 December too):

    - `first_held`: a meeting held earlier in the year (the absence with an agreed letter);
    - `recent`: the meeting held two days ago (the late letter, the paper letter, the
      absence without a letter: the second absence of the year);
    - `exempt_from`: the day the exempt member's exemption starts, between the two;
    - `ahead`: the meeting scheduled in two weeks.
    The two held meetings are in the same year, except in the first three days of January."""
    first_held: date
    recent: date
    exempt_from: date
    ahead: date


def case_calendar(today: date) -> CaseCalendar:
    recent = today - timedelta(days=2)
    first = max(date(recent.year, 1, 1), recent - timedelta(days=120))
    if first >= recent:
        first = recent - timedelta(days=1)
    return CaseCalendar(first_held=first, recent=recent, exempt_from=first + (recent - first) // 2,
                        ahead=today + timedelta(days=14))
