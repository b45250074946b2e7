"""The administrator's switches of the rating cap: the provincial rows whose application is
unconfirmed (data/rules/rating-cap.json, `on_by_default` false) apply only once switched on
here; the page and every page that shows the cap say who switched it on and when."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from wtforms import HiddenField, IntegerField
from wtforms.validators import AnyOf, DataRequired, NumberRange

from ..domain.rating import SWITCH_CAP
from ..services import org as org_service
from ..services.rating import NotSwitchable, cap_switches, switch_cap, switchable_rows
from .auth import current_account, repos, requires
from .forms import BaseForm

bp = Blueprint("rating", __name__)

NO_SUCH_ROW = "Không có quy định nào chờ bật hoặc tắt cho tỉnh và năm này; chưa thay đổi gì."


class SwitchForm(BaseForm):
    province = HiddenField(validators=[DataRequired(message=NO_SUCH_ROW)])
    year = IntegerField(validators=[DataRequired(message=NO_SUCH_ROW), NumberRange(2000, 2100, message=NO_SUCH_ROW)])
    on = HiddenField(validators=[AnyOf(["1", "0"], message=NO_SUCH_ROW)])


@bp.get("/quan-tri/gioi-han-xep-loai")
@requires(SWITCH_CAP)
def index():
    org = org_service.structure(repos())
    switches = cap_switches(repos())
    rows = [{"rule": rule, "province": org.get(rule.province_id), "switch": switches.get((rule.province_id, rule.year))}
            for rule in switchable_rows()]
    return render_template("rating/index.html", rows=rows)


@bp.post("/quan-tri/gioi-han-xep-loai")
@requires(SWITCH_CAP)
def switch():
    form = SwitchForm()
    if not form.validate_on_submit():
        flash(NO_SUCH_ROW)
        return redirect(url_for("rating.index"), 303)
    account = current_account()
    try:
        done = switch_cap(repos(), account.username, account.display_name, form.province.data, form.year.data,
                          form.on.data == "1")
    except NotSwitchable:
        flash(NO_SUCH_ROW)
        return redirect(url_for("rating.index"), 303)
    flash(f"Đã {'bật' if done.on else 'tắt'} giới hạn xếp loại năm {done.year}.")
    return redirect(url_for("rating.index"), 303)
