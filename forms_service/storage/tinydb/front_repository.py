"""The Front work committee's opinions: one shard per residence cell (`front-opinions/<cell>`),
one record per member and year, keyed `<member>.<year>`."""
from __future__ import annotations

from ...domain.front import FrontOpinion, opinion_key
from ..record_versions import stamp, upgrade
from .store import Store


class FrontOpinionRepository:
    def __init__(self, store: Store):
        self.store = store

    def _shard(self, cell_id: str):
        return self.store.shard("front-opinions", cell_id)

    def get(self, cell_id: str, member_id: str, year: int) -> FrontOpinion | None:
        doc = self._shard(cell_id).get("key", opinion_key(member_id, year))
        return FrontOpinion.from_record(upgrade("front-opinions", doc)) if doc else None

    def for_cell(self, cell_id: str, year: int) -> list[FrontOpinion]:
        return [FrontOpinion.from_record(upgrade("front-opinions", d)) for d in self._shard(cell_id).all()
                if d["year"] == year]

    def save(self, opinion: FrontOpinion) -> None:
        """Keep the opinion, replacing the member's earlier one of the same year."""
        self._shard(opinion.cell_id).put("key", stamp("front-opinions", opinion.to_record()))
