"""The Front work committee of the residence area (Ban công tác Mặt trận khu dân cư) and
its opinion on each working member for the year.

Điều 4 Quy định số 213-QĐ/TW ngày 02/01/2020 of the Politburo (the clause's number is not
confirmed): once a year the residence cell comments on each working member living in the
area in coordination with ("có phối hợp với") the Front work committee of the area. The
committee's account is bound to the residence cell's unit (its area). It sees the working
members of the area by name only: no phone, no address, and not who is exempt from
residence activity (they are simply not on its list: no routine comment is asked of them).
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date

from .access import Relation, define
from .comments import asked_only_when_needed
from .members import Member, MemberStatus

LIST = define("front_committee.list", FRONT_COMMITTEE=Relation.UNIT)
GIVE = define("front_committee.give", FRONT_COMMITTEE=Relation.CELL)

MAX_OPINION_LENGTH = 1000


class FrontCommitteeError(ValueError):
    """An opinion that cannot be kept as given; the message is Vietnamese, for the page."""


@dataclass(frozen=True)
class AreaMember:
    """What the Front committee may see of a working member: the name, nothing else."""
    member_id: str
    full_name: str


@dataclass(frozen=True)
class FrontOpinion:
    cell_id: str
    member_id: str
    year: int
    text: str
    given_on: date
    given_by: str

    @property
    def key(self) -> str:
        return opinion_key(self.member_id, self.year)

    def to_record(self) -> dict:
        return asdict(self) | {"key": self.key, "given_on": self.given_on.isoformat()}

    @classmethod
    def from_record(cls, record: dict) -> "FrontOpinion":
        data = {k: v for k, v in record.items() if k not in ("v", "key")}
        data["given_on"] = date.fromisoformat(data["given_on"])
        return cls(**data)


def opinion_key(member_id: str, year: int) -> str:
    return f"{member_id}.{year}"


def area_members(members: list[Member], cell_id: str, year: int, today: date) -> list[AreaMember]:
    """The working members living in the area, still party members, whose routine comment of
    `year` is asked: HD 33 mục 1.1 leaves the exempt ones out, and the list does not say why."""
    return [AreaMember(m.id, m.full_name) for m in members
            if m.residence_cell_id == cell_id and m.status == MemberStatus.ACTIVE
            and not asked_only_when_needed(m, year, today)]


def give_opinion(cell_id: str, member: Member, year: int, text: str, by: str, on: date) -> FrontOpinion:
    """The committee's opinion on a member of its own area; a second one for the year replaces the first."""
    text = (text or "").strip()
    if member.residence_cell_id != cell_id:
        raise FrontCommitteeError(f"Đồng chí {member.full_name} không cư trú trong khu dân cư này.")
    if not text:
        raise FrontCommitteeError("Vui lòng ghi ý kiến của Ban công tác Mặt trận.")
    if len(text) > MAX_OPINION_LENGTH:
        raise FrontCommitteeError(f"Ý kiến dài quá {MAX_OPINION_LENGTH} ký tự, vui lòng viết gọn lại.")
    return FrontOpinion(cell_id=cell_id, member_id=member.id, year=year, text=text, given_on=on, given_by=by)

