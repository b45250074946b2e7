"""The administrator's switches of local practices: the `rule-switches` table, one record per
practice, province and year, replaced by the latest decision.

Records written before practices had names (schema version 1) were the rating cap's, keyed
"province:year"; they are read as the cap's (record_versions.py) and replaced by the next decision."""
from __future__ import annotations

from ...domain.local_rules import RuleSwitch
from ..record_versions import stamp, upgrade
from .store import Store

TABLE = "rule-switches"


def record_key(rule: str, province_id: str, year: int) -> str:
    return f"{rule}:{province_id}:{year}"


def _switch(doc: dict) -> RuleSwitch:
    return RuleSwitch.from_record(upgrade(TABLE, dict(doc)))


class RuleSwitchRepository:
    def __init__(self, store: Store):
        self.store = store

    def all(self) -> list[RuleSwitch]:
        latest: dict[tuple, RuleSwitch] = {}
        for switch in map(_switch, self.store.records(TABLE)):
            if switch.key not in latest or switch.at > latest[switch.key].at:
                latest[switch.key] = switch
        return list(latest.values())

    def save(self, switch: RuleSwitch) -> None:
        key = record_key(*switch.key)
        with self.store.transaction():
            table = self.store.table(TABLE)
            # an old-shaped record of the same switch has another "k": matched once upgraded
            table.remove(lambda doc: upgrade(TABLE, dict(doc))["k"] == key)
            table.insert(stamp(TABLE, {"k": key, **switch.to_record()}))
