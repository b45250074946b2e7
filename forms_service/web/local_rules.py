"""The administrator's page of local practices: every row of the rule book
(data/rules/local-practices.json) year by year, with what its source says, the years the
handbook chose, whether it applies and who switched it; a button switches one year of a row
on or off, and a form switches a year for one commune or ward of the province."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from wtforms import HiddenField, IntegerField
from wtforms.validators import AnyOf, DataRequired, NumberRange, Optional, Regexp

from ..domain import clock
from ..domain.local_rules import REPORTED_NOT_CONFIRMED, SWITCH_RULE, load_rule_book
from ..domain.org import UnitKind
from ..services import org as org_service
from ..services.local_rules import CommuneOutsideProvince, NotSwitchable, switch, switch_rows
from .auth import current_account, repos, requires
from .forms import BaseForm, RadioField, SelectField

bp = Blueprint("local_rules", __name__)

PAGE = "/quan-tri/quy-dinh-dia-phuong"
NO_SUCH_ROW = "Sổ quy định không có dòng nào cho cách làm, nơi và năm này; chưa thay đổi gì."
OUTSIDE = "Xã, phường đã chọn không thuộc tỉnh đã chọn; chưa thay đổi gì."


class SwitchForm(BaseForm):
    """One year of one row (the buttons beside each row)."""
    practice = HiddenField(validators=[DataRequired(message=NO_SUCH_ROW)])
    province = HiddenField(validators=[DataRequired(message=NO_SUCH_ROW)])
    part = HiddenField(validators=[Optional()])
    year = IntegerField(validators=[DataRequired(message=NO_SUCH_ROW), NumberRange(2000, 2100, message=NO_SUCH_ROW)])
    on = HiddenField(validators=[AnyOf(["1", "0"], message=NO_SUCH_ROW)])


class CommuneSwitchForm(BaseForm):
    """One year of a practice for one commune or ward: wins over the row of its province."""
    practice = SelectField("Cách làm", validators=[DataRequired(message="Chọn cách làm.")])
    province = SelectField("Tỉnh", validators=[DataRequired(message="Chọn tỉnh.")])
    # every commune of the store is offered, and the service refuses one of another province
    commune = SelectField("Xã, phường", validate_choice=False,
                          validators=[DataRequired(message="Chọn xã, phường.")])
    year = SelectField("Năm", validate_choice=False,
                       validators=[DataRequired(message="Chọn năm."),
                                   Regexp(r"^20\d\d$", message="Chọn một năm có trong danh sách.")])
    on = RadioField("Áp dụng ở xã, phường này?", choices=[("1", "Bật (áp dụng)"), ("0", "Tắt (không áp dụng)")],
                    validators=[DataRequired(message="Chọn bật hoặc tắt.")])


def _commune_form(formdata=None) -> CommuneSwitchForm:
    book = load_rule_book()
    org = org_service.structure(repos())
    form = CommuneSwitchForm(formdata=formdata, prefix="xa")
    form.practice.choices = [("", "Chọn cách làm")] + [(p.id, p.label) for p in book.practices.values()]
    provinces = sorted({s.province_id for s in book.settings})
    form.province.choices = [("", "Chọn tỉnh")] + [(p, org.get(p).name if org.get(p) else p) for p in provinces]
    form.commune.choices = [("", "Chọn xã, phường")] + [
        (c.id, f"{c.name} ({org.get(c.parent_id).name if org.get(c.parent_id) else ''})")
        for c in org.of_kind(UnitKind.COMMUNE)]
    until = clock.today().year + 1
    years = sorted({y for s in book.settings for y in s.years(until)}, reverse=True)
    form.year.choices = [("", "Chọn năm")] + [(str(y), str(y)) for y in years]
    return form


def _page(commune_form: CommuneSwitchForm, status: int = 200):
    book = load_rule_book()
    org = org_service.structure(repos())
    unit_name = (lambda unit_id: org.get(unit_id).name if org.get(unit_id) else unit_id)
    practices = [(book.practices[practice], rows) for practice, rows in switch_rows(repos())]
    return render_template("local_rules/index.html", practices=practices, notes=book.notes,
                           place_name=lambda setting: book.place_name(setting, unit_name), unit_name=unit_name,
                           reported=REPORTED_NOT_CONFIRMED, commune_form=commune_form), status


@bp.get(PAGE)
@requires(SWITCH_RULE)
def index():
    return _page(_commune_form())


@bp.post(PAGE)
@requires(SWITCH_RULE)
def change():
    if any(key.startswith("xa-") for key in request.form):
        return _change_for_commune()
    form = SwitchForm()
    if not form.validate_on_submit():
        flash(NO_SUCH_ROW)
        return redirect(url_for("local_rules.index"), 303)
    account = current_account()
    try:
        done = switch(repos(), account.username, account.display_name, form.practice.data, form.province.data,
                      form.year.data, form.on.data == "1", part=form.part.data or None)
    except NotSwitchable:
        flash(NO_SUCH_ROW)
        return redirect(url_for("local_rules.index"), 303)
    return _done(done)


def _change_for_commune():
    form = _commune_form(request.form)
    if not form.validate_on_submit():
        return _page(form, 400)
    account = current_account()
    try:
        done = switch(repos(), account.username, account.display_name, form.practice.data, form.province.data,
                      int(form.year.data), form.on.data == "1", commune_id=form.commune.data)
    except CommuneOutsideProvince:
        form.commune.errors = [OUTSIDE]
        return _page(form, 400)
    except NotSwitchable:
        form.year.errors = [NO_SUCH_ROW]
        return _page(form, 400)
    return _done(done)


def _done(done):
    book = load_rule_book()
    org = org_service.structure(repos())
    label = book.practices[done.rule].label
    commune = org.get(done.part)   # a former province is no unit: its switch is its row's
    where = f" riêng cho {commune.name}" if commune else ""
    flash(f"Đã {'bật' if done.on else 'tắt'} “{label}” năm {done.year}{where}.")
    anchor = "rieng-xa-phuong" if commune else f"{done.rule}-{done.key[1]}-{done.year}"
    return redirect(url_for("local_rules.index", _anchor=anchor), 303)
