"""The advisory rating cap over its cases (Đồng Tháp rule, data/rules/local-practices.json)."""
from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, datetime

import pytest

from forms_service.domain.clock import ZONE
from forms_service.domain.introductions import ChangeKind, IntroductionError, apply_change, record_exemption
from forms_service.domain.members import Exemption
from forms_service.domain import local_rules
from forms_service.domain.local_rules import RATING_CAP, Locality, RuleSwitch
from forms_service.domain.rating import load_rule_book, rating_cap, rule_book_from
from forms_service.domain.attendance_register import Attendance, joined_cell_on

from .helpers_attendance_register import FakeLetter, attended, meeting, member

PROVINCE = "tinh-dong-thap"
FORMER_DONG_THAP = Locality(PROVINCE, "phuong-hoa-an-tay", "dong-thap-cu")
FORMER_TIEN_GIANG = Locality(PROVINCE, "xa-my-loi-dong", "tien-giang-cu")
JUNE, DECEMBER = meeting(date(2026, 6, 14)), meeting(date(2026, 12, 12))
SWITCHED_ON = RuleSwitch(RATING_CAP, PROVINCE, 2026, True, "quantri", "Quản trị hệ thống", datetime(2026, 11, 30, 9, 0, tzinfo=ZONE))


def cap(m, meetings, year=2026, province=PROVINCE, joined_on=None, switches=None):
    # 2026's row waits for an administrator's switch: these cases are about the rule once on
    switches = {SWITCHED_ON.key: SWITCHED_ON} if switches is None else switches
    return rating_cap(m, year, meetings, province, joined_on=joined_on, switches=switches)


def test_no_absence_no_cap():
    result = cap(member(), [attended(JUNE, "dv-001", Attendance.PRESENT), attended(DECEMBER, "dv-001", Attendance.PRESENT)])
    assert result.level is None and result.reasons == ()
    assert result.rule is not None and result.counted_meetings == 2


def test_excused_by_agreed_letter_is_no_cap():
    letter = FakeLetter("VS-2026-00001", "dv-001", (JUNE.id,))
    result = cap(member(), [attended(JUNE, "dv-001", Attendance.EXCUSED, letter=letter),
                            attended(DECEMBER, "dv-001", Attendance.PRESENT)])
    assert result.level is None


def test_force_majeure_is_excepted():
    result = cap(member(), [attended(JUNE, "dv-001", Attendance.FORCE_MAJEURE, note="lũ chia cắt đường về ấp"),
                            attended(DECEMBER, "dv-001", Attendance.PRESENT)])
    assert result.level is None


def test_one_absence_without_reason_caps_at_htnv_with_basis_and_reason():
    result = cap(member(), [attended(JUNE, "dv-001", Attendance.PRESENT),
                            attended(DECEMBER, "dv-001", Attendance.UNEXCUSED)])
    assert result.level.id == "HTNV"
    assert result.level.label == "Hoàn thành nhiệm vụ"
    assert result.reasons == ("12/12/2026: vắng không có lý do chính đáng",)
    assert "Tỉnh ủy Đồng Tháp" in result.legal_basis
    assert "Hoàn thành tốt nhiệm vụ" in result.explanation
    assert result.rule.unconfirmed  # 2026: validity after 1/7/2025 is not confirmed


def test_exempt_member_has_no_cap_even_if_marked_absent():
    exempt = member(exemption=Exemption.FROM_RESIDENCE_ACTIVITY, exemption_ground="HD 33 mục 1.1 nhóm 3")
    result = cap(exempt, [attended(JUNE, "dv-001", Attendance.UNEXCUSED)])
    assert result.level is None and "miễn" in result.explanation


