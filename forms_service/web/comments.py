"""The yearly comment (Mẫu 3-213): the workplace officer asks, the residence cell
secretary fills it in and submits it, the workplace officer receives it."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from wtforms import IntegerField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from ..domain import clock
from ..domain.access import Role, Scope, allowed
from ..domain.comments import (FILL, LIST_CELL, LIST_WORKPLACE, REASON_NEEDED, RECEIVE, REQUEST, VIEW, Comment,
                               CommentError, VIEW_OWN_STATE, CommentState, Variant, comment_form,
                               missing_answers)
from ..domain.members import MemberStatus, initials_of
from ..domain.org import person_sort_key, sort_by_person
from .auth import audit, authorize, current_member_id, repos
from .downloads import DOCX, PDF, ZIP, file_response, zip_stream
from .home import Waiting
from .forms import BaseForm, RadioField, SelectField, VietnameseDateField
from .attendance_register import cap_for, chosen_year
from .once import OneTimeToken
from .printed import download
from .public_forms import PublicForm
from ..services import comments as comment_service, kept_documents
from ..services import front_committee as front_committee_service, members as member_service, org as org_service

bp = Blueprint("comments", __name__)


def _scope(comment: Comment) -> Scope:
    return Scope(member_id=comment.member_id, workplace_id=comment.workplace_id, cell_id=comment.cell_id,
                 commune_id=org_service.structure(repos()).commune_of(comment.cell_id))


def _load(code: str, action: str):
    comment = comment_service.get(repos(), code)
    if comment is None:
        abort(404)
    actor = authorize(action, _scope(comment))
    return actor, comment


def _cap(comment: Comment):
    member = member_service.get(repos(), comment.member_id)
    return cap_for(member, comment.cell_id, comment.year) if member else None


def _front_opinion(comment: Comment):
    return front_committee_service.opinion_of(repos(), comment.cell_id, comment.member_id, comment.year)


# --- the member: where their comment stands -------------------------------------------

YEARS_SHOWN_TO_MEMBER = 3


@bp.get("/phieu-nhan-xet/cua-toi")
def mine():
    """The state of the comments on the signed-in member, recent years; never their content."""
    actor = authorize(VIEW_OWN_STATE, Scope(member_id=current_member_id()))
    member = member_service.get(repos(), actor.member_id)
    this_year = clock.today().year
    rows = comment_service.member_comments(repos(), member, range(this_year, this_year - YEARS_SHOWN_TO_MEMBER, -1))
    return render_template("comments/mine.html", rows=rows)


# --- the workplace officer ------------------------------------------------------------

@bp.get("/phieu-nhan-xet/")
def workplace_list():
    actor = authorize(LIST_WORKPLACE)
    year = chosen_year()
    comments = {c.member_id: c for c in comment_service.for_workplace(repos(), actor.unit_id, year)}
    members = sort_by_person(member_service.of_workplace(repos(), actor.unit_id))
    org = org_service.structure(repos())
    when_needed = {m.id for m in comment_service.left_out(members, year)}
    rows = []
    for member in members:
        comment = comments.get(member.id)
        cap = cap_for(member, comment.cell_id, year) if comment else None
        rows.append({"member": member, "comment": comment, "cap": cap, "when_needed": member.id in when_needed,
                     "cell": org.get(comment.cell_id if comment else member.residence_cell_id)})
    returned = [c for c in comments.values() if c.state != CommentState.REQUESTED]
    return render_template("comments/workplace_list.html", rows=rows, year=year, unit=org.get(actor.unit_id),
                           returned=len(returned))


class RequestForm(BaseForm):
    year = IntegerField("Năm nhận xét", validators=[InputRequired(message="Vui lòng nhập năm nhận xét."),
                                                     NumberRange(2020, 2100, message="Năm nhận xét chưa hợp lệ.")])
    # No `required` attribute in the page: the first choice ("all members") is a real answer,
    # not a placeholder, and HTML allows `required` only on a select that opens on an empty one.
    who = SelectField("Xin ý kiến cho", validators=[DataRequired(message="Vui lòng chọn đảng viên.")],
                      render_kw={"required": False})
    deadline = VietnameseDateField("Hạn chi bộ gửi lại phiếu (không bắt buộc)", validators=[Optional()])
    because = TextAreaField("Lý do xin nhận xét khi cần (chỉ với đồng chí được miễn sinh hoạt nơi cư trú)",
                            validators=[Length(max=500, message="Lý do dài quá 500 ký tự, vui lòng viết gọn lại.")])
    token = OneTimeToken()

    def validate_deadline(self, field):
        if field.data and field.data < clock.today():
            raise ValidationError("Hạn gửi lại phiếu phải từ hôm nay trở đi.")


@bp.route("/phieu-nhan-xet/xin-y-kien", methods=["GET", "POST"])
def ask():
    actor = authorize(LIST_WORKPLACE)
    authorize(REQUEST, Scope(workplace_id=actor.unit_id))
    members = [m for m in member_service.of_workplace(repos(), actor.unit_id)
               if m.status == MemberStatus.ACTIVE and m.residence_cell_id]
    today = clock.today()
    form = RequestForm(year=today.year)
    # the workplace decides the exemptions: its own page may say who is asked only when needed
    when_needed = {m.id for m in comment_service.left_out(members, today.year, today)}
    form.who.choices = [("tat_ca", f"Tất cả đảng viên đã có chi bộ nơi cư trú, trừ đồng chí được miễn sinh hoạt "
                                   f"nơi cư trú ({len(members) - len(when_needed)} đồng chí)")] + \
                       [(m.id, f"{m.full_name} (miễn sinh hoạt nơi cư trú: chỉ xin khi cần)"
                         if m.id in when_needed else m.full_name) for m in sort_by_person(members)]
    problem = None
    if form.validate_on_submit():
        year = form.year.data
        every = form.who.data == "tat_ca"
        chosen = members if every else [m for m in members if m.id == form.who.data]
        because = "" if every else (form.because.data or "").strip()
        if not every and not because and comment_service.left_out(chosen, year, today):
            form.because.errors.append(REASON_NEEDED.format(name=chosen[0].full_name))
            return render_template("comments/ask.html", form=form, problem=None)
        try:
            comments, _ = comment_service.request(repos(), actor.username, actor.unit_id, year, chosen,
                                                  form.token.data, deadline=form.deadline.data, because=because)
        except CommentError as error:
            problem = str(error)
        else:
            left_out = len(comment_service.left_out(chosen, year, today)) if every else 0
            flash(f"Đã gửi {len(comments)} phiếu xin ý kiến năm {year} đến chi bộ nơi cư trú."
                  + (f" Không gửi cho {left_out} đồng chí được miễn sinh hoạt nơi cư trú theo mục 1.1 Hướng dẫn số "
                     "33-HD/BTCTW: không xin nhận xét định kỳ; khi cần, xin riêng cho từng đồng chí và ghi lý do."
                     if left_out else ""))
            return redirect(url_for("comments.workplace_list", nam=year))
    return render_template("comments/ask.html", form=form, problem=problem)


@bp.post("/phieu-nhan-xet/<code>/da-nhan")
def mark_received(code: str):
    actor, comment = _load(code, RECEIVE)
    try:
        comment_service.mark_received(repos(), actor.username, code)
    except CommentError as error:
        flash(str(error))
        return redirect(url_for("comments.detail", code=code))
    flash(f"Đã ghi nhận phiếu {code}.")
    return redirect(url_for("comments.detail", code=code))


# --- the residence cell secretary -------------------------------------------------------

@bp.get("/phieu-nhan-xet/chi-bo")
def cell_list():
    actor = authorize(LIST_CELL)
    year = chosen_year()
    comments = sorted(comment_service.for_cell(repos(), actor.unit_id, year),
                      key=lambda c: (c.state != CommentState.REQUESTED, person_sort_key(c.member_name)))
    complete = {c.code for c in comments if c.state == CommentState.REQUESTED and not missing_answers(c, comment_form())}
    return render_template("comments/cell_list.html", comments=comments, year=year, complete=complete,
                           cell=org_service.structure(repos()).get(actor.unit_id))


def _fill_form(comment: Comment, remarks_start: str, data=None):
    spec = comment_form()

    class FillForm(BaseForm):
        pass

    for criterion in spec.criteria(comment.variant):
        setattr(FillForm, f"c_{criterion.id}", RadioField(criterion.text, choices=list(criterion.levels),
                                                          default=comment.ratings.get(criterion.id),
                                                          validators=[InputRequired(message=f"Vui lòng chọn mức cho tiêu chí “{criterion.text}”.")]))
    FillForm.proposal = RadioField(spec.data["proposal"]["label"], choices=list(spec.proposals), default=comment.proposal or None,
                                   validators=[InputRequired(message="Vui lòng chọn đề nghị của chi ủy.")])
    FillForm.other_remarks = TextAreaField(spec.data["other_remarks"]["label"], default=comment.other_remarks or remarks_start,
                                           validators=[Length(max=3000)])
    FillForm.signer_name = StringField("Họ và tên bí thư chi bộ (người ký)", default=comment.signer_name,
                                       validators=[DataRequired(message="Vui lòng nhập họ tên người ký."), Length(max=120)])
    return FillForm(formdata=data)


@bp.route("/phieu-nhan-xet/<code>/dien", methods=["GET", "POST"])
def fill(code: str):
    actor, comment = _load(code, FILL)
    comment = comment_service.as_filled_now(repos(), comment)
    if comment.state != CommentState.REQUESTED:
        flash("Phiếu đã gửi, không sửa được nữa.")
        return redirect(url_for("comments.detail", code=code))
    start = comment_service.other_remarks_start(repos(), comment)
    form = _fill_form(comment, start.text, request.form if request.method == "POST" else None)
    problem = None
    if request.method == "POST" and form.validate():
        ratings = {c.id: form[f"c_{c.id}"].data for c in comment_form().criteria(comment.variant)}
        try:
            comment_service.save(repos(), actor.username, code, ratings, form.proposal.data,
                                 form.other_remarks.data or "", form.signer_name.data)
        except CommentError as error:
            problem = str(error)
        else:
            return redirect(url_for("comments.check", code=code))
    spec = comment_form()
    return render_template("comments/fill.html", form=form, comment=comment, problem=problem,
                           front_opinion=_front_opinion(comment), remarks=start, prefilled=not comment.other_remarks,
                           criteria=spec.criteria(comment.variant), variant_label=spec.variant_label(comment.variant),
                           hint=spec.data["other_remarks"]["hint_practice" if start.practice.on else "hint"],
                           unconfirmed=spec.data["unconfirmed_note"])


@bp.route("/phieu-nhan-xet/<code>/kiem-tra", methods=["GET", "POST"])
def check(code: str):
    actor, comment = _load(code, FILL)
    comment = comment_service.as_filled_now(repos(), comment)
    spec = comment_form()
    if comment.state != CommentState.REQUESTED:
        return redirect(url_for("comments.detail", code=code))
    missing = missing_answers(comment, spec)
    if missing:
        return redirect(url_for("comments.fill", code=code))
    problem = None
    if request.method == "POST":
        try:
            comment_service.send(repos(), actor.username, code)
        except CommentError as error:
            problem = str(error)
        else:
            return redirect(url_for("comments.sent", code=code))
    return render_template("comments/check.html", comment=comment, spec=spec, criteria=spec.criteria(comment.variant),
                           problem=problem, front_opinion=_front_opinion(comment))


@bp.get("/phieu-nhan-xet/<code>/da-gui")
def sent(code: str):
    actor, comment = _load(code, FILL)
    return render_template("comments/sent.html", comment=comment)


# --- both, and the documents -------------------------------------------------------------

@bp.get("/phieu-nhan-xet/<code>")
def detail(code: str):
    actor, comment = _load(code, VIEW)
    spec = comment_form()
    # the advisory rating cap is for those who rate (the workplace) and oversee, not the cell
    cap = _cap(comment) if actor.role != Role.CELL_SECRETARY else None
    return render_template("comments/detail.html", comment=comment, spec=spec, criteria=spec.criteria(comment.variant),
                           cap=cap, cell=org_service.structure(repos()).get(comment.cell_id),
                           may_fill=allowed(actor, FILL, _scope(comment)) and comment.state == CommentState.REQUESTED,
                           draft_complete=not missing_answers(comment, spec),
                           may_receive=allowed(actor, RECEIVE, _scope(comment)) and comment.state == CommentState.SUBMITTED)


def _document_context(comment: Comment) -> dict:
    return kept_documents.comment_context(repos(), comment, current_app.config.get("PUBLIC_URL", ""))


@bp.get("/phieu-nhan-xet/<code>.pdf")
def pdf(code: str):
    from ..documents.comments import render_comment_pdf
    actor, comment = _load(code, VIEW)
    return download(code, "pdf", lambda: render_comment_pdf(_document_context(comment)), f"Phiếu nhận xét {code}.pdf", PDF)


@bp.get("/phieu-nhan-xet/<code>.docx")
def docx(code: str):
    from ..documents.comments import render_comment_docx
    actor, comment = _load(code, VIEW)
    return download(code, "docx", lambda: render_comment_docx(_document_context(comment)), f"Phiếu nhận xét {code}.docx",
                    DOCX)


@bp.get("/phieu-nhan-xet/nam-<int:year>.zip")
def batch(year: int):
    """The year's returned comments in one ZIP, streamed from their kept copies."""
    actor = authorize(LIST_WORKPLACE)
    returned = sort_by_person([c for c in comment_service.for_workplace(repos(), actor.unit_id, year)
                               if c.state != CommentState.REQUESTED], name=lambda c: c.member_name)
    if not returned:
        flash(f"Chưa có phiếu nhận xét nào của năm {year} được gửi về.")
        return redirect(url_for("comments.workplace_list", nam=year))
    codes = [c.code for c in returned]
    not_ready = kept_documents.queue_missing(repos(), codes)  # the worker makes them
    if not_ready:
        flash(f"Bản in của {len(not_ready)} phiếu đang được chuẩn bị; vui lòng tải lại sau ít phút.")
        return redirect(url_for("comments.workplace_list", nam=year))
    names = {c.code: f"{c.code} {c.member_name}.pdf" for c in returned}
    audit("tai_phieu_nhan_xet_zip", actor.unit_id, nam=year, so_phieu=len(returned))
    members = ((names[code], kept.content) for code, kept in kept_documents.kept_copies(repos(), codes, "pdf"))
    return file_response(zip_stream(members), f"Phiếu nhận xét năm {year}.zip", ZIP)


