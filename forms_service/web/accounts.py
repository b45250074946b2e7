"""Sign in, sign out, change password."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length

from ..domain import clock
from ..domain.accounts import MIN_PASSWORD_LENGTH
from ..services import accounts as account_service
from .auth import current_account, repos
from .forms import BaseForm

bp = Blueprint("accounts", __name__)


class SignInForm(BaseForm):
    username = StringField("Tên đăng nhập", validators=[DataRequired("Vui lòng nhập tên đăng nhập.")])
    password = PasswordField("Mật khẩu", validators=[DataRequired("Vui lòng nhập mật khẩu.")])


class ChangePasswordForm(BaseForm):
    current = PasswordField("Mật khẩu đang dùng", validators=[DataRequired("Vui lòng nhập mật khẩu đang dùng.")])
    new = PasswordField("Mật khẩu mới", validators=[
        DataRequired("Vui lòng nhập mật khẩu mới."),
        Length(min=MIN_PASSWORD_LENGTH, max=128,
               message=f"Mật khẩu mới phải có từ {MIN_PASSWORD_LENGTH} đến 128 ký tự.")])
    repeat = PasswordField("Nhập lại mật khẩu mới", validators=[
        DataRequired("Vui lòng nhập lại mật khẩu mới."),
        EqualTo("new", message="Hai lần nhập mật khẩu mới chưa giống nhau.")])


def _safe_next(target: str | None) -> str:
    """Only come back to a page of this site (never an open redirect)."""
    if target and target.startswith("/") and not target.startswith("//") and not urlsplit(target).netloc:
        return target
    return url_for("home.index")


@bp.route("/dang-nhap", methods=["GET", "POST"])
def sign_in():
    form = SignInForm()
    if form.validate_on_submit():
        try:
            account = account_service.sign_in(repos(), form.username.data.lower(), form.password.data, clock.now())
        except account_service.SignInRefused as refused:
            form.password.errors.append(str(refused))
        else:
            session.clear()  # a fresh session: no fixation
            session["username"] = account.username
            session["stamp"] = account.session_stamp
            session.permanent = True
            return redirect(_safe_next(request.args.get("next")))
    return render_template("accounts/sign_in.html", form=form)


@bp.post("/dang-xuat")
def sign_out():
    account = current_account()
    if account:
        account_service.sign_out(repos(), account.username)
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
            changed = account_service.change_password(repos(), account, form.current.data, form.new.data)
        except account_service.SignInRefused as refused:
            form.current.errors.append(str(refused))
        else:
            session["stamp"] = changed.session_stamp  # this session goes on; every other one ends
            flash("Đã đổi mật khẩu. Các phiên đăng nhập khác của tài khoản (máy khác, trình duyệt khác) "
                  "đã được đăng xuất. Lần đăng nhập sau, hãy dùng mật khẩu mới.")
            return redirect(url_for("home.index"))
    return render_template("accounts/change_password.html", form=form)
