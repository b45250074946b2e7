"""The trainer's pages (the administrator's): make a training room, see how far each seat
got, print the seat cards, reset or remove the room (each after a confirmation); and the
page a trainee sees after a reset signed them out."""
from __future__ import annotations

from flask import Blueprint, Flask, current_app, flash, g, redirect, render_template, request, session, url_for
from wtforms import BooleanField, IntegerField, PasswordField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from ..domain.accounts import MANAGE_ACCOUNTS, MIN_PASSWORD_LENGTH
from ..domain.training_room import is_room_stamp, max_seats, room_data, seat_of
from ..services import accounts as account_service, training_room as room_service
from ..storage import StoreError
from .auth import current_actor, repos, requires
from .downloads import file_response
from .forms import BaseForm

bp = Blueprint("training_room", __name__)

PAGE = "/quan-tri/phong-tap/"


class MakeForm(BaseForm):
    seats = IntegerField("Số chỗ ngồi (mỗi người học một chỗ)",
                         validators=[InputRequired(message="Hãy ghi số chỗ ngồi.")])
    password = PasswordField("Mật khẩu của lớp (để trống thì máy tự đặt)", validators=[Optional(), Length(
        min=MIN_PASSWORD_LENGTH, max=128, message=f"Mật khẩu của lớp phải có từ {MIN_PASSWORD_LENGTH} đến 128 ký tự.")])


class CardsForm(BaseForm):
    class_password = PasswordField("Mật khẩu của lớp, để in lên thẻ (để trống thì thẻ có chỗ viết tay)",
                                   validators=[Optional()])


class ConfirmForm(BaseForm):
    confirm = BooleanField("Tôi hiểu: mọi việc người học đã làm trong phòng tập sẽ mất",
                           validators=[DataRequired(message="Hãy đánh dấu ô xác nhận nếu muốn làm tiếp.")])


def _index(make_form: MakeForm | None = None, cards_form: CardsForm | None = None, status: int = 200):
    current = room_service.room(repos())
    return render_template("training_room/index.html", room=current, progress=room_service.progress(repos()),
                           make_form=make_form or MakeForm(), cards_form=cards_form or CardsForm(),
                           cases=room_data()["cases"], max_seats=max_seats()), status


@bp.get(PAGE)
@requires(MANAGE_ACCOUNTS)
def index():
    return _index()


@bp.post(PAGE + "tao")
@requires(MANAGE_ACCOUNTS)
def make():
    form = MakeForm()
    if form.validate_on_submit():
        try:
            password = room_service.make(repos(), current_actor().username, form.seats.data, form.password.data or None)
        except room_service.TrainingRoomError as error:
            form.seats.errors = [str(error)]
        else:
            return render_template("training_room/made.html", seats=form.seats.data, password=password,
                                   cards_form=CardsForm())
    return _index(make_form=form, status=400)


@bp.post(PAGE + "the-cho-ngoi")
@requires(MANAGE_ACCOUNTS)
def cards():
    form = CardsForm()
    if form.validate_on_submit():
        address = current_app.config["PUBLIC_URL"] + url_for("home.index")
        try:
            pdf = room_service.seat_cards(repos(), address, form.class_password.data or "")
        except room_service.TrainingRoomError as error:
            form.class_password.errors = [str(error)]
        else:
            return file_response(pdf, "Thẻ chỗ ngồi phòng tập huấn.pdf", "application/pdf")
    return _index(cards_form=form, status=400)


STEPS = {
    "lam-lai": ("Làm lại phòng tập?", "Mọi chỗ ngồi trở về như lúc bắt đầu: đơn, điểm danh, phiếu nhận xét người học đã "
                "làm đều mất; tài khoản và mật khẩu của lớp giữ nguyên. Người học đang đăng nhập sẽ được báo và đăng nhập lại.",
                "Làm lại phòng tập", room_service.reset),
    "xoa": ("Xóa phòng tập?", "Phòng tập và mọi tài khoản hv… bị xóa hẳn, khi khóa học đã xong. Dữ liệu của tỉnh không đổi.",
            "Xóa phòng tập", room_service.remove),
}


@bp.route(PAGE + "lam-lai", methods=["GET", "POST"])
@requires(MANAGE_ACCOUNTS)
def reset():
    return _confirmed("lam-lai")


@bp.route(PAGE + "xoa", methods=["GET", "POST"])
@requires(MANAGE_ACCOUNTS)
def remove():
    return _confirmed("xoa")


def _confirmed(step: str):
    """The confirmation page of a step; the step itself once the box is ticked."""
    title, explanation, button, action = STEPS[step]
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            action(repos(), current_actor().username)
        except room_service.TrainingRoomError as error:
            flash(str(error))
        else:
            flash("Đã làm lại phòng tập: mọi chỗ ngồi trở về lúc bắt đầu." if step == "lam-lai"
                  else "Đã xóa phòng tập. Dữ liệu của tỉnh không đổi.")
        return redirect(url_for("training_room.index"), 303)
    status = 400 if form.is_submitted() else 200
    return render_template("training_room/confirm.html", title=title, explanation=explanation, button=button,
                           form=form, action=url_for(f"training_room.{ENDPOINTS[step]}")), status


ENDPOINTS = {"lam-lai": "reset", "xoa": "remove"}


def _signed_out_by_reset():
    """A trainee whose room was reset (or removed) since they signed in: say so once, and sign
    them out cleanly, instead of a page of records that are no longer there."""
    stamp = session.get("stamp", "")
    username = session.get("username")
    if not username or seat_of(username) is None or not is_room_stamp(stamp):
        return None
    try:
        account = account_service.get(repos(), username)
    except StoreError:
        return None   # the usual page says the store cannot be reached
    if account is not None and account.session_stamp == stamp:
        return None
    if request.headers.get("Sec-Fetch-Mode", "navigate") != "navigate":
        # a fetch in the background (the handbook's service worker…): not signed in for it, but the
        # session is left for the next page the trainee opens, which says why they are signed out
        g.account = None
        return None
    session.clear()
    return render_template("training_room/was_reset.html", removed=account is None)


def init(app: Flask) -> None:
    app.before_request(_signed_out_by_reset)