def waiting(actor, home) -> list[Waiting]:
    year = clock.today().year
    if actor.role == Role.CELL_SECRETARY and actor.unit_id:
        return [Waiting(f"Phiếu xin ý kiến nhận xét đảng viên năm {year} chờ chi bộ điền", home.comments_to_fill,
                        url_for("comments.cell_list", nam=year))] if home.comments_to_fill else []
    if actor.role == Role.WORKPLACE_OFFICER and actor.unit_id:
        items = []
        if home.not_asked:
            items.append(Waiting(f"Đảng viên chưa được xin ý kiến chi ủy nơi cư trú năm {year}", home.not_asked,
                                 url_for("comments.workplace_list", nam=year)))
        if home.comments_returned:
            items.append(Waiting(f"Phiếu nhận xét năm {year} chi bộ nơi cư trú đã gửi về, chờ xác nhận",
                                 home.comments_returned,
                                 url_for("comments.workplace_list", nam=year)))
        return items
    return []




# --- public: blank form and the request part filled in, nothing stored ----------------------

class PublicRequestForm(BaseForm):
    superior = StringField("Đảng bộ cấp trên (dòng trên cùng bên trái)", validators=[Length(max=120)])
    issuer = StringField("Đảng ủy, chi bộ nơi công tác (xin ý kiến)", validators=[DataRequired(message="Vui lòng nhập tên cấp ủy cơ sở nơi công tác."), Length(max=120)])
    place = StringField("Địa danh ghi trước ngày tháng", validators=[Length(max=60)])
    commune_name = StringField("Gửi đảng ủy xã, phường", validators=[Length(max=120)])
    cell_name = StringField("Gửi chi bộ nơi cư trú", validators=[Length(max=120)])
    member_name = StringField("Họ và tên đảng viên", validators=[DataRequired(message="Vui lòng nhập họ và tên đảng viên."), Length(max=80)])
    birth_date = VietnameseDateField("Ngày sinh", validators=[Optional()])
    workplace = StringField("Nơi công tác (chi bộ, đảng bộ)", validators=[Length(max=200)])
    address = StringField("Nơi cư trú", validators=[Length(max=200)])
    year = IntegerField("Năm nhận xét", validators=[InputRequired(message="Vui lòng nhập năm nhận xét."),
                                                     NumberRange(2020, 2100, message="Năm nhận xét chưa hợp lệ.")])
    variant = RadioField("Mẫu phiếu", choices=[(str(Variant.FULL), "Đảng viên không được miễn sinh hoạt nơi cư trú"),
                                               (str(Variant.EXEMPT), "Đảng viên được miễn sinh hoạt nơi cư trú (mục 1.1 Hướng dẫn số 33-HD/BTCTW)")],
                         default=str(Variant.FULL))


