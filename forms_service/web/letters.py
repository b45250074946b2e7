"""The member's absence letters: write → check the answers → send → confirmation;
the list of their letters, one letter with its history, withdraw, print."""
from __future__ import annotations

import secrets
from datetime import date, datetime, timedelta

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, session, url_for
from wtforms import HiddenField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from ..domain import clock
from ..documents.letters import context_for_letter, letter_docx, letter_pdf
from ..domain.access import Scope, allowed
from ..domain.letters import (ACTION_LABELS, LETTER_CREATE, LETTER_LIST_OWN, LETTER_VIEW, LETTER_WITHDRAW,
                              MAX_REASON_TEXT, STATE_TONES, Action, LetterError, is_letter_code,
                              letter_problems, letter_wording, reason_choices, reason_label)
from ..domain.local_rules import WORKPLACE_CONFIRMS_FIRST
from ..services import accounts as account_service, letters as letter_service, members as member_service
from ..services import attendance_register as attendance_register_service, org as org_service
from ..services.local_rules import practice_status
from ..storage import StoreError
from .auth import authorize, current_actor, repos
from .downloads import DOCX, PDF
from .forms import BaseForm, RadioField, SelectMultipleField, VietnameseDateField
from .notify import mail_is_on
from .printed import download

bp = Blueprint("letters", __name__)
DRAFT = "letter_draft"


class LetterForm(BaseForm):
    meetings = SelectMultipleField("Buổi sinh hoạt đồng chí sẽ vắng", choices=[], validate_choice=False)
    other_date = VietnameseDateField("Ngày sinh hoạt khác (nếu buổi đó chưa có trong danh sách)",
                                     validators=[Optional()])
    reason_kind = RadioField("Lý do vắng", choices=[], validators=[DataRequired("Vui lòng chọn lý do vắng.")])
    reason_text = TextAreaField("Lý do cụ thể", validators=[Length(
        max=MAX_REASON_TEXT, message=f"Lý do cụ thể không được dài quá {MAX_REASON_TEXT} ký tự.")])


class SendForm(BaseForm):
    token = HiddenField()


class WithdrawForm(BaseForm):
    note = TextAreaField("Lý do rút đơn (không bắt buộc)", validators=[Length(
        max=MAX_REASON_TEXT, message=f"Lý do không được dài quá {MAX_REASON_TEXT} ký tự.")])


def own_scope() -> Scope:
    actor = current_actor()
    return Scope(member_id=actor.member_id if actor else None)


def letter_scope(letter) -> Scope:
    org = org_service.structure(repos())
    return Scope(member_id=letter.member_id, workplace_id=letter.workplace_id, cell_id=letter.cell_id,
                 commune_id=org.commune_of(letter.cell_id))


def load_letter(code: str, action: str):
    """The letter `code` if the signed-in person may take `action` on it: sign-in first,
    then 404 for a code that does not exist, 403 for someone else's letter."""
    if current_actor() is None:
        authorize(action)  # sends to sign-in
    letter = letter_service.get(repos(), code) if is_letter_code(code) else None
    if letter is None:
        abort(404)
    actor = authorize(action, letter_scope(letter))
    return actor, letter


def meeting_choices(member, today: date) -> list:
    """The cell's meetings a letter may name: from a year back to any time ahead."""
    if not member.residence_cell_id:
        return []
    oldest = today - timedelta(days=letter_wording()["max_days_in_past"])
    return [m for m in attendance_register_service.cell_meetings(repos(), member.residence_cell_id) if m.date >= oldest]


def draft_problems(member, draft: dict, today: date) -> dict[str, str]:
    meetings, unknown = [], []
    for meeting_id in draft["meetings"]:
        meeting = attendance_register_service.meeting(repos(), meeting_id)
        (meetings.append(meeting) if meeting else unknown.append(meeting_id))
    other = [date.fromisoformat(draft["other_date"])] if draft.get("other_date") else []
    return letter_problems(member.residence_cell_id, meetings, unknown, other, draft["reason_kind"],
                           draft["reason_text"], today)


