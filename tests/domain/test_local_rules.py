"""Local practices as settings per place and year (data/rules/local-practices.json): the
defaults the shipped book chose, what its rows say of their source and of the handbook's own
choice, a merged province that tells its former parts apart, a commune's own row, and the
administrator's switch."""
from __future__ import annotations

import json
from datetime import datetime

import pytest

from forms_service.domain.clock import ZONE
from forms_service.domain.local_rules import (ABSENCES_IN_OTHER_REMARKS, RATING_CAP, RULE_BOOK_FILE,
                                              WORKPLACE_CONFIRMS_FIRST, Locality, RuleSwitch, load_rule_book,
                                              rule_book_from)

PROVINCE = "tinh-dong-thap"
# the demo's ward of former Đồng Tháp, and its commune of former Tiền Giang (data/org/demo-province.json)
FORMER_DONG_THAP = Locality(PROVINCE, "phuong-hoa-an-tay", "dong-thap-cu")
FORMER_TIEN_GIANG = Locality(PROVINCE, "xa-my-loi-dong", "tien-giang-cu")
AT = datetime(2026, 11, 30, 9, 0, tzinfo=ZONE)


def admin_switch(practice, year, on, part=None, province=PROVINCE):
    return RuleSwitch(practice, province, year, on, "quantri", "Quản trị hệ thống", AT, part)


@pytest.mark.parametrize("practice, year, on", [
    (WORKPLACE_CONFIRMS_FIRST, 2024, True), (WORKPLACE_CONFIRMS_FIRST, 2026, True), (WORKPLACE_CONFIRMS_FIRST, 2031, True),
    (ABSENCES_IN_OTHER_REMARKS, 2024, True), (ABSENCES_IN_OTHER_REMARKS, 2027, True),
    (RATING_CAP, 2024, True), (RATING_CAP, 2025, False), (RATING_CAP, 2026, False), (RATING_CAP, 2027, False)])
def test_former_dong_thap_defaults_follow_what_the_article_supports(practice, year, on):
    status = load_rule_book().status(practice, FORMER_DONG_THAP, year)
    assert status.on == on and status.switch is None


@pytest.mark.parametrize("practice", [WORKPLACE_CONFIRMS_FIRST, ABSENCES_IN_OTHER_REMARKS, RATING_CAP])
def test_the_2024_rows_of_old_dong_thap_do_not_reach_former_tien_giang(practice):
    book = load_rule_book()
    status = book.status(practice, FORMER_TIEN_GIANG, 2024)
    assert not status.on and status.setting is None  # another province then: the book has nothing on it
    assert book.status(practice, PROVINCE, 2024).setting is None  # nor on the merged province as a whole
    later = book.status(practice, FORMER_TIEN_GIANG, 2026)
    assert not later.on and later.setting.part is None  # the new province's row, off until switched on


@pytest.mark.parametrize("practice", [WORKPLACE_CONFIRMS_FIRST, ABSENCES_IN_OTHER_REMARKS, RATING_CAP])
def test_a_place_or_year_without_a_row_does_not_apply_the_practice(practice):
    book = load_rule_book()
    for where, year in (("tinh-khac", 2026), (FORMER_DONG_THAP, 2023), (None, 2026)):
        status = book.status(practice, where, year)
        assert not status.on and status.setting is None
    switched = admin_switch(practice, 2026, True, province="tinh-khac")
    assert not book.status(practice, "tinh-khac", 2026, {switched.key: switched}).on  # no source, no switch


def test_every_row_says_what_the_article_reports_and_apart_the_handbooks_choice_never_confirmed():
    book = load_rule_book()
    for setting in book.settings:
        assert setting.source.citation == ("Bài “Nêu cao trách nhiệm của đảng viên đang công tác thường xuyên giữ mối "
                                           "liên hệ với tổ chức đảng và Nhân dân nơi cư trú”, Báo Đồng Tháp, 02/3/2024")
        assert setting.where and setting.source.link.startswith("http")
        assert setting.years_choice.startswith("Sổ tay chọn") and setting.unconfirmed
    text = RULE_BOOK_FILE.read_text(encoding="utf-8")
    assert '"confirmed"' not in text and "nêu rõ cho năm 2024" not in text and "áp dụng theo bài báo" not in text
    assert "không làm thiệt" not in text  # the workplace's "không xác nhận" is an opinion; the cell decides
    assert len(book.notes) >= 3


