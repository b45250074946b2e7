"""The administrator's page of local practices: every row of the rule book
(data/rules/local-practices.json) year by year, with its source, whether it applies and who
switched it; a button switches one year on or off."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from wtforms import HiddenField, IntegerField
from wtforms.validators import AnyOf, DataRequired, NumberRange

from ..domain.local_rules import SWITCH_RULE, load_rule_book
from ..services import org as org_service
from ..services.local_rules import NotSwitchable, switch, switch_rows
from .auth import current_account, repos, requires
from .forms import BaseForm

bp = Blueprint("local_rules", __name__)

NO_SUCH_ROW = "Sổ quy định không có dòng nào cho cách làm, tỉnh và năm này; chưa thay đổi gì."


class SwitchForm(BaseForm):
    practice = HiddenField(validators=[DataRequired(message=NO_SUCH_ROW)])
    province = HiddenField(validators=[DataRequired(message=NO_SUCH_ROW)])
    year = IntegerField(validators=[DataRequired(message=NO_SUCH_ROW), NumberRange(2000, 2100, message=NO_SUCH_ROW)])
    on = HiddenField(validators=[AnyOf(["1", "0"], message=NO_SUCH_ROW)])


@bp.get("/quan-tri/quy-dinh-dia-phuong")
@requires(SWITCH_RULE)
def index():
    book = load_rule_book()
    org = org_service.structure(repos())
    practices = [(book.practices[practice], rows) for practice, rows in switch_rows(repos())]
    return render_template("local_rules/index.html", practices=practices, notes=book.notes,
                           province_name=lambda unit_id: org.get(unit_id).name if org.get(unit_id) else unit_id)


@bp.post("/quan-tri/quy-dinh-dia-phuong")
@requires(SWITCH_RULE)
def change():
    form = SwitchForm()
    if not form.validate_on_submit():
        flash(NO_SUCH_ROW)
        return redirect(url_for("local_rules.index"), 303)
    account = current_account()
    try:
        done = switch(repos(), account.username, account.display_name, form.practice.data, form.province.data,
                      form.year.data, form.on.data == "1")
    except NotSwitchable:
        flash(NO_SUCH_ROW)
        return redirect(url_for("local_rules.index"), 303)
    label = load_rule_book().practices[done.rule].label
    flash(f"Đã {'bật' if done.on else 'tắt'} “{label}” năm {done.year}.")
    return redirect(url_for("local_rules.index", _anchor=f"{done.rule}-{done.province_id}-{done.year}"), 303)
