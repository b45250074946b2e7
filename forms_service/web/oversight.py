"""Oversight of how Regulation 213 is carried out: per residence cell and per commune,
working members, meetings held, attendance rate, absences without reason, comments
asked for and returned. Reads the per-cell yearly summaries (one small file per
commune and year), never every meeting. CSV in UTF-8 with a BOM so Excel shows the
Vietnamese right."""
from __future__ import annotations

import csv
import io

from flask import Blueprint, abort, render_template, url_for

from ..domain.access import Relation, Role, Scope, define
from ..domain.org import UnitKind
from ..domain.training_room import without_the_room
from ..domain.attendance_register import CellYearNumbers
from ..services import org as org_service
from ..services.attendance_register import commune_numbers, communes_numbers
from .auth import audit, authorize, repos
from .downloads import CSV, file_response
from .attendance_register import chosen_year
from .home import Waiting

bp = Blueprint("oversight", __name__)

VIEW_OVERSIGHT = define("oversight.view", COMMUNE_OFFICER=Relation.UNIT, ADMIN=Relation.ANY)
VIEW_COMMUNE = define("oversight.commune", COMMUNE_OFFICER=Relation.COMMUNE, ADMIN=Relation.ANY)

COLUMNS = ("Đảng viên đang công tác", "Buổi đã lên lịch", "Buổi đã sinh hoạt", "Tỷ lệ tham gia",
           "Vắng không lý do chính đáng", "Phiếu nhận xét được xin", "Phiếu đã gửi về")


def _total(cell_id: str, year: int, rows: list[CellYearNumbers]) -> CellYearNumbers:
    fields = ("working_members", "meetings_scheduled", "meetings_held", "expected_attendances", "present",
              "unexcused", "comments_requested", "comments_returned")
    return CellYearNumbers(cell_id, year, **{f: sum(getattr(r, f) for r in rows) for f in fields})


def rate(numbers: CellYearNumbers) -> str:
    value = numbers.attendance_rate
    return "–" if value is None else f"{value * 100:.0f}%".replace(".", ",")


def _values(numbers: CellYearNumbers) -> list:
    return [numbers.working_members, numbers.meetings_scheduled, numbers.meetings_held, rate(numbers),
            numbers.unexcused, numbers.comments_requested, numbers.comments_returned]


@bp.get("/giam-sat/")
def index():
    actor = authorize(VIEW_OVERSIGHT)
    if actor.role == Role.COMMUNE_OFFICER:
        return commune(actor.unit_id)
    year = chosen_year()
    org = org_service.structure(repos())
    communes = [(c, _total(c.id, year, [n for _, n in rows]))
                for c, rows in communes_numbers(repos(), org, without_the_room(org.of_kind(UnitKind.COMMUNE)), year)]
    return render_template("oversight/province.html", year=year, communes=communes, columns=COLUMNS, values=_values,
                           total=_total("", year, [n for _, n in communes]))


@bp.get("/giam-sat/<commune_id>")
def commune(commune_id: str):
    authorize(VIEW_COMMUNE, Scope(commune_id=commune_id))
    org = org_service.structure(repos())
    unit = org.get(commune_id)
    if unit is None or unit.kind != UnitKind.COMMUNE:
        abort(404)
    year = chosen_year()
    rows = commune_numbers(repos(), org, commune_id, year)
    return render_template("oversight/commune.html", year=year, unit=unit, rows=rows, columns=COLUMNS, values=_values,
                           total=_total(commune_id, year, [n for _, n in rows]))


@bp.get("/giam-sat/nam-<int:year>.csv")
def export(year: int):
    actor = authorize(VIEW_OVERSIGHT)
    org = org_service.structure(repos())
    communes = ([org.get(actor.unit_id)] if actor.role == Role.COMMUNE_OFFICER
                else without_the_room(org.of_kind(UnitKind.COMMUNE)))
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["Năm", "Đảng ủy xã, phường", "Chi bộ nơi cư trú", *COLUMNS])
    for unit, rows in communes_numbers(repos(), org, communes, year):
        for cell, numbers in rows:
            writer.writerow([year, unit.name, cell.name, *_values(numbers)])
    audit("tai_bao_cao_giam_sat", actor.unit_id or "tinh", nam=year)
    return file_response(("\ufeff" + buffer.getvalue()).encode("utf-8"), f"Thực hiện Quy định 213 năm {year}.csv", CSV)


def waiting(actor, home) -> list[Waiting]:
    """The commune officer's and administrator's way into oversight."""
    if actor.role == Role.COMMUNE_OFFICER and actor.unit_id:
        return [Waiting("Tình hình thực hiện Quy định 213: số chi bộ nơi cư trú", home.cells, url_for("oversight.index"))]
    if actor.role == Role.ADMIN:
        return [Waiting("Tình hình thực hiện Quy định 213: số đảng ủy xã, phường", home.communes,
                        url_for("oversight.index"))]
    return []