def test_member_who_moved_in_mid_year_counts_only_later_meetings():
    moved = member(residence_cell_id="chi-bo-khom-2").with_change(date(2026, 8, 1), "Tiếp nhận",
                                                                   residence_cell_id="chi-bo-khom-1")
    joined = joined_cell_on(moved)
    assert joined == date(2026, 8, 1)
    # recorded absent in June (before joining: e.g. a list carried over by mistake) -> ignored
    meetings = [attended(JUNE, "dv-001", Attendance.UNEXCUSED), attended(DECEMBER, "dv-001", Attendance.PRESENT)]
    result = cap(moved, meetings, joined_on=joined)
    assert result.level is None and result.counted_meetings == 1
    # absent without reason after joining -> capped
    meetings = [JUNE, attended(DECEMBER, "dv-001", Attendance.UNEXCUSED)]
    assert cap(moved, meetings, joined_on=joined).level.id == "HTNV"


def test_year_or_province_without_rule_has_no_cap():
    meetings = [attended(meeting(date(2023, 6, 14)), "dv-001", Attendance.UNEXCUSED)]
    assert cap(member(), meetings, year=2023).level is None
    other = cap(member(), [attended(JUNE, "dv-001", Attendance.UNEXCUSED)], province="tinh-khac")
    assert other.level is None and other.rule is None


def test_rule_is_data_a_province_can_drop_or_change_it():
    data = {"levels": [{"id": "HTTNV", "label": "Hoàn thành tốt nhiệm vụ", "rank": 2},
                       {"id": "HTNV", "label": "Hoàn thành nhiệm vụ", "rank": 3}],
            "practices": [{"id": RATING_CAP, "label": "Giới hạn", "on": "có", "off": "không"}],
            "sources": {"thu": {"title": "Thử", "paper": "Báo thử", "date": "01/01/2026"}},
            "settings": [{"practice": RATING_CAP, "province_id": PROVINCE, "from_year": 2026, "to_year": 2026,
                          "on_by_default": True, "source": "thu", "years_choice": "Sổ tay chọn: thử.",
                          "cap": {"max_level": "HTNV", "min_unexcused_absences": 2, "force_majeure_excepted": True,
                                  "legal_basis": "Thử"}}]}
    book = rule_book_from(local_rules.rule_book_from(data))
    one = [attended(JUNE, "dv-001", Attendance.UNEXCUSED), DECEMBER]
    assert rating_cap(member(), 2026, one, PROVINCE, book=book).level is None
    two = [attended(JUNE, "dv-001", Attendance.UNEXCUSED), attended(DECEMBER, "dv-001", Attendance.UNEXCUSED)]
    assert rating_cap(member(), 2026, two, PROVINCE, book=book).level.id == "HTNV"


def test_shipped_rules_are_marked_local_with_sources_and_none_confirmed():
    book = load_rule_book()
    rules = [book.row_for(FORMER_DONG_THAP, year) for year in (2024, 2025, 2026)]
    assert book.row_for(FORMER_DONG_THAP, 2023) is None and book.row_for(FORMER_DONG_THAP, 2027) is None
    assert book.row_for(FORMER_TIEN_GIANG, 2024) is None  # another province in 2024
    for rule in rules:
        assert rule.legal_basis and "Báo Đồng Tháp, 02/3/2024" in rule.source and "địa phương" in rule.kind
        assert rule.unconfirmed  # the provincial text has not been read
        assert rule.on_by_default == (rule.year == 2024)


def test_unconfirmed_years_have_no_cap_until_an_administrator_switches_them_on():
    absent = [attended(JUNE, "dv-001", Attendance.UNEXCUSED)]
    for year in (2025, 2026):
        assert load_rule_book().rule_for(PROVINCE, year) is None
        result = cap(member(), [attended(meeting(date(year, 6, 14)), "dv-001", Attendance.UNEXCUSED)], year=year,
                     switches={})
        assert result.level is None and result.rule is None
    switched_off = {SWITCHED_ON.key: RuleSwitch(RATING_CAP, PROVINCE, 2026, False, "quantri", "Quản trị hệ thống",
                                                SWITCHED_ON.at)}
    assert cap(member(), absent, switches=switched_off).level is None
    on = cap(member(), absent)
    assert on.level.id == "HTNV" and on.switch == SWITCHED_ON


