"""Local practices as settings per province and year (data/rules/local-practices.json):
the defaults the shipped book chose, with their sources, and the administrator's switch."""
from __future__ import annotations

from datetime import datetime

import pytest

from forms_service.domain.clock import ZONE
from forms_service.domain.local_rules import (ABSENCES_IN_OTHER_REMARKS, RATING_CAP, WORKPLACE_CONFIRMS_FIRST,
                                              RuleSwitch, load_rule_book)

PROVINCE = "tinh-dong-thap"
AT = datetime(2026, 11, 30, 9, 0, tzinfo=ZONE)


@pytest.mark.parametrize("practice, year, on", [
    (WORKPLACE_CONFIRMS_FIRST, 2024, True), (WORKPLACE_CONFIRMS_FIRST, 2026, True), (WORKPLACE_CONFIRMS_FIRST, 2031, True),
    (ABSENCES_IN_OTHER_REMARKS, 2024, True), (ABSENCES_IN_OTHER_REMARKS, 2027, True),
    (RATING_CAP, 2024, True), (RATING_CAP, 2025, False), (RATING_CAP, 2026, False), (RATING_CAP, 2027, False)])
def test_dong_thap_defaults_follow_what_the_article_supports(practice, year, on):
    status = load_rule_book().status(practice, PROVINCE, year)
    assert status.on == on and status.switch is None


@pytest.mark.parametrize("practice", [WORKPLACE_CONFIRMS_FIRST, ABSENCES_IN_OTHER_REMARKS, RATING_CAP])
def test_a_province_or_year_without_a_row_does_not_apply_the_practice(practice):
    book = load_rule_book()
    for province, year in (("tinh-khac", 2026), (PROVINCE, 2023), (None, 2026)):
        status = book.status(practice, province, year)
        assert not status.on and status.setting is None
    switched = RuleSwitch(practice, "tinh-khac", 2026, True, "quantri", "Quản trị hệ thống", AT)
    assert not book.status(practice, "tinh-khac", 2026, {switched.key: switched}).on  # no source, no switch


def test_every_row_cites_the_article_by_title_paper_and_date_and_says_whether_it_is_confirmed():
    book = load_rule_book()
    for setting in book.settings:
        assert setting.source.citation == ("Bài “Nêu cao trách nhiệm của đảng viên đang công tác thường xuyên giữ mối "
                                           "liên hệ với tổ chức đảng và Nhân dân nơi cư trú”, Báo Đồng Tháp, 02/3/2024")
        assert setting.where and setting.source.link.startswith("http")
    assert not book.setting_for(ABSENCES_IN_OTHER_REMARKS, PROVINCE, 2024).confirmed  # not checked on the official form
    assert book.setting_for(WORKPLACE_CONFIRMS_FIRST, PROVINCE, 2024).confirmed
    assert not book.setting_for(WORKPLACE_CONFIRMS_FIRST, PROVINCE, 2026).confirmed  # the merged province
    assert len(book.notes) >= 3


def test_a_switch_overrides_the_default_of_its_year_only():
    book = load_rule_book()
    off = RuleSwitch(WORKPLACE_CONFIRMS_FIRST, PROVINCE, 2026, False, "quantri", "Quản trị hệ thống", AT)
    switches = {off.key: off}
    status = book.status(WORKPLACE_CONFIRMS_FIRST, PROVINCE, 2026, switches)
    assert not status.on and status.switch == off and status.changed_by_admin
    assert book.status(WORKPLACE_CONFIRMS_FIRST, PROVINCE, 2027, switches).on
    assert book.status(ABSENCES_IN_OTHER_REMARKS, PROVINCE, 2026, switches).on
    assert RuleSwitch.from_record(off.to_record()) == off
