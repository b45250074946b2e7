"""The Front work committee's opinion: only on members of its own area, short, not empty;
the comment records that the committee was consulted, and the form prints that line only then;
the committee's list leaves out the members exempt under HD 33 mục 1.1, without saying so."""
from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import pytest

from forms_service.domain import clock
from forms_service.domain.comments import comment_form, new_request, submit
from forms_service.domain.front_committee import MAX_OPINION_LENGTH, FrontCommitteeError, FrontOpinion, area_members, give_opinion
from forms_service.domain.members import Exemption, Member, MemberStatus

ON = date(2026, 11, 20)


def _member(id_="dv-1", cell="chi-bo-khom-1", **changes) -> Member:
    return replace(Member(id=id_, full_name="Nguyễn Văn An", sex="Nam", birth_date=date(1980, 1, 1),
                          admission_date=date(2005, 5, 19), workplace_id="dang-uy-so", workplace_cell="Chi bộ 1",
                          residence_cell_id=cell, address="12 đường Lê Lợi", phone="0909000000"), **changes)


def test_an_opinion_is_kept_trimmed_with_its_day_and_author():
    opinion = give_opinion("chi-bo-khom-1", _member(), 2026, "  Gương mẫu, tham gia tốt.  ", "mattran", ON)
    assert (opinion.text, opinion.given_on, opinion.given_by, opinion.key) == \
        ("Gương mẫu, tham gia tốt.", ON, "mattran", "dv-1.2026")
    assert FrontOpinion.from_record(opinion.to_record()) == opinion


@pytest.mark.parametrize("cell, text, message", [
    ("chi-bo-khom-2", "Tốt", "không cư trú trong khu dân cư này"),
    ("chi-bo-khom-1", "   ", "Vui lòng ghi ý kiến"),
    ("chi-bo-khom-1", "x" * (MAX_OPINION_LENGTH + 1), f"dài quá {MAX_OPINION_LENGTH} ký tự"),
])
def test_an_opinion_outside_the_area_empty_or_too_long_is_refused(cell, text, message):
    with pytest.raises(FrontCommitteeError, match=message):
        give_opinion(cell, _member(), 2026, text, "mattran", ON)


def test_the_committee_sees_active_members_of_its_area_by_name_only():
    members = [_member("dv-1"), _member("dv-2", cell="chi-bo-khom-2"),
               _member("dv-3", status=MemberStatus.LEFT), _member("dv-4", full_name="Trần Thị Bích")]
    people = area_members(members, "chi-bo-khom-1", 2026, ON)
    assert [p.member_id for p in people] == ["dv-1", "dv-4"]
    assert set(vars(people[0])) == {"member_id", "full_name"}  # no phone, no address


def test_the_committee_is_not_asked_about_members_exempt_from_residence_activity_that_year():
    exempt = dict(exemption=Exemption.FROM_RESIDENCE_ACTIVITY, exemption_ground="Quân đội, ở doanh trại")
    members = [_member("dv-1"), _member("dv-2", **exempt),
               _member("dv-3", **exempt, exemption_from=date(2026, 9, 1)),     # exempt when the year's comment is asked
               _member("dv-4", **exempt, exemption_from=date(2027, 3, 1)),     # not yet
               _member("dv-5", exemption=Exemption.FROM_INTRODUCTION)]         # HD 33 mục 1.2: not introduced at all
    assert [p.member_id for p in area_members(members, "chi-bo-khom-1", 2026, ON)] == ["dv-1", "dv-4", "dv-5"]
    # a year already past is judged on its last day
    assert [p.member_id for p in area_members(members, "chi-bo-khom-1", 2025, ON)] == ["dv-1", "dv-3", "dv-4", "dv-5"]


def test_the_sent_comment_records_the_consult_and_the_front_line_is_dated_or_absent():
    comment = new_request("NX-2026-00001", 2026, _member(), "capuy", ON)
    form = comment_form()
    answered = replace(comment, ratings={c.id: c.levels[0][0] for c in form.criteria(comment.variant)},
                       proposal=form.proposals[0][0], other_remarks="Vắng sinh hoạt nơi cư trú năm 2026: không có.",
                       signer_name="Trần Văn Phước")
    at = datetime(2026, 11, 25, 9, 0, tzinfo=clock.ZONE)
    consulted = submit(answered, form, "bithu", at, front_consulted_on=ON)
    assert consulted.front_consulted_on == ON
    assert form.front_line(consulted.front_consulted_on) == (
        "Có phối hợp với Ban công tác Mặt trận khu dân cư (ý kiến ngày 20/11/2026), "
        "theo Điều 4 Quy định số 213-QĐ/TW ngày 02/01/2020 của Bộ Chính trị.")
    not_consulted = submit(answered, form, "bithu", at)
    assert not_consulted.front_consulted_on is None
    assert form.front_line(not_consulted.front_consulted_on) == ""
    assert form.front_fill_in_line.startswith("Ý kiến Ban công tác Mặt trận khu dân cư (nếu có), ngày")
    assert type(consulted).from_record(consulted.to_record()) == consulted
