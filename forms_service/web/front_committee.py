"""The Front work committee of the residence area: the working members of its area, by
name only, and its opinion on each for the year's comment."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length

from ..domain import clock
from ..domain.access import Role, Scope
from ..domain.front_committee import GIVE, LIST, MAX_OPINION_LENGTH, FrontCommitteeError
from ..services import front_committee as front_committee_service, members as member_service
from .auth import authorize, repos
from .attendance_register import chosen_year
from .forms import BaseForm
from .home import Waiting

bp = Blueprint("front_committee", __name__)


@bp.get("/mat-tran/")
def area_list():
    actor = authorize(LIST)
    year = chosen_year()
    area = front_committee_service.area(repos(), actor.unit_id, year)
    return render_template("front_committee/area_list.html", people=area.people, given=area.given, year=year,
                           cell=area.cell)


class OpinionForm(BaseForm):
    text = TextAreaField("Ý kiến của Ban công tác Mặt trận khu dân cư",
                         validators=[DataRequired(message="Vui lòng ghi ý kiến của Ban công tác Mặt trận."),
                                     Length(max=MAX_OPINION_LENGTH,
                                            message=f"Ý kiến dài quá {MAX_OPINION_LENGTH} ký tự, vui lòng viết gọn lại.")])


@bp.route("/mat-tran/<member_id>", methods=["GET", "POST"])
def opinion(member_id: str):
    member = member_service.get(repos(), member_id)
    if member is None:
        abort(404)
    actor = authorize(GIVE, Scope(cell_id=member.residence_cell_id))
    year = chosen_year()
    earlier = front_committee_service.opinion_of(repos(), actor.unit_id, member_id, year)
    form = OpinionForm(text=earlier.text if earlier else "")
    problem = None
    if form.validate_on_submit():
        try:
            front_committee_service.give(repos(), actor.username, actor.unit_id, member_id, year, form.text.data)
        except FrontCommitteeError as error:
            problem = str(error)
        else:
            flash(f"Đã lưu ý kiến năm {year} về đồng chí {member.full_name}.")
            return redirect(url_for("front_committee.area_list", nam=year))
    return render_template("front_committee/opinion.html", form=form, problem=problem, name=member.full_name,
                           year=year, member_id=member_id, earlier=earlier)


def waiting(actor, home) -> list[Waiting]:
    """The members of the area the committee has not given this year's opinion on yet."""
    if actor.role != Role.FRONT_COMMITTEE or not actor.unit_id:
        return []
    year = clock.today().year
    return [Waiting(f"Đảng viên chưa có ý kiến của Ban công tác Mặt trận năm {year}", home.without_front_opinion,
                    url_for("front_committee.area_list", nam=year))] if home.without_front_opinion else []
