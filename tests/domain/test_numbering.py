"""The official number of Mẫu 1-213 after Hướng dẫn 36-HD/VPTW: the committee's term from
the data, the symbol of the body that signs."""
from __future__ import annotations

from datetime import date

from forms_service.domain.numbering import Term, load_terms, number_symbol, official_number, term_of

TERMS = {"toan_tinh": [{"ma": "2025-2030", "tu_ngay": "2025-07-01"}, {"ma": "2020-2025", "tu_ngay": "2020-07-01"}],
         "theo_don_vi": {"chi-bo-x": [{"ma": "2025-2030", "tu_ngay": "2025-04-12"},
                                      {"ma": "2030-2035", "tu_ngay": "2030-05-20"}]}}


def test_a_term_runs_from_its_congress_to_the_next_across_january():
    assert term_of("dang-uy-a", date(2026, 12, 31), TERMS) == term_of("dang-uy-a", date(2027, 1, 1), TERMS)
    assert term_of("dang-uy-a", date(2027, 1, 1), TERMS) == Term("2025-2030", date(2025, 7, 1), None)
    assert term_of("dang-uy-a", date(2025, 6, 30), TERMS) == Term("2020-2025", date(2020, 7, 1), date(2025, 7, 1))


def test_a_unit_that_knows_its_congress_day_has_its_own_terms():
    assert term_of("chi-bo-x", date(2025, 5, 1), TERMS).id == "2025-2030"
    assert term_of("chi-bo-x", date(2030, 5, 19), TERMS).id == "2025-2030"
    assert term_of("chi-bo-x", date(2030, 5, 20), TERMS).id == "2030-2035"
    assert term_of("chi-bo-x", date(2025, 5, 1), TERMS).years() == range(2025, 2031)


def test_a_day_before_every_listed_term_counts_in_the_first():
    assert term_of("dang-uy-a", date(2019, 3, 1), TERMS).id == "2020-2025"


def test_the_shipped_terms_put_2026_and_2027_in_one_term():
    data = load_terms()
    assert "CHƯA XÁC NHẬN" in data["_source"] and "Chỉ thị số 45-CT/TW" in data["_source"]
    assert term_of("any", date(2026, 12, 31)).id == term_of("any", date(2027, 1, 2)).id == "2025-2030"


def test_the_symbol_names_the_body_that_signs():
    assert official_number(1, "Đảng ủy Sở Giáo dục và Đào tạo") == "01-GGT/ĐU"
    assert official_number(12, "Chi bộ Công ty Cấp nước Sen Hồng") == "12-GGT/CB"
    assert official_number(7, "Đảng bộ Công ty Điện lực") == "07-GGT/ĐU"
    assert number_symbol("") == "GGT/……"  # a blank form: the clerk writes the body's symbol
