"""The administrator's switches of local practices on PostgreSQL: one row per practice,
province and year (table `rule_switches`, migrations 0009 and 0012), replaced by the latest
decision; the audit table keeps the earlier ones."""
from __future__ import annotations

from psycopg.types.json import Jsonb

from ...domain.local_rules import RuleSwitch
from .database import Database

SAVE = """
    INSERT INTO rule_switches (rule, province_id, year, switched_on, by_username, by_name, at, details)
    VALUES (%(rule)s, %(province_id)s, %(year)s, %(switched_on)s, %(by_username)s, %(by_name)s, %(at)s, %(details)s)
    ON CONFLICT (rule, province_id, year) DO UPDATE SET switched_on = EXCLUDED.switched_on,
        by_username = EXCLUDED.by_username, by_name = EXCLUDED.by_name, at = EXCLUDED.at, details = EXCLUDED.details
"""


def columns(record: dict) -> dict:
    """The table's columns of a switch's record (`details` is the record itself)."""
    switch = RuleSwitch.from_record(record)
    return {"rule": switch.rule, "province_id": switch.province_id, "year": switch.year,
            "switched_on": switch.on, "by_username": switch.by, "by_name": switch.by_name, "at": switch.at,
            "details": record}


class RuleSwitchRepository:
    def __init__(self, db: Database):
        self.db = db

    def all(self) -> list[RuleSwitch]:
        return [RuleSwitch.from_record(row["details"])
                for row in self.db.rows("SELECT details FROM rule_switches ORDER BY rule, province_id, year")]

    def save(self, switch: RuleSwitch) -> None:
        values = columns(switch.to_record())
        self.db.run(SAVE, {**values, "details": Jsonb(values["details"])})
