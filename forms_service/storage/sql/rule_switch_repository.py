"""The administrator's switches of local practices: one row per practice, province and year
(table `rule_switches`), replaced by the latest decision; the audit table keeps the earlier ones."""
from __future__ import annotations

from ...domain.local_rules import RuleSwitch
from .database import Database
from .records import upsert


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
        upsert(self.db, "rule_switches", columns(switch.to_record()), ("rule", "province_id", "year"))
