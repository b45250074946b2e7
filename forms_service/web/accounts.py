"""Sign in, sign out, change password."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from werkzeug.security import check_password_hash, generate_password_hash
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length

from ..domain import clock
from ..domain.accounts import MIN_PASSWORD_LENGTH
from .auth import audit, current_account, repos
from .forms import BaseForm

bp = Blueprint("accounts", __name__)
# A hash to check against when the username is unknown, so that a wrong username and
# a wrong password take the same time.
_DUMMY_HASH = generate_password_hash("khong-dung")


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
        username = form.username.data.lower()
        account = repos().accounts.get(username)
        now = clock.now()
        if account and account.is_locked(now):
            audit("dang_nhap_bi_khoa", target=username)
            form.username.errors.append("Tài khoản đang tạm khóa vì nhập sai mật khẩu nhiều lần. "
                                        "Vui lòng thử lại sau 10 phút.")
        elif account and check_password_hash(account.password_hash, form.password.data):
            account = repos().accounts.update(account.username, lambda a: a.after_success())
            session.clear()  # a fresh session: no fixation
            session["username"] = account.username
            session["stamp"] = account.session_stamp
            session.permanent = True
            repos().audit.record(account.username, "dang_nhap")
            return redirect(_safe_next(request.args.get("next")))
        else:
            if account:
                repos().accounts.record_failed_sign_in(username, now)
            else:
                check_password_hash(_DUMMY_HASH, form.password.data)
            repos().audit.record(username, "dang_nhap_sai")
            form.password.errors.append("Tên đăng nhập hoặc mật khẩu chưa đúng.")
    return render_template("accounts/sign_in.html", form=form)


@bp.post("/dang-xuat")
def sign_out():
    account = current_account()
    if account:
        repos().audit.record(account.username, "dang_xuat")
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
        if not check_password_hash(account.password_hash, form.current.data):
            form.current.errors.append("Mật khẩu đang dùng chưa đúng.")
        else:
            new_hash = generate_password_hash(form.new.data)
            changed = repos().accounts.update(account.username, lambda a: a.with_password(new_hash))
            session["stamp"] = changed.session_stamp  # this session goes on; every other one ends
            audit("doi_mat_khau", target=account.username)
            flash("Đã đổi mật khẩu. Các phiên đăng nhập khác của tài khoản (máy khác, trình duyệt khác) "
                  "đã được đăng xuất. Lần đăng nhập sau, hãy dùng mật khẩu mới.")
            return redirect(url_for("home.index"))
    return render_template("accounts/change_password.html", form=form)
