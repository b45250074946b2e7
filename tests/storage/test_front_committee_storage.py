"""The Front work committee's opinions on each of the three stores, and comments stored
before the committee's part was recorded."""
from __future__ import annotations

from datetime import date

import pytest

from forms_service.domain.comments import Comment
from forms_service.domain.front_committee import FrontOpinion
from forms_service.storage.record_versions import upgrade


def _opinion(member_id="dv-001", year=2026, text="Gương mẫu.", cell_id="chi-bo-khom-1") -> FrontOpinion:
    return FrontOpinion(cell_id=cell_id, member_id=member_id, year=year, text=text, given_on=date(2026, 11, 2),
                        given_by="mattran")


def test_one_opinion_per_member_and_year_the_latest_kept(repos, another_worker):
    with repos.transaction():
        repos.front_committee.save(_opinion())
        repos.front_committee.save(_opinion(year=2025, text="Năm trước."))
        repos.front_committee.save(_opinion(member_id="dv-003", cell_id="chi-bo-khom-2"))
    repos.front_committee.save(_opinion(text="Sửa lại."))
    assert repos.front_committee.get("chi-bo-khom-1", "dv-001", 2026).text == "Sửa lại."
    assert [o.text for o in repos.front_committee.for_cell("chi-bo-khom-1", 2025)] == ["Năm trước."]
    assert [o.member_id for o in repos.front_committee.for_cell("chi-bo-khom-1", 2026)] == ["dv-001"]
    assert repos.front_committee.get("chi-bo-khom-1", "dv-003", 2026) is None
    assert another_worker.front_committee.get("chi-bo-khom-2", "dv-003", 2026) == _opinion(member_id="dv-003",
                                                                                  cell_id="chi-bo-khom-2")


def test_an_opinion_saved_in_a_transaction_that_fails_is_not_kept(repos):
    with pytest.raises(RuntimeError), repos.transaction():
        repos.front_committee.save(_opinion())
        raise RuntimeError("the change fails after the save")
    assert repos.front_committee.get("chi-bo-khom-1", "dv-001", 2026) is None


def test_a_comment_stored_before_the_front_committee_was_recorded_reads_as_not_consulted():
    """The record's upgrade, the same on every store (each keeps the same stamped record)."""
    old = {"v": 1, "code": "NX-2025-00001", "year": 2025, "member_id": "dv-001", "member_name": "Nguyễn Văn An",
           "workplace_id": "dang-uy-so-giao-duc", "cell_id": "chi-bo-khom-1", "variant": "day_du",
           "state": "da_gui", "requested_on": "2025-10-01", "submitted_on": "2025-11-01", "history": []}
    upgraded = upgrade("comments", dict(old))
    assert upgraded["v"] == 3 and upgraded["front_consulted_on"] is None and upgraded["asked_because"] == ""
    assert Comment.from_record(upgraded).front_consulted_on is None