@bp.route("/mau-don/phieu-nhan-xet/", methods=["GET", "POST"])
def public_fill():
    from ..documents.comments import comment_fields, render_comment_docx, render_comment_pdf
    from ..documents.render import date_line
    form = PublicRequestForm(year=clock.today().year)
    if form.validate_on_submit():
        place = form.place.data or ""
        header = {"superior": form.superior.data or "", "issuer": form.issuer.data, "place": place,
                  "date": clock.today(), "date_line": date_line(place, clock.today())}
        context = comment_fields(comment_form(), Variant(form.variant.data), member_name=form.member_name.data,
                                 birth_date=form.birth_date.data, workplace=form.workplace.data or "",
                                 address=form.address.data or "", year=form.year.data, header=header,
                                 commune_name=form.commune_name.data or "", cell_name=form.cell_name.data or "")
        if request.form.get("dinh_dang") == "docx":
            return file_response(render_comment_docx(context), "Phiếu xin ý kiến nhận xét.docx", DOCX)
        return file_response(render_comment_pdf(context), "Phiếu xin ý kiến nhận xét.pdf", PDF)
    return render_template("comments/public_fill.html", form=form, note=comment_form().data["unconfirmed_note"])


def _blank(kind: str) -> bytes:
    from ..documents.comments import blank_comment_context, render_comment_docx, render_comment_pdf
    variant = Variant.EXEMPT if request.args.get("bien_the") == str(Variant.EXEMPT) else Variant.FULL
    context = blank_comment_context(variant)
    return render_comment_pdf(context) if kind == "pdf" else render_comment_docx(context)


