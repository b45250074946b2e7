"""The administrator's switches of local practices, on each of the three stores: the latest decision
per practice, province and year; and switches saved before practices had names (the rating
cap's) still read, as the cap's, after the upgrade of each store."""
from __future__ import annotations

import json
import shutil
from datetime import datetime

import pytest

from forms_service.domain.clock import ZONE
from forms_service.domain.local_rules import ABSENCES_IN_OTHER_REMARKS, RATING_CAP, WORKPLACE_CONFIRMS_FIRST, RuleSwitch
from forms_service.storage import open_store

AT = datetime(2026, 11, 30, 9, 15, tzinfo=ZONE)
LATER = datetime(2026, 12, 1, 8, 0, tzinfo=ZONE)


@pytest.fixture
def repos(empty_store_location):
    store = open_store(empty_store_location)
    yield store
    store.close()


def switch(rule: str, year: int, on: bool, at: datetime = AT, province: str = "tinh-dong-thap") -> RuleSwitch:
    return RuleSwitch(rule, province, year, on, "quantri", "Quản trị hệ thống", at)


def test_an_empty_store_has_no_switch(repos):
    assert repos.rule_switches.all() == []


def test_each_practice_province_and_year_keeps_its_latest_decision(repos):
    saved = [switch(RATING_CAP, 2026, True), switch(WORKPLACE_CONFIRMS_FIRST, 2026, False),
             switch(ABSENCES_IN_OTHER_REMARKS, 2026, False), switch(RATING_CAP, 2025, True),
             switch(RATING_CAP, 2026, True, province="tinh-khac")]
    for one in saved:
        repos.rule_switches.save(one)
    changed = switch(RATING_CAP, 2026, False, at=LATER)
    repos.rule_switches.save(changed)
    found = {s.key: s for s in repos.rule_switches.all()}
    assert len(found) == 5 and found[changed.key] == changed
    assert found[(WORKPLACE_CONFIRMS_FIRST, "tinh-dong-thap", 2026)] == saved[1]
    assert found[(RATING_CAP, "tinh-khac", 2026)] == saved[4]


def test_a_switch_saved_in_a_unit_of_work_that_fails_is_not_kept(repos):
    with pytest.raises(RuntimeError):
        with repos.transaction():
            repos.rule_switches.save(switch(WORKPLACE_CONFIRMS_FIRST, 2026, False))
            raise RuntimeError("the audit line could not be written")
    assert repos.rule_switches.all() == []


OLD_CAP_SWITCH = {"k": "tinh-dong-thap:2026", "province_id": "tinh-dong-thap", "year": 2026, "on": True,
                  "by": "quantri", "by_name": "Quản trị hệ thống", "at": AT.isoformat(timespec="seconds")}


def test_tinydb_reads_a_switch_saved_before_practices_had_names_as_the_caps(tmp_path):
    """TinyDB only: it is about the shape of the records in TinyDB's file (schema.py); the
    SQL store's schema begins after the practices had names."""
    repos = open_store(tmp_path / "data")
    with repos.transaction():
        repos.store.table("rule-switches").insert(dict(OLD_CAP_SWITCH))
    [old] = repos.rule_switches.all()
    assert old == switch(RATING_CAP, 2026, True)
    repos.rule_switches.save(switch(RATING_CAP, 2026, False, at=LATER))  # replaces the old record
    repos.rule_switches.save(switch(WORKPLACE_CONFIRMS_FIRST, 2026, False))
    assert sorted((s.rule, s.on) for s in repos.rule_switches.all()) == [(RATING_CAP, False),
                                                                         (WORKPLACE_CONFIRMS_FIRST, False)]
    assert len(repos.store.records("rule-switches")) == 2