def history_rows(letter) -> list[dict]:
    names: dict[str, str] = {}
    rows = []
    for entry in letter.history:
        by = entry.get("by", "")
        if by not in names:
            account = account_service.get(repos(), by) if by else None
            names[by] = account.display_name if account else by
        rows.append({"at": datetime.fromisoformat(entry["at"]), "by": names[by],
                     "action": ACTION_LABELS.get(entry["action"], entry["action"]), "note": entry.get("note", "")})
    return rows


def page_context(letter) -> dict:
    org = org_service.structure(repos())
    meetings = [attendance_register_service.meeting(repos(), i) for i in letter.meeting_ids]
    return {"letter": letter, "tone": STATE_TONES[letter.state], "history": history_rows(letter),
            "meetings": [m for m in meetings if m], "cell": org.get(letter.cell_id),
            "workplace": org.get(letter.workplace_id), "reason_label": reason_label(letter.reason_kind, long=True)}


@bp.get("/don-xin-vang/")
def my_letters():
    actor = authorize(LETTER_LIST_OWN, own_scope())
    letters = letter_service.member_letters(repos(), actor.member_id)
    member = member_service.get(repos(), actor.member_id)
    return render_template("letters/list.html", letters=letters, tones=STATE_TONES,
                           chain=_chain(member.residence_cell_id if member else None))


def _chain(cell_id: str | None):
    """Whether the workplace confirms a letter sent today before the cell decides."""
    return practice_status(repos(), WORKPLACE_CONFIRMS_FIRST, cell_id, clock.today().year)


@bp.route("/don-xin-vang/moi", methods=["GET", "POST"])
def write():
    actor = authorize(LETTER_CREATE, own_scope())
    member = member_service.get(repos(), actor.member_id)
    if member is None:
        abort(404)
    today = clock.today()
    draft = session.get(DRAFT) or {}
    if request.method == "GET" and draft:
        form = LetterForm(data={"meetings": draft["meetings"], "reason_kind": draft["reason_kind"],
                                "reason_text": draft["reason_text"],
                                "other_date": date.fromisoformat(draft["other_date"]) if draft.get("other_date") else None})
    else:
        form = LetterForm()
    meetings = meeting_choices(member, today)
    form.meetings.choices = [(m.id, m.label) for m in meetings]
    form.reason_kind.choices = reason_choices()
    if form.is_submitted():
        valid = form.validate()
        new_draft = {"meetings": list(dict.fromkeys(form.meetings.data or [])),
                     "other_date": form.other_date.data.isoformat() if form.other_date.data else None,
                     "reason_kind": form.reason_kind.data or "", "reason_text": form.reason_text.data or ""}
        problems = draft_problems(member, new_draft, today)
        for name, message in problems.items():
            if not getattr(form, name).errors:
                getattr(form, name).errors.append(message)
        if valid and not problems:
            session[DRAFT] = new_draft | {"token": draft.get("token") or secrets.token_urlsafe(18)}
            return redirect(url_for(".check"))
    org = org_service.structure(repos())
    return render_template("letters/write.html", form=form, member=member, has_meetings=bool(meetings),
                           cell=org.get(member.residence_cell_id))


@bp.route("/don-xin-vang/moi/kiem-tra", methods=["GET", "POST"])
def check():
    actor = authorize(LETTER_CREATE, own_scope())
    form = SendForm()
    posted = form.is_submitted() and form.validate()
    if posted:
        # The same form posted twice (double click, back and send again) finds its letter.
        letter = letter_service.made_by_token(repos(), form.token.data or "")
        if letter:
            if letter.member_id != actor.member_id:
                abort(403)
            session.pop(DRAFT, None)
            return redirect(url_for(".sent", code=letter.code))
    draft = session.get(DRAFT)
    if not draft:
        flash("Chưa có đơn nào đang viết. Hãy bắt đầu một đơn mới.")
        return redirect(url_for(".write"))
    member = member_service.get(repos(), actor.member_id)
    today = clock.today()
    store_problem = None
    if posted:
        if form.token.data != draft["token"]:
            flash("Biểu mẫu đã cũ. Vui lòng kiểm tra lại thông tin rồi gửi đơn.")
            return redirect(url_for(".check"))
        if draft_problems(member, draft, today):
            flash("Thông tin trong đơn cần sửa trước khi gửi.")
            return redirect(url_for(".write"))
        try:
            letter = _send(actor, member, draft)
        except StoreError as error:
            current_app.logger.error("letter not saved: %s", error)
            store_problem = ("Chưa gửi được đơn vì hệ thống tạm thời không ghi được dữ liệu. "
                             "Thông tin đồng chí đã nhập vẫn được giữ lại; vui lòng bấm “Gửi đơn” lại sau ít phút.")
        else:
            session.pop(DRAFT, None)
            return redirect(url_for(".sent", code=letter.code))
    meetings = [m for m in (attendance_register_service.meeting(repos(), i) for i in draft["meetings"]) if m]
    form.token.data = draft["token"]
    return render_template("letters/check.html", form=form, draft=draft, meetings=meetings, member=member,
                           other_date=date.fromisoformat(draft["other_date"]) if draft.get("other_date") else None,
                           reason=reason_label(draft["reason_kind"], long=True), store_problem=store_problem,
                           chain=_chain(member.residence_cell_id))


