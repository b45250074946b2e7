"""The letter journey through the web on SQLite (the form, the check page, the send, as the
bench's journey) reads no table that grows with the store whole: every statement it sends is
asked for its plan (`EXPLAIN QUERY PLAN`). Apart from the waiting lists' plans
(test_query_plans.py) since it builds on the demo and its calendar."""
from __future__ import annotations

import pytest
from sqlalchemy import event

from .test_query_plans import plan

pytestmark = pytest.mark.calendar

# Tables a journey may read whole: they hold the province's few settings and units, not its
# letters, tokens, audit lines or members, so reading them does not grow with the store.
READ_WHOLE = {"rule_switches", "units"}


@pytest.mark.parametrize("backend", ["sqlite"])
def test_no_statement_of_the_letter_journey_reads_a_growing_table_whole(app, client, backend):
    """The form, the check page and the send, as the bench's journey: every statement finds its
    rows through an index (SQLite's plans: no SCAN of a table that grows with the letters). The
    bench found the send's latency at a million letters within 12 % of that at a thousand
    in-process (the WAL's fsync of deeper indexes), which a scan would not be."""
    from ...web.letters_helpers import submit_letter
    client.sign_in("dangvien")
    sent = []

    def remember(_connection, _cursor, statement, parameters, _context, _many):
        if statement.split()[0].upper() in ("SELECT", "INSERT", "UPDATE", "DELETE"):
            sent.append((statement, parameters))
    engine = app.extensions["repos"].db.engine
    event.listen(engine, "before_cursor_execute", remember)
    try:
        submit_letter(client)
    finally:
        event.remove(engine, "before_cursor_execute", remember)
    assert len(sent) >= 15 and any(statement.startswith("INSERT INTO letters") for statement, _ in sent)
    with engine.connect() as connection:
        for statement, parameters in sent:
            found = plan(connection, "sqlite", statement, parameters)
            scanned = {line.split()[1] for line in found.splitlines() if line.startswith("SCAN ")} - {"CONSTANT"}
            assert scanned <= READ_WHOLE, (statement, found)