@bp.get("/mau-don/phieu-nhan-xet/mau-trang.pdf")
def blank_pdf():
    return file_response(_blank("pdf"), "Phiếu nhận xét (mẫu trắng).pdf", PDF)


@bp.get("/mau-don/phieu-nhan-xet/mau-trang.docx")
def blank_docx():
    return file_response(_blank("docx"), "Phiếu nhận xét (mẫu trắng).docx", DOCX)


def verify_comment(repos_, code: str):
    from .verify import Verified
    comment = comment_service.get(repos_, code)
    if comment is None:
        return None
    dates = [("Ngày xin ý kiến", f"{comment.requested_on:%d/%m/%Y}")] if comment.requested_on else []
    if comment.submitted_on:
        dates.append(("Chi bộ nơi cư trú gửi ngày", f"{comment.submitted_on:%d/%m/%Y}"))
    if comment.received_on:
        dates.append(("Cấp ủy cơ sở nơi công tác nhận ngày", f"{comment.received_on:%d/%m/%Y}"))
    return Verified(kind=f"Phiếu nhận xét của chi ủy nơi cư trú (Mẫu 3-213), năm {comment.year}",
                    state=comment.state_label, initials=initials_of(comment.member_name),
                    dates=dates)


PUBLIC_FORM = PublicForm(
    title="Phiếu xin ý kiến, nhận xét của chi ủy nơi cư trú (Mẫu 3-213)",
    summary="Cấp ủy cơ sở nơi công tác xin ý kiến hằng năm; chi ủy nơi cư trú nhận xét đảng viên. "
            "Có mẫu riêng, ngắn hơn, cho đảng viên được miễn sinh hoạt nơi cư trú.",
    fill_endpoint="comments.public_fill", blank_pdf_endpoint="comments.blank_pdf",
    blank_docx_endpoint="comments.blank_docx",
    variants=(("đảng viên được miễn sinh hoạt nơi cư trú", {"bien_the": str(Variant.EXEMPT)}),))
