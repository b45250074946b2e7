"""The waiting lists read their partial index, never the whole `letters` table, on SQLite and
PostgreSQL: the plan of the very statement the repository sends is asked of the engine
(`EXPLAIN QUERY PLAN` on SQLite, `EXPLAIN` with sequential scans off on PostgreSQL). The
bench found a million letters read end to end for one workplace's list (5.8 s) when the states
were bound values, and all of a cell's letters for the cell's list."""
from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import event

from forms_service.domain.clock import ZONE
from forms_service.domain.letters import LetterState, new_letter
from forms_service.domain.meetings import Meeting
from forms_service.storage import open_store

START = datetime(2026, 1, 5, 9, 0, tzinfo=ZONE)
CELLS = ("chi-bo-khom-1", "chi-bo-khom-2", "chi-bo-khom-3")
WORKPLACES = ("dang-uy-so-giao-duc", "dang-uy-benh-vien-tinh", "dang-uy-cong-an-tinh")
# most letters are decided long ago; a few wait, in each waiting state
STATES = [LetterState.AGREED] * 9 + [LetterState.SUBMITTED, LetterState.CONFIRMED, LetterState.SENT_TO_CELL,
                                     LetterState.DECLINED, LetterState.NOT_AGREED]
LETTERS = 700

# each waiting list's reading, and the partial index it must read
LISTS = {
    "waiting_for_workplace": ("letters_waiting_for_workplace",
                              lambda letters: letters.waiting_for_workplace(WORKPLACES[0])),
    "count_waiting_for_workplace": ("letters_waiting_for_workplace",
                                    lambda letters: letters.count_waiting_for_workplace(WORKPLACES[0])),
    "waiting_for_cell": ("letters_waiting_for_cell", lambda letters: letters.waiting_for_cell(CELLS[0])),
    "count_waiting_for_cell": ("letters_waiting_for_cell", lambda letters: letters.count_waiting_for_cell(CELLS[0])),
}


@pytest.fixture
def store_with_letters(migrated_database):
    """A store of `LETTERS` letters over three cells and three workplaces, its statistics taken."""
    store = open_store(migrated_database)
    with store.transaction():
        for number in range(LETTERS):
            cell = CELLS[number % len(CELLS)]
            at = START + timedelta(hours=number)
            meeting = Meeting(id=f"{cell}~{number}", cell_id=cell, date=at.date() + timedelta(days=7))
            letter = new_letter(f"VS-2026-{number + 1:05d}", f"dv-{number:04d}", "Nguyễn Văn An", cell,
                                WORKPLACES[number % len(WORKPLACES)], [meeting], [], "om_dau", "", at, "dangvien")
            store.letters.add(replace(letter, state=STATES[number % len(STATES)]))
    store.db.run("ANALYZE")
    yield store
    store.close()


def sent_statement(store, read) -> tuple[str, object]:
    """The one statement `read(store.letters)` sends to the database, as the driver gets it."""
    sent = []

    def remember(_connection, _cursor, statement, parameters, _context, _many):
        if statement.lstrip().upper().startswith("SELECT"):
            sent.append((statement, parameters))
    event.listen(store.db.engine, "before_cursor_execute", remember)
    try:
        read(store.letters)
    finally:
        event.remove(store.db.engine, "before_cursor_execute", remember)
    assert len(sent) == 1, sent
    return sent[0]


def plan(connection, engine_name: str, statement: str, parameters) -> str:
    if engine_name == "sqlite":
        rows = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters).all()
        return "\n".join(row[-1] for row in rows)
    connection.exec_driver_sql("SET enable_seqscan = off")    # a small table would be read whole anyway
    return "\n".join(row[0] for row in connection.exec_driver_sql(f"EXPLAIN {statement}", parameters).all())


@pytest.mark.parametrize("reading", LISTS)
def test_a_waiting_list_reads_its_partial_index_not_the_table(reading, store_with_letters, engine_name,
                                                               migrated_database, connect):
    index, read = LISTS[reading]
    statement, parameters = sent_statement(store_with_letters, read)
    with connect(migrated_database) as connection:
        found = plan(connection, engine_name, statement, parameters)
    assert "SCAN letters" not in found and "Seq Scan on letters" not in found, found
    assert index in found, found


def test_the_lists_read_through_their_index_are_the_waiting_letters(store_with_letters):
    """The conditions written into the statements keep the lists what the domain says."""
    letters = store_with_letters.letters
    workplace = letters.waiting_for_workplace(WORKPLACES[0])
    cell = letters.waiting_for_cell(CELLS[0])
    assert workplace and all(x.workplace_id == WORKPLACES[0] and x.awaits_workplace for x in workplace)
    assert {x.state for x in cell} == {LetterState.CONFIRMED, LetterState.SENT_TO_CELL, LetterState.DECLINED}
    assert all(x.cell_id == CELLS[0] for x in cell)
    every = [x for number in range(LETTERS) if (x := letters.get(f"VS-2026-{number + 1:05d}"))]
    assert len(workplace) == sum(x.workplace_id == WORKPLACES[0] and x.awaits_workplace for x in every)
    assert len(cell) == sum(x.cell_id == CELLS[0] and x.awaits_cell for x in every)
    assert letters.count_waiting_for_cell(CELLS[0]) == len(cell)
    assert [x.submitted_at for x in cell] == sorted((x.submitted_at for x in cell), reverse=True)