def _send(actor, member, draft):
    other = [date.fromisoformat(draft["other_date"])] if draft.get("other_date") else []
    letter, _ = letter_service.submit(repos(), actor.username, member, draft["meetings"], other,
                                            draft["reason_kind"], draft["reason_text"], draft["token"],
                                            mail=mail_is_on())
    return letter


@bp.get("/don-xin-vang/<code>/da-gui")
def sent(code):
    _, letter = load_letter(code, LETTER_VIEW)
    return render_template("letters/sent.html", letter=letter)


@bp.get("/don-xin-vang/<code>")
def detail(code):
    actor, letter = load_letter(code, LETTER_VIEW)
    can_withdraw = letter.can_withdraw and allowed(actor, LETTER_WITHDRAW, letter_scope(letter))
    return render_template("letters/detail.html", **page_context(letter), can_withdraw=can_withdraw,
                           withdraw_form=WithdrawForm())


@bp.post("/don-xin-vang/<code>/rut")
def withdraw(code):
    actor, letter = load_letter(code, LETTER_WITHDRAW)
    form = WithdrawForm()
    problem = None
    if form.validate():
        try:
            letter = letter_service.take_step(repos(), actor.username, code, Action.WITHDRAW, form.note.data or "",
                                              mail=mail_is_on())
        except LetterError as error:
            problem = str(error)
        else:
            flash(f"Đã rút đơn {code}.")
            return redirect(url_for(".detail", code=code))
    status = 409 if problem else 400
    return render_template("letters/detail.html", **page_context(letter), can_withdraw=letter.can_withdraw,
                           withdraw_form=form, problem=problem), status


def _document_context(letter):
    member = member_service.get(repos(), letter.member_id)
    return context_for_letter(letter, member, org_service.structure(repos()), current_app.config["PUBLIC_URL"])


@bp.get("/don-xin-vang/<code>/don.pdf")
def pdf(code):
    _, letter = load_letter(code, LETTER_VIEW)
    return download(code, "pdf", lambda: letter_pdf(_document_context(letter)), f"Đơn xin vắng sinh hoạt {code}.pdf", PDF)


@bp.get("/don-xin-vang/<code>/don.docx")
def docx(code):
    _, letter = load_letter(code, LETTER_VIEW)
    return download(code, "docx", lambda: letter_docx(_document_context(letter)), f"Đơn xin vắng sinh hoạt {code}.docx",
                    DOCX)


def waiting_letters(actor, home) -> list:
    """Home page lines: the member's open letters, the officer's and the secretary's queues."""
    from ..domain.access import Role
    from .home import Waiting

    if actor.role == Role.MEMBER and actor.member_id:
        if home.open_letters:
            return [Waiting("Đơn xin vắng sinh hoạt của đồng chí đang chờ xử lý", home.open_letters,
                            url_for("letters.my_letters"))]
    if actor.role == Role.WORKPLACE_OFFICER and actor.unit_id:
        count = home.letters_waiting
        if count:
            return [Waiting("Đơn xin vắng sinh hoạt chờ xác nhận", count, url_for("letter_review.workplace_list"))]
    if actor.role == Role.CELL_SECRETARY and actor.unit_id:
        count = home.letters_waiting
        if count:
            return [Waiting("Đơn xin vắng sinh hoạt chờ chi bộ cho ý kiến", count, url_for("letter_review.cell_list"))]
    return []

