"""The administrator's switches of local practices on PostgreSQL: one row per practice,
province and year (table `rule_switches`, migrations 0009 and 0012), replaced by the latest
decision; the audit table keeps the earlier ones."""
from __future__ import annotations

from psycopg.types.json import Jsonb

from ...domain.local_rules import RuleSwitch
from .database import Database

COLUMNS = ("rule", "province_id", "year", "switched_on", "by_username", "by_name", "at", "details")


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
        values["details"] = Jsonb(values["details"])
        names = ", ".join(COLUMNS)
        updates = ", ".join(f"{name} = EXCLUDED.{name}" for name in COLUMNS[3:])
        self.db.run(f"INSERT INTO rule_switches ({names}) VALUES ({', '.join(['%s'] * len(COLUMNS))}) "
                    f"ON CONFLICT (rule, province_id, year) DO UPDATE SET {updates}",
                    [values[name] for name in COLUMNS])
