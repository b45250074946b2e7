"""Mẫu 3-213: both variants, states, the prefilled "nhận xét khác"."""
from __future__ import annotations

from datetime import date, datetime

import pytest

from forms_service.domain.attendance_register import Attendance, absences_of
from forms_service.domain.comments import (CommentError, asked_only_when_needed, CommentState, Variant, comment_form, new_request,
                                           other_remarks_to_start, prefill_other_remarks, receive, save_draft,
                                           submit, variant_for, with_current_variant)
from forms_service.domain.members import Exemption

from .helpers_attendance_register import FakeLetter, attended, meeting, member

AT = datetime(2026, 12, 15, 10, 0)


def test_variant_follows_exemption_and_criteria_come_from_data():
    form = comment_form()
    full = new_request("NX-2026-00001", 2026, member(), "capuy", date(2026, 12, 1))
    short = new_request("NX-2026-00002", 2026, member(exemption=Exemption.FROM_RESIDENCE_ACTIVITY), "capuy",
                        date(2026, 12, 1), because="Xét khen thưởng")
    assert full.variant == Variant.FULL and len(form.criteria(Variant.FULL)) == 5
    assert short.variant == Variant.EXEMPT and len(form.criteria(Variant.EXEMPT)) == 3
    assert form.criteria(Variant.FULL)[2].levels[0][1] == "Tham gia đầy đủ"
    assert [label for _, label in form.proposals] == ["Biểu dương", "Không đề nghị", "Xem xét xử lý"]
    assert form.data["variants"]["day_du"]["unconfirmed"] is True


def test_the_variant_is_the_members_current_exemption_even_one_begun_mid_year():
    from dataclasses import replace
    from_september = member(exemption=Exemption.FROM_RESIDENCE_ACTIVITY, exemption_from=date(2026, 9, 1))
    assert variant_for(from_september, date(2026, 8, 31)) == Variant.FULL
    assert variant_for(from_september, date(2026, 12, 1)) == Variant.EXEMPT
    asked = new_request("NX-2026-00003", 2026, member(), "capuy", date(2026, 8, 1))  # asked before the decision
    assert asked.variant == Variant.FULL
    now = with_current_variant(asked, from_september, date(2026, 12, 1))
    assert now.variant == Variant.EXEMPT and now.code == asked.code
    assert with_current_variant(now, member(), date(2026, 12, 2)).variant == Variant.FULL  # lifted again
    sent = replace(asked, state=CommentState.SUBMITTED)
    assert with_current_variant(sent, from_september, date(2026, 12, 1)).variant == Variant.FULL  # sent: kept


def test_a_member_exempt_under_1_1_is_asked_only_when_needed_with_the_reason_kept():
    exempt = member(exemption=Exemption.FROM_RESIDENCE_ACTIVITY)
    with pytest.raises(CommentError, match="chỉ xin khi cần. Vui lòng ghi lý do"):
        new_request("NX-2026-00004", 2026, exempt, "capuy", date(2026, 12, 1), because="   ")
    asked = new_request("NX-2026-00004", 2026, exempt, "capuy", date(2026, 12, 1), because=" Quy hoạch cán bộ ")
    assert asked.asked_because == "Quy hoạch cán bộ" and type(asked).from_record(asked.to_record()) == asked
    # a routine request keeps no reason
    assert new_request("NX-2026-00005", 2026, member(), "capuy", date(2026, 12, 1), because="x").asked_because == ""


def test_exempt_for_the_year_means_exempt_when_the_years_comment_is_asked():
    from_september = member(exemption=Exemption.FROM_RESIDENCE_ACTIVITY, exemption_from=date(2026, 9, 1))
    assert not asked_only_when_needed(from_september, 2026, date(2026, 8, 31))
    assert asked_only_when_needed(from_september, 2026, date(2026, 11, 20))
    assert asked_only_when_needed(from_september, 2026, date(2027, 1, 10))   # asked in January: the year's last day
    assert not asked_only_when_needed(from_september, 2025, date(2027, 1, 10))  # exempt only after that year
    assert not asked_only_when_needed(member(exemption=Exemption.FROM_INTRODUCTION), 2026, date(2026, 11, 20))
    assert not asked_only_when_needed(member(), 2026, date(2026, 11, 20))


def test_member_without_cell_cannot_be_asked_about():
    with pytest.raises(CommentError):
        new_request("NX-1", 2026, member(residence_cell_id=None), "capuy", date(2026, 12, 1))


def test_requested_submitted_received():
    form = comment_form()
    comment = new_request("NX-2026-00001", 2026, member(), "capuy", date(2026, 12, 1))
    with pytest.raises(CommentError, match="Chưa chọn"):
        submit(comment, form, "bithu", AT)
    ratings = {c.id: "tot" for c in form.criteria(Variant.FULL)}
    draft = save_draft(comment, ratings, "bieu_duong", "Vắng: không có.", "Trần Văn Bí")
    sent = submit(draft, form, "bithu", AT)
    assert sent.state == CommentState.SUBMITTED and sent.submitted_on == AT.date()
    with pytest.raises(CommentError):
        save_draft(sent, ratings, "bieu_duong", "", "X")
    with pytest.raises(CommentError):
        submit(sent, form, "bithu", AT)
    got = receive(sent, "capuy", AT)
    assert got.state == CommentState.RECEIVED
    assert [h["to"] for h in got.history] == ["da_gui", "da_nhan"]
    assert type(got).from_record(got.to_record()) == got


def test_prefill_lists_every_absence_or_none():
    assert prefill_other_remarks(2026, []) == "Vắng sinh hoạt nơi cư trú năm 2026: không có."
    june, december = meeting(date(2026, 6, 14)), meeting(date(2026, 12, 12))
    letter = FakeLetter("VS-2026-00001", "dv-001", (june.id,))
    meetings = [attended(june, "dv-001", Attendance.EXCUSED, letter=letter),
                attended(december, "dv-001", Attendance.UNEXCUSED)]
    text = prefill_other_remarks(2026, absences_of("dv-001", meetings, [letter]))
    assert "2 buổi" in text
    assert "Ngày 14/06/2026: có đơn xin vắng được chi ủy đồng ý (đi công tác Hà Nội" in text
    assert "Ngày 12/12/2026: không có lý do chính đáng." in text


def test_where_the_province_writes_absences_into_other_remarks_they_start_filled_in_elsewhere_blank():
    june = meeting(date(2026, 6, 14))
    absences = absences_of("dv-001", [attended(june, "dv-001", Attendance.UNEXCUSED)])
    on = other_remarks_to_start(2026, absences, "không có", absences_in_other_remarks=True)
    assert on == prefill_other_remarks(2026, absences, "không có") and "Ngày 14/06/2026" in on
    assert other_remarks_to_start(2026, absences, "không có", absences_in_other_remarks=False) == ""
    assert other_remarks_to_start(2026, [], "không có", absences_in_other_remarks=False) == ""
