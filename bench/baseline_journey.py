"""The fair baseline: a minimal Flask app doing the same three requests as the letter journey.

    POST /dich-vu/don-xin-vang/moi            the form (WTForms, CSRF)  -> 302 to the check page
    GET  /dich-vu/don-xin-vang/moi/kiem-tra   the draft from the session, a one-time token
    POST /dich-vu/don-xin-vang/moi/kiem-tra   send: one sqlite insert (WAL, synchronous=FULL)
                                              -> 302 to /dich-vu/don-xin-vang/<code>/da-gui

Same paths, markup and answers as the service, so `bench.letter_load`'s scenario drives both
the same way. Session and CSRF as the service has them: Flask's signed cookie session,
Flask-WTF's CSRFProtect and FlaskForm. What it leaves out is what makes the product the
product: accounts and roles, the member's meetings read from the store, the audit line, the
indexes, mail and the page layout. Sign-in takes any name (the load generator signs in
before the timed part begins). Run under gunicorn: `gunicorn bench.baseline_journey:app`;
BENCH_SQLITE_DB names the database file, SOTAY_SECRET_KEY signs the sessions.
"""
from __future__ import annotations

import json
import os
import secrets
import sqlite3

from flask import Flask, abort, redirect, render_template_string, session, url_for
from flask_wtf import FlaskForm
from flask_wtf.csrf import CSRFProtect
from wtforms import HiddenField, RadioField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from forms_service.domain import clock

MEETINGS = [("chi-bo-000-00~20270110-1", "Sinh hoạt ngày 10/01/2027"),
            ("chi-bo-000-00~20270710-1", "Sinh hoạt ngày 10/07/2027")]
REASONS = [("cong_tac", "Đi công tác"), ("om_dau", "Ốm đau"), ("khac", "Lý do khác")]
DRAFT = "letter_draft"

app = Flask(__name__)
app.config.update(SECRET_KEY=os.environ.get("SOTAY_SECRET_KEY") or secrets.token_hex(32),
                  SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax", SESSION_COOKIE_NAME="sotay213",
                  WTF_CSRF_TIME_LIMIT=8 * 3600,
                  BENCH_SQLITE_DB=os.environ.get("BENCH_SQLITE_DB", "bench-baseline.sqlite3"))
CSRFProtect(app)


def connect() -> sqlite3.Connection:
    connection = sqlite3.connect(app.config["BENCH_SQLITE_DB"], timeout=30, isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=FULL")
    connection.execute("CREATE TABLE IF NOT EXISTS letters (code TEXT PRIMARY KEY, token TEXT UNIQUE NOT NULL, "
                       "username TEXT NOT NULL, body TEXT NOT NULL)")
    return connection


class SignInForm(FlaskForm):
    username = StringField(validators=[DataRequired()])
    password = StringField()


class LetterForm(FlaskForm):
    meetings = SelectMultipleField(choices=[])
    other_date = StringField(validators=[Optional()])
    reason_kind = RadioField(choices=[], validators=[DataRequired("Vui lòng chọn lý do vắng.")])
    reason_text = TextAreaField(validators=[Length(max=500)])


class SendForm(FlaskForm):
    token = HiddenField()


PAGE = """<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>{{ title }}</title></head><body>
<h1>{{ title }}</h1>{% for field, errors in (form.errors or {}).items() %}<p>{{ errors[0] }}</p>{% endfor %}
<form method="post"><input type="hidden" name="csrf_token" value="{{ csrf_token() }}">{% block fields %}{% endblock %}<button>Tiếp tục</button></form></body></html>"""
SIGN_IN = PAGE.replace("{% block fields %}{% endblock %}", '<input name="username"><input name="password">')
WRITE = PAGE.replace("{% block fields %}{% endblock %}", """
{% for value, label in meetings %}<label><input type="checkbox" name="meetings" id="meetings-{{ loop.index0 }}" \
value="{{ value }}"{% if value in (form.meetings.data or []) %} checked{% endif %}> {{ label }}</label>{% endfor %}
{% for value, label in reasons %}<label><input type="radio" name="reason_kind" value="{{ value }}"> {{ label }}</label>
{% endfor %}<textarea name="reason_text">{{ form.reason_text.data or "" }}</textarea>""")
CHECK = PAGE.replace("{% block fields %}{% endblock %}", """
<dl><dt>Buổi vắng</dt><dd>{{ draft.meetings|join(", ") }}</dd><dt>Lý do</dt><dd>{{ draft.reason_kind }}:
{{ draft.reason_text }}</dd></dl>{{ form.token }}""")


@app.route("/dich-vu/dang-nhap", methods=["GET", "POST"])
def sign_in():
    form = SignInForm()
    if form.validate_on_submit():
        session.clear()
        session["username"] = form.username.data
        return redirect("/dich-vu/")
    return render_template_string(SIGN_IN, title="Đăng nhập", form=form)


def signed_in() -> str:
    if "username" not in session:
        abort(403)
    return session["username"]


@app.route("/dich-vu/don-xin-vang/moi", methods=["GET", "POST"])
def write():
    signed_in()
    form = LetterForm()
    form.meetings.choices, form.reason_kind.choices = MEETINGS, REASONS   # as the service sets the member's own
    if form.validate_on_submit():
        draft = session.get(DRAFT) or {}
        session[DRAFT] = {"meetings": form.meetings.data, "other_date": form.other_date.data or None,
                          "reason_kind": form.reason_kind.data, "reason_text": form.reason_text.data,
                          "token": draft.get("token") or secrets.token_urlsafe(18)}
        return redirect(url_for("check"))
    return render_template_string(WRITE, title="Viết đơn xin vắng", form=form, meetings=MEETINGS, reasons=REASONS)


@app.route("/dich-vu/don-xin-vang/moi/kiem-tra", methods=["GET", "POST"])
def check():
    username = signed_in()
    form = SendForm()
    draft = session.get(DRAFT)
    if form.validate_on_submit() and draft and form.token.data == draft["token"]:
        code = store(username, draft)
        session.pop(DRAFT, None)
        return redirect(f"/dich-vu/don-xin-vang/{code}/da-gui")
    if not draft:
        return redirect(url_for("write"))
    form.token.data = draft["token"]
    return render_template_string(CHECK, title="Kiểm tra lại thông tin", form=form, draft=draft)


def store(username: str, draft: dict) -> str:
    """One durable insert; the token makes a repeated send find the letter already stored."""
    connection = connect()
    try:
        connection.execute("BEGIN IMMEDIATE")
        found = connection.execute("SELECT code FROM letters WHERE token = ?", (draft["token"],)).fetchone()
        if found:
            connection.execute("ROLLBACK")
            return found[0]
        number = connection.execute("SELECT COALESCE(MAX(rowid), 0) FROM letters").fetchone()[0] + 1
        code = f"VS-{clock.now().year}-{number:05d}"
        connection.execute("INSERT INTO letters VALUES (?, ?, ?, ?)",
                           (code, draft["token"], username, json.dumps(draft, ensure_ascii=False)))
        connection.execute("COMMIT")
        return code
    finally:
        connection.close()
