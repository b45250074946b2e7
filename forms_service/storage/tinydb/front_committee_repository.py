"""The Front work committee's opinions: the `front-opinions` table, one record per member and
year, keyed `<member>.<year>`."""
from __future__ import annotations

from ...domain.front_committee import FrontOpinion, opinion_key
from ..record_versions import stamp, upgrade
from .store import Store

TABLE = "front-opinions"  # stored data: the table's name in every existing JSON file, so it keeps its first name


def _opinion(doc: dict) -> FrontOpinion:
    return FrontOpinion.from_record(upgrade(TABLE, doc))


class FrontOpinionRepository:
    def __init__(self, store: Store):
        self.store = store

    def get(self, cell_id: str, member_id: str, year: int) -> FrontOpinion | None:
        key = opinion_key(member_id, year)
        doc = self.store.first(TABLE, lambda doc: doc["cell_id"] == cell_id and doc["key"] == key)
        return _opinion(doc) if doc else None

    def for_cell(self, cell_id: str, year: int) -> list[FrontOpinion]:
        found = self.store.find(TABLE, lambda doc: doc["cell_id"] == cell_id and doc["year"] == year)
        return sorted(map(_opinion, found), key=lambda opinion: opinion.member_id)

    def save(self, opinion: FrontOpinion) -> None:
        """Keep the opinion, replacing the member's earlier one of the same year."""
        self.store.put(TABLE, lambda doc: (doc["cell_id"], doc["key"]), stamp(TABLE, opinion.to_record()))
