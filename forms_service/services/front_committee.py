"""The Front work committee gives its opinion on the working members of its area."""
from __future__ import annotations

from dataclasses import dataclass

from ..domain import clock
from ..domain.front_committee import AreaMember, FrontCommitteeError, FrontOpinion, area_members, give_opinion
from ..domain.org import Unit, sort_by_person
from ..storage import Repositories


def give(repos: Repositories, by: str, cell_id: str, member_id: str, year: int, text: str) -> FrontOpinion:
    """Keep the committee's opinion for the year (FrontCommitteeError if the member is not of its area)."""
    with repos.transaction():
        member = repos.members.get(member_id)
        if member is None:
            raise FrontCommitteeError("Không tìm thấy đảng viên này.")
        opinion = give_opinion(cell_id, member, year, text, by, clock.today())
        repos.front_committee.save(opinion)
        repos.audit.record(by, "y_kien_mat_tran", member_id, nam=year)
    return opinion


@dataclass(frozen=True)
class FrontArea:
    """The committee's page: the working members of its area, by name, and the opinions given."""
    cell: Unit | None
    people: list[AreaMember]
    given: dict[str, FrontOpinion]  # by member id


def area(repos: Repositories, cell_id: str, year: int) -> FrontArea:
    given = {o.member_id: o for o in repos.front_committee.for_cell(cell_id, year)}
    people = sort_by_person(area_members(repos.members.of_cell(cell_id), cell_id, year, clock.today()))
    return FrontArea(repos.units.structure().get(cell_id), people, given)


def opinion_of(repos: Repositories, cell_id: str, member_id: str, year: int) -> FrontOpinion | None:
    return repos.front_committee.get(cell_id, member_id, year)
