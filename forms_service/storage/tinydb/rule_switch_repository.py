"""The administrator's switches of local rules: one small file (`settings/rule-switches`),
one record per province and year, replaced by the latest decision."""
from __future__ import annotations

from datetime import datetime

from ...domain.rating import CapSwitch
from .store import Store


def _key(province_id: str, year: int) -> str:
    return f"{province_id}:{year}"


class RuleSwitchRepository:
    def __init__(self, store: Store):
        self.store = store

    def _shard(self):
        return self.store.shard("settings", "rule-switches")

    def all(self) -> list[CapSwitch]:
        return [CapSwitch(province_id=doc["province_id"], year=int(doc["year"]), on=bool(doc["on"]), by=doc["by"],
                          by_name=doc.get("by_name", doc["by"]), at=datetime.fromisoformat(doc["at"]))
                for doc in self._shard().all()]

    def save(self, switch: CapSwitch) -> None:
        self._shard().put("k", {"k": _key(switch.province_id, switch.year), "province_id": switch.province_id,
                                "year": switch.year, "on": switch.on, "by": switch.by, "by_name": switch.by_name,
                                "at": switch.at.isoformat(timespec="seconds")})
