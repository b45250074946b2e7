"""The Front work committee's opinions (table `front_opinions`): one row per cell, member and
year; a second opinion of the same year replaces the first. The table and the records'
collection ("front-opinions") keep their stored names: renaming them would need a migration."""
from __future__ import annotations

from datetime import date

from ...domain.front_committee import FrontOpinion
from .database import Database
from .records import stamp, upgrade, upsert


def columns(record: dict) -> dict:
    return {"cell_id": record["cell_id"], "member_id": record["member_id"], "year": record["year"],
            "text": record["text"], "given_on": date.fromisoformat(record["given_on"]),
            "given_by": record["given_by"], "details": record}


def _opinion(row: dict) -> FrontOpinion:
    return FrontOpinion.from_record(upgrade("front-opinions", row["details"]))


class FrontOpinionRepository:
    def __init__(self, db: Database):
        self.db = db

    def get(self, cell_id: str, member_id: str, year: int) -> FrontOpinion | None:
        row = self.db.row("SELECT details FROM front_opinions WHERE cell_id = :cell AND member_id = :member "
                          "AND year = :year", {"cell": cell_id, "member": member_id, "year": year})
        return _opinion(row) if row else None

    def for_cell(self, cell_id: str, year: int) -> list[FrontOpinion]:
        return [_opinion(row) for row in self.db.rows(
            "SELECT details FROM front_opinions WHERE cell_id = :cell AND year = :year ORDER BY member_id",
            {"cell": cell_id, "year": year})]

    def save(self, opinion: FrontOpinion) -> None:
        """Keep the opinion, replacing the member's earlier one of the same year."""
        upsert(self.db, "front_opinions", columns(stamp("front-opinions", opinion.to_record())),
               key=("cell_id", "member_id", "year"))