def test_the_2024_row_applies_without_a_switch_in_former_dong_thap_only():
    absent = [attended(meeting(date(2024, 6, 14)), "dv-001", Attendance.UNEXCUSED)]
    result = cap(member(), absent, year=2024, province=FORMER_DONG_THAP, switches={})
    assert result.level.id == "HTNV" and result.switch is None
    elsewhere = cap(member(), absent, year=2024, province=FORMER_TIEN_GIANG, switches={})
    assert elsewhere.rule is None and "sổ tay chưa có thông tin về quy định riêng" in elsewhere.explanation
    assert "không áp dụng giới hạn" in cap(member(), absent, year=2025, switches={}).explanation  # a row, off
    off = RuleSwitch(RATING_CAP, PROVINCE, 2024, False, "quantri", "Quản trị hệ thống", SWITCHED_ON.at, "dong-thap-cu")
    assert cap(member(), absent, year=2024, province=FORMER_DONG_THAP,
               switches={off.key: off}).level is None  # an administrator may stop applying it too


def test_an_exemption_from_1_september_keeps_a_june_absence_without_reason_counting():
    decided = record_exemption(member(), Exemption.FROM_RESIDENCE_ACTIVITY,
                               "HD 33 mục 1.1: đi học tập trung 18 tháng", on=date(2026, 8, 20),
                               applies_from=date(2026, 9, 1))
    assert not decided.exempt_on(date(2026, 6, 14)) and decided.exempt_on(date(2026, 9, 1))
    result = cap(decided, [attended(JUNE, "dv-001", Attendance.UNEXCUSED),
                           attended(DECEMBER, "dv-001", Attendance.UNEXCUSED)])
    assert result.level.id == "HTNV"
    assert result.reasons == ("14/06/2026: vắng không có lý do chính đáng",)  # December: already exempt
    assert result.counted_meetings == 1
    # exempt from before the year: no duty, no cap
    all_year = replace(decided, exemption_from=date(2025, 9, 1))
    assert cap(all_year, [attended(JUNE, "dv-001", Attendance.UNEXCUSED)]).level is None


def test_an_exemption_needs_its_ground_and_the_date_it_applies_from():
    with pytest.raises(IntroductionError, match="căn cứ miễn"):
        record_exemption(member(), Exemption.FROM_RESIDENCE_ACTIVITY, "", on=date(2026, 8, 20),
                         applies_from=date(2026, 9, 1))
    with pytest.raises(IntroductionError, match="ngày bắt đầu được miễn"):
        record_exemption(member(), Exemption.FROM_RESIDENCE_ACTIVITY, "HD 33 mục 1.1", on=date(2026, 8, 20))


@pytest.mark.parametrize("kind", [ChangeKind.TRAINING, ChangeKind.AWAY])
def test_a_change_notice_of_study_or_travel_does_not_exempt(kind):
    course = apply_change(member(), kind, date(2026, 9, 1), note="lớp bồi dưỡng 3 tháng tại Cần Thơ")
    assert course.exemption == Exemption.NONE and course.attends_residence_meetings
    assert "lớp bồi dưỡng 3 tháng" in course.history[-1]["change"]
    later = [attended(DECEMBER, "dv-001", Attendance.UNEXCUSED)]
    assert cap(course, later).level.id == "HTNV"


def test_the_rule_book_refuses_two_rows_of_one_practice_and_province_for_the_same_year():
    data = json.loads(local_rules.RULE_BOOK_FILE.read_text(encoding="utf-8"))
    row = next(r for r in data["settings"] if r["practice"] == "noi-cong-tac-xac-nhan-truoc" and r["to_year"] is None)
    with pytest.raises(ValueError, match="two rows cover the same year"):
        local_rules.rule_book_from({**data, "settings": data["settings"] + [{**row, "from_year": 2030}]})
    assert local_rules.rule_book_from({**data, "settings": data["settings"] + [{**row, "province_id": "tinh-khac"}]})
