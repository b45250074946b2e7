"""Units on the web: the administrator (and a commune's committee for its cells) creates,
renames and merges units. Each page asks one thing; each change is saved with its audit line."""
from __future__ import annotations

from typing import Callable

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from wtforms import Field, StringField
from wtforms.validators import DataRequired, Length, ValidationError

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

    def validate_target(self, field):
        # the choices are the units in reach that may take this one in, set by the page
        if field.data not in {choice.value for choice in field.choices}:
            raise ValidationError("Vui lòng chọn một đơn vị trong danh sách.")


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


def _form_page(template: str, form: BaseForm, change: Callable[[], str], refused_at: Field, **context):
    """The page of a change to units: once the form is valid, `change()` is made and what it
    says is flashed over the list of units. A refusal is said at the field `refused_at`, a store
    that fails above the form; either way the page comes back with what was typed."""
    problem = None
    if form.validate_on_submit():
        try:
            flash(change())
        except unit_service.UnitRefused as refused:
            refused_at.errors.append(str(refused))
        except StoreError:
            problem = SAVE_FAILED
        else:
            return redirect(url_for("units.index"))
    return render_template(template, form=form, problem=problem, **context)


@bp.route("/don-vi/them", methods=["GET", "POST"])
def create():
    actor = authorize(MANAGE_UNITS)
    org = org_service.structure(repos())
    form = NewUnitForm()
    admin = actor.role == Role.ADMIN
    if admin:
        form.parent.choices = [("", "(không có: đảng bộ tỉnh)")] + [
            (u.id, u.name) for kind in (UnitKind.PROVINCE, UnitKind.COMMUNE, UnitKind.SUPERIOR) for u in org.of_kind(kind)]
    else:   # a commune's committee adds residence cells under itself
        del form.kind, form.parent

    def create_unit() -> str:
        unit = Unit(form.unit_id.data.strip().lower(), UnitKind(form.kind.data) if admin else UnitKind.RESIDENCE_CELL,
                    form.name.data.strip(), (form.parent.data or None) if admin else actor.unit_id,
                    (form.place.data or "").strip())
        unit_service.create_unit(repos(), actor, unit)
        return f"Đã thêm {unit.name}."
    return _form_page("admin/unit_new.html", form, create_unit, form.unit_id)


@bp.route("/don-vi/<unit_id>/doi-ten", methods=["GET", "POST"])
def rename(unit_id: str):
    actor = authorize(MANAGE_UNITS)
    unit = _unit(actor, unit_id)
    form = RenameForm(data={"on": clock.today()})

    def rename_unit() -> str:
        unit_service.rename_unit(repos(), actor, unit.id, form.name.data, form.on.data)
        return f"Đã đổi tên {unit.name} thành {form.name.data.strip()}."
    return _form_page("admin/unit_rename.html", form, rename_unit, form.name, unit=unit)


@bp.route("/don-vi/<unit_id>/sap-nhap", methods=["GET", "POST"])
def merge(unit_id: str):
    actor = authorize(MANAGE_UNITS)
    unit = _unit(actor, unit_id)
    org = org_service.structure(repos())
    form = MergeForm(data={"on": clock.today()})
    form.target.choices = [("", "(chọn đơn vị)")] + [
        (u.id, u.name) for u in _in_reach(actor, org) if u.kind == unit.kind and u.id != unit.id]

    def merge_units() -> str:
        joined = unit_service.merge_units(repos(), actor, unit.id, form.target.data, form.on.data)
        return f"Đã sáp nhập {unit.name} vào {joined.name}."
    return _form_page("admin/unit_merge.html", form, merge_units, form.target, unit=unit)
