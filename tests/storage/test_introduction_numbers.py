"""The official numbers of Mẫu 1-213 in a real store, on each store (TinyDB, SQLite,
PostgreSQL): consecutive within the signing committee's term (Hướng dẫn 36-HD/VPTW), not
restarted each January; the symbol of the body that signs; no number the earlier per-year
counters gave is given again. Through the service, on the demo province: the stores' counters
are what is tested, so this runs with the stores' own tests."""
from __future__ import annotations

from datetime import date

import pytest

from forms_service.documents.introductions import render_introduction_pdf
from forms_service.services.kept_documents import introduction_context
from forms_service.domain.numbering import Term
from forms_service.services import introductions
from forms_service.storage import open_store
from forms_service.storage.tinydb import counters
from tests.document_text import pdf_text

COMMUNE = "phuong-hoa-an-tay"


@pytest.fixture
def repos(demo_location):
    """The demo province on the test's store (the `backend` parameter of tests/storage)."""
    store = open_store(demo_location)
    yield store
    store.close()


def _issue(repos, member_id: str, on: date, token: str):
    member = repos.members.get(member_id)
    letter, _ = introductions.issue_letter(repos, "capuy", member, COMMUNE, None, on, "Lê Thị Mai", token)
    return letter


def _sequence(number: str) -> int:
    return int(number.split("-")[0])


def _take_from_a_yearly_counter(repos, name: str) -> int:
    """A number of a per-year counter, as the service took them before numbering by term."""
    if hasattr(repos, "db"):  # SQLite or PostgreSQL
        return repos.db.next_number(name)
    return counters.next_number(repos.store, name)


def test_numbers_go_on_across_january_within_the_term(repos):
    december = _issue(repos, "dv-001", date(2026, 12, 30), "so-1")
    january = _issue(repos, "dv-002", date(2027, 1, 4), "so-2")
    assert december.number.endswith("-GGT/ĐU") and january.number.endswith("-GGT/ĐU")
    assert _sequence(january.number) == _sequence(december.number) + 1  # not back to 01


def test_a_new_term_starts_again_from_01(repos):
    term, next_term = Term("2025-2030", date(2025, 7, 1), date(2030, 7, 1)), Term("2030-2035", date(2030, 7, 1))
    taken = [repos.introductions.next_number("chi-bo-cong-ty-cap-nuoc", term) for _ in range(3)]
    assert taken[1:] == [taken[0] + 1, taken[0] + 2]
    assert repos.introductions.next_number("chi-bo-cong-ty-cap-nuoc", next_term) == 1
    assert repos.introductions.next_number("chi-bo-cong-ty-cap-nuoc", term) == taken[-1] + 1


def test_a_number_the_yearly_counters_gave_is_never_given_again(repos):
    # letters 1–5 of 2025 and 1–3 of 2026, numbered by calendar year before the term
    given = [_take_from_a_yearly_counter(repos, "ggt-dang-uy-cu.2025") for _ in range(5)]
    given += [_take_from_a_yearly_counter(repos, "ggt-dang-uy-cu.2026") for _ in range(3)]
    term = Term("2025-2030", date(2025, 7, 1))
    then = [repos.introductions.next_number("dang-uy-cu", term) for _ in range(2)]
    assert then == [6, 7] and not set(then) & set(given)
    assert repos.introductions.next_number("dang-uy-moi", term) == 1  # a committee with no earlier numbers


def test_the_first_letter_of_a_term_follows_the_yearly_counters(repos):
    for _ in range(4):
        _take_from_a_yearly_counter(repos, "ggt-chi-bo-cong-ty-cap-nuoc.2026")
    letter = _issue(repos, "dv-016", date(2027, 2, 1), "so-3")
    assert letter.number == "05-GGT/CB"
    assert _issue(repos, "dv-016", date(2027, 2, 2), "so-4").number == "06-GGT/CB"


def test_a_letter_signed_by_a_cell_prints_the_cells_symbol_not_du(repos):
    letter = _issue(repos, "dv-016", date(2027, 2, 1), "so-5")
    text = pdf_text(render_introduction_pdf(introduction_context(repos, letter, "")))
    assert f"Số {letter.number}" in text and letter.number.endswith("-GGT/CB")
    assert "GGT/ĐU" not in text and "T/M CHI ỦY" in text
