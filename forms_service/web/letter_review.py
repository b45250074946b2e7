"""Review of absence letters: the workplace committee confirms or declines; the residence
cell secretary agrees or not. Each person sees only their own unit's letters."""
from __future__ import annotations


from flask import Blueprint, flash, redirect, render_template, url_for
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length

from ..domain import clock
from ..domain.letters import (LETTER_CELL_DECIDE, LETTER_CELL_LIST, LETTER_COMMUNE_LIST, LETTER_WORKPLACE_DECIDE,
                              LETTER_WORKPLACE_LIST, MAX_REASON_TEXT, STATE_TONES, WAITING_FOR_CELL,
                              WAITING_FOR_WORKPLACE, Action, LetterError)
from ..domain.org import UnitKind
from ..services import letters as letter_service, org as org_service
from .auth import current_actor, repos, requires
from .attendance_register import chosen_year
from .forms import BaseForm, RadioField
from .letters import load_letter, page_context
from .notify import mail_is_on

bp = Blueprint("letter_review", __name__)

# Each side's two decisions, in the words it uses.
SIDES = {
    "noi-cong-tac": {"action": LETTER_WORKPLACE_DECIDE, "states": WAITING_FOR_WORKPLACE,
                     "choices": [(Action.CONFIRM, "Xác nhận"), (Action.DECLINE, "Không xác nhận")],
                     "legend": "Cấp ủy cơ sở nơi công tác xác nhận đơn này?"},
    "chi-bo": {"action": LETTER_CELL_DECIDE, "states": WAITING_FOR_CELL,
               "choices": [(Action.AGREE, "Đồng ý cho vắng"), (Action.NOT_AGREE, "Không đồng ý")],
               "legend": "Chi bộ nơi cư trú đồng ý cho đảng viên vắng?"},
}


class DecisionForm(BaseForm):
    decision = RadioField("Quyết định", choices=[], validators=[DataRequired("Vui lòng chọn một quyết định.")])
    note = TextAreaField("Lý do hoặc ghi chú", validators=[Length(
        max=MAX_REASON_TEXT, message=f"Lý do không được dài quá {MAX_REASON_TEXT} ký tự.")])


@bp.get("/duyet-don-vang/noi-cong-tac/")
@requires(LETTER_WORKPLACE_LIST)
def workplace_list():
    actor = current_actor()
    letters = letter_service.waiting_for_workplace(repos(), actor.unit_id)
    unit = org_service.structure(repos()).get(actor.unit_id)
    return render_template("letters/review_list.html", side="noi-cong-tac", letters=letters, earlier=[],
                           tones=STATE_TONES, title="Đơn xin vắng chờ nơi công tác xác nhận", unit=unit)


@bp.get("/duyet-don-vang/chi-bo/")
@requires(LETTER_CELL_LIST)
def cell_list():
    actor = current_actor()
    year = clock.today().year
    waiting, earlier = letter_service.cell_review(repos(), actor.unit_id, year)
    unit = org_service.structure(repos()).get(actor.unit_id)
    return render_template("letters/review_list.html", side="chi-bo", letters=waiting, earlier=earlier,
                           tones=STATE_TONES, title="Đơn xin vắng gửi chi bộ", unit=unit, year=year)


@bp.get("/don-xin-vang/xa-phuong/")
@requires(LETTER_COMMUNE_LIST)
def commune_list():
    """The commune's absence letters of a year, cell by cell, to read (deciding is the cell's)."""
    actor = current_actor()
    year = chosen_year()
    org = org_service.structure(repos())
    cells = [(cell, letter_service.cell_letters(repos(), cell.id, year))
             for cell in org.children(actor.unit_id, UnitKind.RESIDENCE_CELL)]
    return render_template("letters/commune_list.html", cells=cells, year=year, tones=STATE_TONES,
                           unit=org.get(actor.unit_id))


@bp.route("/duyet-don-vang/<side>/<code>", methods=["GET", "POST"])
def decide(side, code):
    if side not in SIDES:
        return render_template("error.html", title="Không tìm thấy trang", text="Địa chỉ không đúng."), 404
    rules = SIDES[side]
    actor, letter = load_letter(code, rules["action"])
    form = DecisionForm()
    form.decision.choices = [(str(a), label) for a, label in rules["choices"]]
    form.decision.label.text = rules["legend"]
    problem = None
    status = 200
    if form.is_submitted():
        valid = form.validate()
        chosen = Action(form.decision.data) if valid else None
        needs_reason = chosen in (Action.DECLINE, Action.NOT_AGREE)
        if valid and needs_reason and not form.note.data:
            form.note.errors.append("Khi không xác nhận hoặc không đồng ý, vui lòng ghi rõ lý do.")
            valid = False
        if valid:
            try:
                letter = letter_service.take_step(repos(), actor.username, code, chosen, form.note.data or "",
                                                  mail=mail_is_on())
            except LetterError as error:
                problem, status = str(error), 409
            else:
                flash(f"Đã ghi quyết định cho đơn {code}: {letter.state_label}.")
                return redirect(url_for(".workplace_list" if side == "noi-cong-tac" else ".cell_list"))
        else:
            status = 400
    return render_template("letters/review.html", **page_context(letter), form=form, side=side,
                           open=letter.state in rules["states"], problem=problem), status
