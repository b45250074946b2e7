"""Sign in (with a password or a paper code), choose one's own password, a forgotten
password, sign out, change password."""
from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length

from ..domain import clock
from ..domain.accounts import MIN_PASSWORD_LENGTH
from ..services import accounts as account_service
from .auth import begin_session, current_account, repos
from .forms import BaseForm
from .notify import mail_is_on

# After a paper code, how long the person has to choose a password before signing in again.
CHOOSING_TIME = timedelta(minutes=30)

bp = Blueprint("accounts", __name__)


def printable(value):
    """A user name as typed, without control or unassigned characters (shown back in the box,
    they would make the page invalid HTML; no user name holds one)."""
    return "".join(c for c in value if c.isprintable()) if isinstance(value, str) else value


class SignInForm(BaseForm):
    username = StringField("Tên đăng nhập", filters=[printable], validators=[DataRequired("Vui lòng nhập tên đăng nhập.")])
    password = PasswordField("Mật khẩu (hoặc mã trên phiếu)", validators=[DataRequired("Vui lòng nhập mật khẩu hoặc mã trên phiếu.")])


def _new_password_fields():
    new = PasswordField("Mật khẩu mới", validators=[
        DataRequired("Vui lòng nhập mật khẩu mới."),
        Length(min=MIN_PASSWORD_LENGTH, max=128,
               message=f"Mật khẩu mới phải có từ {MIN_PASSWORD_LENGTH} đến 128 ký tự.")])
    repeat = PasswordField("Nhập lại mật khẩu mới", validators=[
        DataRequired("Vui lòng nhập lại mật khẩu mới."),
        EqualTo("new", message="Hai lần nhập mật khẩu mới chưa giống nhau.")])
    return new, repeat


class OwnPasswordForm(BaseForm):
    new, repeat = _new_password_fields()


class ForgotForm(BaseForm):
    username = StringField("Tên đăng nhập", filters=[printable],
                           validators=[DataRequired("Vui lòng nhập tên đăng nhập."), Length(max=40, message="Tên đăng nhập dài quá 40 ký tự.")])


class ChangePasswordForm(BaseForm):
    current = PasswordField("Mật khẩu đang dùng", validators=[DataRequired("Vui lòng nhập mật khẩu đang dùng.")])
    new, repeat = _new_password_fields()


def _safe_next(target: str | None) -> str:
    """Only come back to a page of this site (never an open redirect)."""
    if target and target.startswith("/") and not target.startswith("//") and not urlsplit(target).netloc:
        return target
    return url_for("home.index")


@bp.route("/dang-nhap", methods=["GET", "POST"])
def sign_in():
    form = SignInForm()
    if form.validate_on_submit():
        session_id = secrets.token_urlsafe(16)
        try:
            signed_in = account_service.sign_in(repos(), form.username.data.strip().lower(), form.password.data,
                                                clock.now(), session_id)
        except account_service.SignInRefused as refused:
            form.password.errors.append(str(refused))
        else:
            if signed_in.with_code:
                session.clear()  # nobody is signed in until a password is chosen
                session["choosing_for"] = signed_in.account.username
                session["choosing_until"] = (clock.now() + CHOOSING_TIME).isoformat()
                return redirect(url_for("accounts.own_password"))
            begin_session(signed_in.account, session_id)
            return redirect(_safe_next(request.args.get("next")))
    return render_template("accounts/sign_in.html", form=form)


def _choosing_for() -> str | None:
    """Who signed in with a paper code in this browser, within the time to choose a password."""
    username, until = session.get("choosing_for"), session.get("choosing_until")
    if not username or not until or clock.now() >= clock.local(datetime.fromisoformat(until)):
        return None
    return username


@bp.route("/dat-mat-khau", methods=["GET", "POST"])
def own_password():
    """After a paper code: the person chooses their own password, and is signed in."""
    username = _choosing_for()
    if username is None and current_account() is not None:
        return redirect(url_for("accounts.change_password"))   # signed in already: the ordinary change
    if username is None:
        flash("Trang đặt mật khẩu chỉ mở sau khi đăng nhập bằng mã trên phiếu, trong 30 phút. "
              + account_service.NEW_CODE_HINT)
        return redirect(url_for("accounts.sign_in"))
    return _choose_password(username, "Đã lưu mật khẩu của đồng chí. Lần sau, đăng nhập bằng tên đăng nhập và mật "
                                      "khẩu này.")


def _choose_password(username: str, saved: str):
    """The page where `username` chooses their own password (after a paper code, or from a reset
    link): once it is saved they are signed in, in a new session, and told `saved`."""
    form = OwnPasswordForm()
    if form.validate_on_submit():
        session_id = secrets.token_urlsafe(16)
        account = account_service.set_own_password(repos(), username, form.new.data, session_id)
        begin_session(account, session_id)
        flash(saved)
        return redirect(url_for("home.index"))
    return render_template("accounts/own_password.html", form=form, username=username, action=request.path)


@bp.route("/quen-mat-khau", methods=["GET", "POST"])
def forgot():
    form = ForgotForm()
    if form.validate_on_submit():
        account_service.forgot_password(
            repos(), form.username.data.strip().lower(), clock.now(), mail_is_on(),
            link_for=lambda username, token: current_app.config.get("PUBLIC_URL", "").rstrip("/")
            + url_for("accounts.reset", username=username, token=token))
        return render_template("accounts/forgot_sent.html", who=account_service.WHO_GIVES_CODES)
    return render_template("accounts/forgot.html", form=form, who=account_service.WHO_GIVES_CODES,
                           mail_on=mail_is_on())


@bp.route("/dat-lai-mat-khau/<username>/<token>", methods=["GET", "POST"])
def reset(username: str, token: str):
    """The one-time link of a forgotten password (1 hour)."""
    try:
        account_service.reset_link_account(repos(), username, token, clock.now())
    except account_service.SignInRefused as refused:
        return render_template("accounts/link_refused.html", message=str(refused)), 410
    return _choose_password(username, "Đã lưu mật khẩu mới. Lần sau, đăng nhập bằng mật khẩu này.")


@bp.post("/dang-xuat")
def sign_out():
    account = current_account()
    if account:
        account_service.sign_out(repos(), account.username, session.get("sid", ""))
    session.clear()
    flash("Đồng chí đã đăng xuất.")
    return redirect(url_for("home.index"))


@bp.route("/doi-mat-khau", methods=["GET", "POST"])
def change_password():
    account = current_account()
    if account is None:
        return redirect(url_for("accounts.sign_in", next=request.path))
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            changed = account_service.change_password(repos(), account, form.current.data, form.new.data,
                                                      session.get("sid", ""))
        except account_service.SignInRefused as refused:
            form.current.errors.append(str(refused))
        else:
            session["stamp"] = changed.session_stamp  # this session goes on; every other one ends
            flash("Đã đổi mật khẩu. Các phiên đăng nhập khác của tài khoản (máy khác, trình duyệt khác) "
                  "đã được đăng xuất. Lần đăng nhập sau, hãy dùng mật khẩu mới.")
            return redirect(url_for("home.index"))
    return render_template("accounts/change_password.html", form=form)
