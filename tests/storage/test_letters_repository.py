"""Letters in a real store, on each of the three stores: lists, transitions, one letter per one-time token
(two threads at once too); how the file store keeps them."""
from __future__ import annotations

import json

import threading
from datetime import date, datetime

import pytest

from forms_service.domain.clock import ZONE
from forms_service.domain.letters import Action, LetterError, LetterState, new_letter, transition
from forms_service.domain.meetings import Meeting
from forms_service.storage import open_store

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=ZONE)


def build(member_id="dv-001", cell="chi-bo-khom-1", workplace="dang-uy-so-giao-duc", at=NOW):
    meeting = Meeting(id=f"{cell}~20261212-1", cell_id=cell, date=date(2026, 12, 12))
    return lambda code: new_letter(code, member_id, "Nguyễn Văn An", cell, workplace, [meeting], [], "om_dau",
                                   "", at, "dangvien")


def submit(repos, token, at, make):
    """A letter made under a one-time token, composed from the contract as the service does."""
    with repos.transaction():
        earlier = repos.tokens.used(token)
        if earlier:
            return repos.letters.get(earlier), False
        letter = make(repos.letters.next_code(at.year))
        repos.letters.add(letter)
        repos.tokens.use(token, letter.code)
    return letter, True


@pytest.fixture
def tinydb_repos(tmp_path):
    return open_store(tmp_path / "data")


def test_submit_get_and_lists(repos):
    letter, created = submit(repos, "t1", NOW, build())
    other, _ = submit(repos, "t2", NOW, build(member_id="dv-009", workplace="dang-uy-benh-vien-tinh"))
    assert created and letter.code == "VS-2026-00001" and other.code == "VS-2026-00002"
    assert repos.letters.get(letter.code) == letter
    assert repos.letters.get("VS-2026-09999") is None
    assert repos.letters.for_member("dv-001") == [letter]
    assert repos.letters.waiting_for_workplace("dang-uy-so-giao-duc") == [letter]
    assert repos.letters.waiting_for_cell("chi-bo-khom-1") == []
    assert {x.code for x in repos.letters.for_cell("chi-bo-khom-1", 2026)} == {letter.code, other.code}
    assert repos.letters.count_waiting_for_workplace("dang-uy-so-giao-duc") == 1
    assert repos.letters.count_waiting_for_cell("chi-bo-khom-1") == 0


def test_the_embedded_store_keeps_every_letter_in_its_one_file(tinydb_repos):
    """TinyDB only: the whole store is one JSON file; a letter is a record of its `letters` table."""
    letter, _ = submit(tinydb_repos, "t1", NOW, build())
    assert sorted(path.name for path in tinydb_repos.store.root.iterdir() if not path.name.startswith(".")) == [
        "store.json"]
    tables = json.loads((tinydb_repos.store.root / "store.json").read_text(encoding="utf-8"))
    assert [record["code"] for record in tables["letters"].values()] == [letter.code]
    assert {record["token"] for record in tables["tokens"].values()} == {"t1"}


def test_the_same_token_makes_one_letter(repos):
    first, created = submit(repos, "same", NOW, build())
    again, created_again = submit(repos, "same", NOW, build())
    assert created and not created_again and again == first
    assert len(repos.letters.for_member("dv-001")) == 1


def test_concurrent_posts_of_one_token_make_one_letter(repos):
    results = []

    def post():
        results.append(submit(repos, "race", NOW, build()))
    threads = [threading.Thread(target=post) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len({letter.code for letter, _ in results}) == 1
    assert sum(created for _, created in results) == 1


def test_update_moves_the_letter_between_queues(repos):
    letter, _ = submit(repos, "t", NOW, build())
    repos.letters.update(letter.code, lambda x: transition(x, Action.CONFIRM, NOW, "capuy"))
    assert repos.letters.waiting_for_workplace("dang-uy-so-giao-duc") == []
    assert [x.code for x in repos.letters.waiting_for_cell("chi-bo-khom-1")] == [letter.code]
    assert repos.letters.count_waiting_for_cell("chi-bo-khom-1") == 1
    _, after = repos.letters.update(letter.code, lambda x: transition(x, Action.AGREE, NOW, "bithu"))
    assert after.is_agreed and repos.letters.waiting_for_cell("chi-bo-khom-1") == []
    assert repos.letters.for_member("dv-001")[0].state == LetterState.AGREED


def test_a_letter_the_workplace_declined_waits_for_the_cell(repos):
    letter, _ = submit(repos, "t", NOW, build())
    repos.letters.update(letter.code, lambda x: transition(x, Action.DECLINE, NOW, "capuy", "chưa rõ lịch"))
    assert repos.letters.waiting_for_workplace("dang-uy-so-giao-duc") == []
    assert [x.code for x in repos.letters.waiting_for_cell("chi-bo-khom-1")] == [letter.code]
    assert repos.letters.count_waiting_for_cell("chi-bo-khom-1") == 1
    _, after = repos.letters.update(letter.code, lambda x: transition(x, Action.AGREE, NOW, "bithu"))
    assert after.is_agreed and after.workplace_declined and repos.letters.count_waiting_for_cell("chi-bo-khom-1") == 0


def test_a_refused_change_leaves_the_record(repos):
    letter, _ = submit(repos, "t", NOW, build())
    with pytest.raises(LetterError):
        repos.letters.update(letter.code, lambda x: transition(x, Action.AGREE, NOW, "bithu"))
    assert repos.letters.get(letter.code) == letter


def test_codes_number_per_year(repos):
    later, _ = submit(repos, "y", datetime(2027, 1, 2, tzinfo=ZONE), build(at=datetime(2027, 1, 2, tzinfo=ZONE)))
    assert later.code == "VS-2027-00001"
    assert repos.letters.next_code(2027) == "VS-2027-00002" and repos.letters.next_code(2026) == "VS-2026-00001"


def test_lists_are_newest_first_and_unknown_codes_are_refused(repos):
    first, _ = submit(repos, "a", NOW, build())
    second, _ = submit(repos, "b", datetime(2026, 11, 21, 9, 0, tzinfo=ZONE),
                       build(at=datetime(2026, 11, 21, 9, 0, tzinfo=ZONE)))
    assert [x.code for x in repos.letters.for_member("dv-001")] == [second.code, first.code]
    assert [x.code for x in repos.letters.waiting_for_workplace("dang-uy-so-giao-duc")] == [second.code, first.code]
    with pytest.raises(KeyError):
        repos.letters.update("VS-2026-09999", lambda x: transition(x, Action.CONFIRM, NOW, "capuy"))


def test_the_cell_year_holds_a_december_letter_for_a_january_meeting(repos):
    december = datetime(2026, 12, 28, 8, 0, tzinfo=ZONE)
    meeting = Meeting(id="chi-bo-khom-1~20270108-1", cell_id="chi-bo-khom-1", date=date(2027, 1, 8))
    letter, _ = submit(repos, "dec", december, lambda code: new_letter(
        code, "dv-001", "Nguyễn Văn An", "chi-bo-khom-1", "dang-uy-so-giao-duc", [meeting], [], "di_xa", "",
        december, "dangvien"))
    assert [x.code for x in repos.letters.for_cell("chi-bo-khom-1", 2027)] == [letter.code]
    assert [x.code for x in repos.letters.for_cell("chi-bo-khom-1", 2026)] == [letter.code]