def test_a_row_marked_confirmed_or_without_the_handbooks_choice_is_refused():
    data = json.loads(RULE_BOOK_FILE.read_text(encoding="utf-8"))
    row = data["settings"][0]
    for bad in ({**row, "confirmed": True}, {k: v for k, v in row.items() if k != "years_choice"}):
        with pytest.raises(ValueError, match="years_choice"):
            rule_book_from({**data, "settings": [bad]})


def test_a_communes_own_row_wins_over_its_former_province_and_its_province():
    data = json.loads(RULE_BOOK_FILE.read_text(encoding="utf-8"))
    own = {"practice": WORKPLACE_CONFIRMS_FIRST, "province_id": PROVINCE, "commune_id": "phuong-hoa-an-tay",
           "from_year": 2026, "to_year": None, "on_by_default": False, "source": "bao-dong-thap-02-3-2024",
           "where": "thử", "years_choice": "Sổ tay chọn: thử một dòng riêng của phường."}
    book = rule_book_from({**data, "settings": data["settings"] + [own]})
    assert book.setting_for(WORKPLACE_CONFIRMS_FIRST, FORMER_DONG_THAP, 2026).commune_id == "phuong-hoa-an-tay"
    assert not book.status(WORKPLACE_CONFIRMS_FIRST, FORMER_DONG_THAP, 2026).on
    assert book.status(WORKPLACE_CONFIRMS_FIRST, FORMER_DONG_THAP, 2025).on  # before the ward's row: the former one
    other_ward = Locality(PROVINCE, "phuong-khac", "dong-thap-cu")
    assert book.status(WORKPLACE_CONFIRMS_FIRST, other_ward, 2026).on


def test_a_switch_overrides_the_default_of_its_row_and_year_only_and_a_communes_switch_wins():
    book = load_rule_book()
    off = admin_switch(WORKPLACE_CONFIRMS_FIRST, 2026, False, part="dong-thap-cu")
    switches = {off.key: off}
    status = book.status(WORKPLACE_CONFIRMS_FIRST, FORMER_DONG_THAP, 2026, switches)
    assert not status.on and status.switch == off and status.changed_by_admin
    assert book.status(WORKPLACE_CONFIRMS_FIRST, FORMER_DONG_THAP, 2027, switches).on
    assert book.status(ABSENCES_IN_OTHER_REMARKS, FORMER_DONG_THAP, 2026, switches).on
    assert not book.status(WORKPLACE_CONFIRMS_FIRST, FORMER_TIEN_GIANG, 2026, switches).switch  # another row
    ward_on = admin_switch(WORKPLACE_CONFIRMS_FIRST, 2026, True, part="phuong-hoa-an-tay")
    both = {**switches, ward_on.key: ward_on}
    assert book.status(WORKPLACE_CONFIRMS_FIRST, FORMER_DONG_THAP, 2026, both).switch == ward_on
    assert not book.status(WORKPLACE_CONFIRMS_FIRST, Locality(PROVINCE, "phuong-khac", "dong-thap-cu"), 2026,
                           both).on
    assert RuleSwitch.from_record(ward_on.to_record()) == ward_on
    old_record = {k: v for k, v in off.to_record().items() if k != "part"}  # saved before switches had parts
    assert RuleSwitch.from_record(old_record).key == (WORKPLACE_CONFIRMS_FIRST, PROVINCE, 2026)


def test_a_unit_is_located_by_its_province_commune_and_the_communes_former_province():
    from forms_service.domain.org import OrgStructure, Unit, UnitKind
    org = OrgStructure([Unit(PROVINCE, UnitKind.PROVINCE, "Đảng bộ tỉnh Đồng Tháp", None),
                        Unit("phuong-hoa-an-tay", UnitKind.COMMUNE, "Đảng ủy phường Hòa An Tây", PROVINCE,
                             former_province="dong-thap-cu"),
                        Unit("chi-bo-khom-1", UnitKind.RESIDENCE_CELL, "Chi bộ Khóm 1", "phuong-hoa-an-tay"),
                        Unit("dang-uy-so", UnitKind.WORKPLACE, "Đảng ủy Sở", PROVINCE)])
    assert org.locality_of("chi-bo-khom-1") == FORMER_DONG_THAP
    assert org.locality_of("phuong-hoa-an-tay") == FORMER_DONG_THAP
    assert org.locality_of("dang-uy-so") == Locality(PROVINCE)
    assert org.locality_of("khong-co") == Locality(None)
    record = org.get("phuong-hoa-an-tay").to_record()
    assert record["former_province"] == "dong-thap-cu" and Unit.from_record(record) == org.get("phuong-hoa-an-tay")
    assert Unit.from_record({k: v for k, v in record.items() if k != "former_province"}).former_province == ""
