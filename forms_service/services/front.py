"""The Front work committee gives its opinion on the working members of its area."""
from __future__ import annotations

from ..domain import clock
from ..domain.front import FrontError, FrontOpinion, give_opinion
from ..storage import Repositories


def give(repos: Repositories, by: str, cell_id: str, member_id: str, year: int, text: str) -> FrontOpinion:
    """Keep the committee's opinion for the year (FrontError if the member is not of its area)."""
    with repos.transaction():
        member = repos.members.get(member_id)
        if member is None:
            raise FrontError("Không tìm thấy đảng viên này.")
        opinion = give_opinion(cell_id, member, year, text, by, clock.today())
        repos.front.save(opinion)
        repos.audit.record(by, "y_kien_mat_tran", member_id, nam=year)
    return opinion
