"""Lists an officer takes away: the members of a commune, a workplace or a residence cell with
their account's state, who still needs this year's comment, who has not met this year; as a
page, a CSV, a spreadsheet and a printable PDF."""
from __future__ import annotations

from flask import Blueprint, abort, render_template, url_for

from ..documents.member_lists import list_csv, list_pdf, list_xlsx
from ..domain import clock
from ..domain.access import Scope
from ..domain.member_lists import LIST_TITLES, VIEW_MEMBER_LISTS
from ..domain.org import UnitKind
from ..services import org as org_service
from ..services.member_lists import LIST_KINDS, member_list
from .auth import authorize, repos
from .downloads import CSV, PDF, ascii_name, file_response

bp = Blueprint("member_lists", __name__)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("trang", "csv", "xlsx", "pdf")
# the address of each kind of unit, and the scope its officers are checked against
PLACES = {UnitKind.COMMUNE: ("xa-phuong", "commune_id"), UnitKind.WORKPLACE: ("noi-cong-tac", "workplace_id"),
          UnitKind.RESIDENCE_CELL: ("chi-bo", "cell_id")}


def list_url(unit, which: str = LIST_KINDS[0], dang: str = "trang") -> str:
    """The address of a unit's list (the home and admin pages link here)."""
    return url_for(f"member_lists.{PLACES[unit.kind][1]}", danh_sach=which, dang=dang,
                   **{PLACES[unit.kind][1]: unit.id})


def _show(kind: UnitKind, unit_id: str, danh_sach: str, dang: str):
    parameter = PLACES[kind][1]
    org = org_service.structure(repos())
    # a cell's list is also its commune's to see
    commune = org.commune_of(unit_id) if kind == UnitKind.RESIDENCE_CELL else None
    authorize(VIEW_MEMBER_LISTS, Scope(**{parameter: unit_id}, **({"commune_id": commune} if commune else {})))
    unit = org.get(unit_id)
    if unit is None or unit.kind != kind or danh_sach not in LIST_KINDS or dang not in FORMATS:
        abort(404)
    now = clock.now()
    found = member_list(repos(), unit, danh_sach, now.year, now)
    name = ascii_name(f"{found.title} - {unit.name}").replace(" ", "-").lower()
    if dang == "csv":
        return file_response(list_csv(found.lines), f"{name}.csv", CSV)
    if dang == "xlsx":
        return file_response(list_xlsx(found.title, unit, found.lines), f"{name}.xlsx", XLSX)
    if dang == "pdf":
        return file_response(list_pdf(found.title, unit, org, found.lines, now.date()), f"{name}.pdf", PDF)
    cells = org.children(unit.id, UnitKind.RESIDENCE_CELL) if kind == UnitKind.COMMUNE else []
    return render_template("admin/member_list.html", found=found, unit=unit, cells=cells, list_url=list_url,
                           titles={which: LIST_TITLES[which].format(year=now.year) for which in LIST_KINDS})


@bp.get("/danh-sach/xa-phuong/<commune_id>/<danh_sach>", defaults={"dang": "trang"})
@bp.get("/danh-sach/xa-phuong/<commune_id>/<danh_sach>.<dang>")
def commune_id(commune_id: str, danh_sach: str, dang: str):
    return _show(UnitKind.COMMUNE, commune_id, danh_sach, dang)


@bp.get("/danh-sach/noi-cong-tac/<workplace_id>/<danh_sach>", defaults={"dang": "trang"})
@bp.get("/danh-sach/noi-cong-tac/<workplace_id>/<danh_sach>.<dang>")
def workplace_id(workplace_id: str, danh_sach: str, dang: str):
    return _show(UnitKind.WORKPLACE, workplace_id, danh_sach, dang)


@bp.get("/danh-sach/chi-bo/<cell_id>/<danh_sach>", defaults={"dang": "trang"})
@bp.get("/danh-sach/chi-bo/<cell_id>/<danh_sach>.<dang>")
def cell_id(cell_id: str, danh_sach: str, dang: str):
    return _show(UnitKind.RESIDENCE_CELL, cell_id, danh_sach, dang)
