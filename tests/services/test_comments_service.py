"""services.comments.request: the routine request leaves out members exempt under HD 33 mục 1.1;
one of them is asked only when needed, with the reason kept on the comment and in the audit."""
from __future__ import annotations

import pytest

from forms_service.domain.comments import CommentError, Variant
from forms_service.services import comments

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
