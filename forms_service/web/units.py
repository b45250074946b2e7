"""Units on the web: the administrator (and a commune's committee for its cells) creates,
renames and merges units. Each page asks one thing; each change is saved with its audit line."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from ..domain import clock
from ..domain.access import Actor, Role
from ..domain.onboarding import MANAGE_UNITS, unit_reach_problem
from ..domain.org import KIND_LABELS, MERGEABLE, OrgStructure, Unit, UnitKind
from ..services import org as org_service, units as unit_service
from ..storage import StoreError
from .auth import authorize, repos
from .forms import BaseForm, SelectField, VietnameseDateField

bp = Blueprint("units", __name__)
SAVE_FAILED = "Chưa lưu được vì máy chủ lưu trữ đang bận hoặc lỗi. Vui lòng thử lại sau ít phút."
NAME = [DataRequired("Vui lòng nhập tên đơn vị."), Length(max=200, message="Tên đơn vị tối đa 200 ký tự.")]


class NewUnitForm(BaseForm):
    kind = SelectField("Loại đơn vị", choices=[(str(k), label) for k, label in KIND_LABELS.items()])
    parent = SelectField("Đơn vị cấp trên", validate_choice=False)
    name = StringField("Tên đơn vị, như in trên văn bản", validators=NAME)
    unit_id = StringField("Mã đơn vị", validators=[DataRequired("Vui lòng nhập mã đơn vị."),
                                                   Length(max=60, message="Mã đơn vị tối đa 60 ký tự.")])
    place = StringField("Địa danh ở dòng ngày tháng", validators=[Length(max=100, message="Địa danh tối đa 100 ký tự.")])


class RenameForm(BaseForm):
    name = StringField("Tên mới", validators=NAME)
    on = VietnameseDateField("Ngày bắt đầu dùng tên mới", validators=[DataRequired("Vui lòng nhập ngày.")])


class MergeForm(BaseForm):
    target = SelectField("Sáp nhập vào đơn vị nào?", validate_choice=False,
                         validators=[DataRequired("Vui lòng chọn đơn vị nhận sáp nhập.")])
    on = VietnameseDateField("Ngày sáp nhập", validators=[DataRequired("Vui lòng nhập ngày.")])


def _in_reach(actor: Actor, org: OrgStructure) -> list[Unit]:
    if actor.role == Role.ADMIN:
        return [u for kind in MERGEABLE for u in org.of_kind(kind)]
    return org.children(actor.unit_id, UnitKind.RESIDENCE_CELL)


def _unit(actor: Actor, unit_id: str) -> Unit:
    unit = org_service.structure(repos()).get(unit_id)
    if unit is None or unit.merged_into:
        abort(404)
    if unit_reach_problem(actor, unit):
        abort(403)
    return unit


@bp.get("/don-vi/")
def index():
    actor = authorize(MANAGE_UNITS)
    org = org_service.structure(repos())
    return render_template("admin/units.html", units=_in_reach(actor, org), org=org, labels=KIND_LABELS)


@bp.route("/don-vi/them", methods=["GET", "POST"])
def create():
    actor = authorize(MANAGE_UNITS)
    org = org_service.structure(repos())
    form = NewUnitForm()
    if actor.role == Role.ADMIN:
        form.parent.choices = [("", "(không có: đảng bộ tỉnh)")] + [
            (u.id, u.name) for kind in (UnitKind.PROVINCE, UnitKind.COMMUNE, UnitKind.SUPERIOR) for u in org.of_kind(kind)]
    else:   # a commune's committee adds residence cells under itself
        del form.kind, form.parent
    problem = None
    if form.validate_on_submit():
        admin = actor.role == Role.ADMIN
        unit = Unit(form.unit_id.data.strip().lower(), UnitKind(form.kind.data) if admin else UnitKind.RESIDENCE_CELL,
                    form.name.data.strip(), (form.parent.data or None) if admin else actor.unit_id,
                    (form.place.data or "").strip())
        try:
            unit_service.create_unit(repos(), actor, unit)
        except unit_service.UnitRefused as refused:
            form.unit_id.errors.append(str(refused))
        except StoreError:
            problem = SAVE_FAILED
        else:
            flash(f"Đã thêm {unit.name}.")
            return redirect(url_for("units.index"))
    return render_template("admin/unit_new.html", form=form, problem=problem)


@bp.route("/don-vi/<unit_id>/doi-ten", methods=["GET", "POST"])
def rename(unit_id: str):
    actor = authorize(MANAGE_UNITS)
    unit = _unit(actor, unit_id)
    form = RenameForm(data={"on": clock.today()})
    problem = None
    if form.validate_on_submit():
        try:
            unit_service.rename_unit(repos(), actor, unit.id, form.name.data, form.on.data)
        except unit_service.UnitRefused as refused:
            form.name.errors.append(str(refused))
        except StoreError:
            problem = SAVE_FAILED
        else:
            flash(f"Đã đổi tên {unit.name} thành {form.name.data.strip()}.")
            return redirect(url_for("units.index"))
    return render_template("admin/unit_rename.html", form=form, unit=unit, problem=problem)


@bp.route("/don-vi/<unit_id>/sap-nhap", methods=["GET", "POST"])
def merge(unit_id: str):
    actor = authorize(MANAGE_UNITS)
    unit = _unit(actor, unit_id)
    org = org_service.structure(repos())
    form = MergeForm(data={"on": clock.today()})
    targets = [(u.id, u.name) for u in _in_reach(actor, org) if u.kind == unit.kind and u.id != unit.id]
    form.target.choices = [("", "(chọn đơn vị)")] + targets
    problem = None
    if form.validate_on_submit():
        if form.target.data not in {value for value, _ in targets}:
            form.target.errors.append("Vui lòng chọn một đơn vị trong danh sách.")
        else:
            try:
                joined = unit_service.merge_units(repos(), actor, unit.id, form.target.data, form.on.data)
            except unit_service.UnitRefused as refused:
                form.target.errors.append(str(refused))
            except StoreError:
                problem = SAVE_FAILED
            else:
                flash(f"Đã sáp nhập {unit.name} vào {joined.name}.")
                return redirect(url_for("units.index"))
    return render_template("admin/unit_merge.html", form=form, unit=unit, problem=problem)
