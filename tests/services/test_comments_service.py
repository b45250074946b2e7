"""services.comments.request: the routine request leaves out members exempt under HD 33 mục 1.1;
one of them is asked only when needed, with the reason kept on the comment and in the audit."""
from __future__ import annotations

import pytest

from forms_service.domain import clock
from forms_service.domain.access import Actor, Role
from forms_service.domain.comments import CommentError, Variant, comment_form
from forms_service.domain.members import Member
from forms_service.services import comments
from forms_service.services.home import home_figures

from ..demo_calendar import YEAR

pytestmark = pytest.mark.calendar

WORKPLACE = "dang-uy-so-giao-duc"


def _asked(repos):
    return {c.member_id: c for c in repos.comments.for_workplace(WORKPLACE, YEAR)}


def test_the_routine_request_leaves_out_the_exempt_member(repos):
    members = repos.members.of_workplace(WORKPLACE)
    assert [m.id for m in comments.left_out(members, YEAR)] == ["dv-008"]
    asked, fresh = comments.request(repos, "capuy", WORKPLACE, YEAR, members, "t-1")
    assert fresh and "dv-008" not in _asked(repos) and "dv-001" in _asked(repos)
    # asked again for all: only the exempt member is left, and the message says why
    with pytest.raises(CommentError, match="1 đồng chí còn lại được miễn sinh hoạt nơi cư trú theo mục 1.1"):
        comments.request(repos, "capuy", WORKPLACE, YEAR, members, "t-2")


def test_the_exempt_member_is_asked_when_needed_with_the_reason(repos):
    exempt = repos.members.get("dv-008")
    with pytest.raises(CommentError, match="chỉ xin khi cần. Vui lòng ghi lý do"):
        comments.request(repos, "capuy", WORKPLACE, YEAR, [exempt], "t-3")
    assert "dv-008" not in _asked(repos)
    [comment], _ = comments.request(repos, "capuy", WORKPLACE, YEAR, [exempt], "t-4", because="Xét kỷ luật")
    stored = repos.comments.get(comment.code)
    assert stored.asked_because == "Xét kỷ luật" and stored.variant == Variant.EXEMPT
    assert repos.audit.entries(target=WORKPLACE)[0]["ly_do"] == "Xét kỷ luật"


def test_a_member_who_leaves_leaves_the_comments_the_cell_still_has_to_write(repos):
    today = clock.today()
    like = next(m for m in repos.members.of_workplace(WORKPLACE) if m.residence_cell_id == "chi-bo-khom-1").to_record()
    for number in (1, 2, 3):
        repos.members.save(Member.from_record({**like, "id": f"dv-di-{number}", "full_name": f"Phan Văn Đi {number}"}))
    asked, _ = comments.request(repos, "capuy", WORKPLACE, today.year,
                                [repos.members.get(f"dv-di-{n}") for n in (1, 2, 3)], "t-leaving")
    code_of = {c.member_id: c.code for c in asked}
    spec = comment_form()
    written = code_of["dv-di-2"]
    comments.save(repos, "bithu", written, {c.id: c.levels[0][0] for c in spec.criteria(Variant.FULL)},
                  spec.proposals[0][0], "", "Lê Thị Bí Thư")
    comments.send(repos, "bithu", written)
    secretary = Actor("bithu", Role.CELL_SECRETARY, "chi-bo-khom-1")
    waiting_before = home_figures(repos, secretary, today).comments_to_fill

    for number in (1, 2):   # one not yet written, one written, then both leave
        repos.members.update(f"dv-di-{number}", lambda m: m.leaving(today, "chuyen_tinh"))

    listed = {c.code for c in comments.for_cell(repos, "chi-bo-khom-1", today.year)}
    assert code_of["dv-di-1"] not in listed, "the comment not yet written of a member who left is still asked"
    assert written in listed and code_of["dv-di-3"] in listed
    waiting = {c.code for c in comments.waiting_in_cell(repos, "chi-bo-khom-1", today.year)}
    assert code_of["dv-di-3"] in waiting and code_of["dv-di-1"] not in waiting and written not in waiting
    assert home_figures(repos, secretary, today).comments_to_fill == waiting_before - 1
