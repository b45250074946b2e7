"""Introducing working members to where they live (Mẫu 1-213), exemptions under
HD 33 §1.1/§1.2, and later changes (moving house, workplace, away, leaving the party).
A move never puts the member on a cell: it issues a new letter to the new commune."""
from __future__ import annotations


from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from ..domain import clock
from ..domain.access import Role, Scope, allowed
from ..domain.introductions import (CHANGE_LABELS, ISSUE, LEAVING_REASONS, LIST_CELL, LIST_COMMUNE, LIST_WORKPLACE,
                                    RECEIVE, RECORD_CHANGE, RECORD_EXEMPTION, VIEW, VIEW_OWN, ChangeKind, Introduction,
                                    IntroductionError, IntroductionState, exemption_grounds, introduction_form,
                                    is_moving_out, move_needs_letter)
from ..domain.members import EXEMPTION_LABELS, Exemption, Member, MemberStatus, initials_of
from ..domain.org import UnitKind
from ..services import introductions as introduction_service, kept_documents, members as member_service, org as org_service
from .auth import authorize, current_member_id, repos
from .downloads import DOCX, PDF, file_response
from .forms import BaseForm, RadioField, SelectField, VietnameseDateField
from .home import Waiting
from .once import OneTimeToken
from .printed import download
from .public_forms import PublicForm

bp = Blueprint("introductions", __name__)


def _member_for_workplace(member_id: str, action: str) -> tuple[object, Member]:
    member = member_service.get(repos(), member_id)
    if member is None:
        abort(404)
    actor = authorize(action, Scope(member_id=member.id, workplace_id=member.workplace_id))
    return actor, member


def _intro_scope(introduction: Introduction) -> Scope:
    return Scope(member_id=introduction.member_id, workplace_id=introduction.workplace_id,
                 commune_id=introduction.commune_id)


def _load(code: str, action: str):
    introduction = introduction_service.get(repos(), code)
    if introduction is None:
        abort(404)
    return authorize(action, _intro_scope(introduction)), introduction


@bp.get("/gioi-thieu/")
def workplace_list():
    actor = authorize(LIST_WORKPLACE)
    org = org_service.structure(repos())
    rows = []
    for member, latest in introduction_service.workplace_members(repos(), actor.unit_id):
        rows.append({"member": member, "cell": org.get(member.residence_cell_id),
                     "introduction": latest,
                     "exemption": EXEMPTION_LABELS[member.exemption] if member.exemption else ""})
    return render_template("introductions/workplace_list.html", rows=rows, unit=org.get(actor.unit_id))


class IssueForm(BaseForm):
    commune = SelectField("Đảng ủy xã, phường nơi đảng viên cư trú", validators=[DataRequired(message="Vui lòng chọn đảng ủy xã, phường.")])
    cell = SelectField("Chi bộ nơi cư trú (nếu đã biết)", validators=[Optional()])
    issued_on = VietnameseDateField("Ngày giới thiệu", validators=[DataRequired(message="Vui lòng nhập ngày giới thiệu (ngày/tháng/năm).")])
    signer_name = StringField("Họ tên người ký (T/M đảng ủy)", validators=[Optional(), Length(max=120)])
    token = OneTimeToken()


@bp.route("/gioi-thieu/moi/<member_id>", methods=["GET", "POST"])
def issue_letter(member_id: str):
    actor, member = _member_for_workplace(member_id, ISSUE)
    org = org_service.structure(repos())
    form = IssueForm(issued_on=clock.today(), commune=org.commune_of(member.residence_cell_id),
                     cell=member.residence_cell_id or "")
    form.commune.choices = [("", "Chọn đảng ủy xã, phường")] + [(u.id, u.name) for u in org.of_kind(UnitKind.COMMUNE)]
    form.cell.choices = [("", "Chưa biết – đảng ủy xã, phường sẽ phân về chi bộ")] + \
        [(c.id, f"{c.name} ({org.get(c.parent_id).name})") for c in org.of_kind(UnitKind.RESIDENCE_CELL)]
    problem = None
    if form.validate_on_submit():
        cell_id = form.cell.data or None
        if cell_id and org.commune_of(cell_id) != form.commune.data:
            form.cell.errors = ["Chi bộ này không thuộc đảng ủy xã, phường đã chọn."]
        else:
            try:
                introduction, _ = introduction_service.issue_letter(
                    repos(), actor.username, member, form.commune.data, cell_id, form.issued_on.data,
                    form.signer_name.data or "", form.token.data)
            except IntroductionError as error:
                problem = str(error)
            else:
                flash(f"Đã lập giấy giới thiệu {introduction.code} (số {introduction.number}).")
                return redirect(url_for("introductions.detail", code=introduction.code))
    return render_template("introductions/issue.html", form=form, member=member, problem=problem)


@bp.get("/gioi-thieu/<code>")
def detail(code: str):
    actor, introduction = _load(code, VIEW)
    org = org_service.structure(repos())
    member = member_service.get(repos(), introduction.member_id)
    return render_template("introductions/detail.html", introduction=introduction, org=org,
                           may_receive=allowed(actor, RECEIVE, _intro_scope(introduction))
                           and introduction.state == IntroductionState.ISSUED,
                           # the cell the member stays in until the commune receives them
                           moving_from=org.get(member.residence_cell_id)
                           if member and is_moving_out(member, introduction) else None)


@bp.get("/gioi-thieu/<code>.pdf")
def pdf(code: str):
    from ..documents.introductions import render_introduction_pdf
    _, introduction = _load(code, VIEW)
    return download(code, "pdf", lambda: render_introduction_pdf(_context(introduction)), f"Giấy giới thiệu {code}.pdf", PDF)


@bp.get("/gioi-thieu/<code>.docx")
def docx(code: str):
    from ..documents.introductions import render_introduction_docx
    _, introduction = _load(code, VIEW)
    return download(code, "docx", lambda: render_introduction_docx(_context(introduction)), f"Giấy giới thiệu {code}.docx",
                    DOCX)


def _context(introduction) -> dict:
    return kept_documents.introduction_context(repos(), introduction, current_app.config.get("PUBLIC_URL", ""))


# --- the member and the residence cell: to read ----------------------------------------

@bp.get("/gioi-thieu/cua-toi")
def mine():
    actor = authorize(VIEW_OWN, Scope(member_id=current_member_id()))
    introduction = introduction_service.latest_for_member(repos(), actor.member_id)
    org = org_service.structure(repos())
    return render_template("introductions/mine.html", introduction=introduction, org=org)


@bp.get("/gioi-thieu/chi-bo/")
def cell_list():
    """Members introduced to live in the secretary's cell, while the commune has not yet received them,
    and the cell's members introduced elsewhere, whom it keeps until then."""
    actor = authorize(LIST_CELL)
    org = org_service.structure(repos())
    arriving = introduction_service.arriving(repos(), actor.unit_id)
    return render_template("introductions/cell_list.html", arriving=arriving, unit=org.get(actor.unit_id),
                           commune=org.parent(actor.unit_id), org=org,
                           leaving=introduction_service.leaving(repos(), actor.unit_id))


# --- the commune/ward committee ---------------------------------------------------------

@bp.get("/gioi-thieu/tiep-nhan/")
def commune_list():
    actor = authorize(LIST_COMMUNE)
    org = org_service.structure(repos())
    return render_template("introductions/commune_list.html", waiting=introduction_service.waiting_for_commune(repos(), actor.unit_id),
                           unit=org.get(actor.unit_id), cells=org.children(actor.unit_id, UnitKind.RESIDENCE_CELL))


class ReceiveForm(BaseForm):
    received_on = VietnameseDateField("Ngày tiếp nhận", validators=[DataRequired(message="Vui lòng nhập ngày tiếp nhận (ngày/tháng/năm).")])
    cell = SelectField("Giới thiệu về sinh hoạt tại chi bộ", validators=[DataRequired(message="Vui lòng chọn chi bộ nơi cư trú.")])
    receiver_name = StringField("Họ tên người ký tiếp nhận (T/M đảng ủy)", validators=[Optional(), Length(max=120)])


@bp.route("/gioi-thieu/<code>/tiep-nhan", methods=["GET", "POST"])
def receive_letter(code: str):
    actor, introduction = _load(code, RECEIVE)
    if introduction.state != IntroductionState.ISSUED:
        flash("Giấy giới thiệu này đã được tiếp nhận.")
        return redirect(url_for("introductions.detail", code=code))
    org = org_service.structure(repos())
    form = ReceiveForm(received_on=clock.today(), cell=introduction.proposed_cell_id or "")
    form.cell.choices = [("", "Chọn chi bộ")] + [(c.id, c.name) for c in org.children(introduction.commune_id, UnitKind.RESIDENCE_CELL)]
    problem = None
    if form.validate_on_submit():
        try:
            introduction_service.receive_letter(repos(), actor.username, code, form.received_on.data, form.cell.data,
                                                form.receiver_name.data or "")
        except IntroductionError as error:
            problem = str(error)
        else:
            flash(f"Đã tiếp nhận đồng chí {introduction.member_name} về {org.get(form.cell.data).name}.")
            return redirect(url_for("introductions.detail", code=code))
    return render_template("introductions/receive.html", form=form, introduction=introduction, problem=problem)


# --- exemptions and changes -------------------------------------------------------------

class ExemptionForm(BaseForm):
    exemption = RadioField("Trường hợp miễn", choices=[(str(k), v) for k, v in EXEMPTION_LABELS.items()])
    ground = TextAreaField("Căn cứ miễn", validators=[Length(max=500)])
    applies_from = VietnameseDateField("Được miễn từ ngày", validators=[Optional()])


@bp.route("/gioi-thieu/mien/<member_id>", methods=["GET", "POST"])
def exemption(member_id: str):
    actor, member = _member_for_workplace(member_id, RECORD_EXEMPTION)
    form = ExemptionForm(exemption=str(member.exemption), ground=member.exemption_ground,
                         applies_from=member.exemption_from)
    problem = None
    if form.validate_on_submit():
        try:
            changed = introduction_service.exempt(repos(), actor.username, member, Exemption(form.exemption.data),
                                                  form.ground.data or "", form.applies_from.data)
        except IntroductionError as error:
            getattr(form, error.field or "ground").errors = [str(error)]
        else:
            flash(f"Đã ghi nhận: {EXEMPTION_LABELS[changed.exemption]}.")
            return redirect(url_for("introductions.history", member_id=member.id))
    return render_template("introductions/exemption.html", form=form, member=member, problem=problem,
                           today_year=clock.today().year, grounds=exemption_grounds())


class ChangeForm(BaseForm):
    kind = RadioField("Thay đổi", choices=[(str(k), v) for k, v in CHANGE_LABELS.items()],
                      validators=[DataRequired(message="Vui lòng chọn loại thay đổi.")])
    on = VietnameseDateField("Từ ngày", validators=[DataRequired(message="Vui lòng nhập ngày thay đổi (ngày/tháng/năm).")])
    new_commune = SelectField("Đảng ủy xã, phường nơi cư trú mới (khi chuyển nơi cư trú)", validators=[Optional()])
    new_address = StringField("Địa chỉ nơi cư trú mới", validators=[Optional(), Length(max=200)])
    new_workplace = SelectField("Nơi công tác mới (khi chuyển nơi công tác)", validators=[Optional()])
    leaving_reason = RadioField("Hình thức ra khỏi Đảng", choices=list(LEAVING_REASONS.items()), validators=[Optional()])
    note = TextAreaField("Ghi chú", validators=[Length(max=500)])
    token = OneTimeToken()


@bp.route("/gioi-thieu/thay-doi/<member_id>", methods=["GET", "POST"])
def change(member_id: str):
    actor, member = _member_for_workplace(member_id, RECORD_CHANGE)
    org = org_service.structure(repos())
    form = ChangeForm(on=clock.today())
    # a commune, never a cell: the commune/ward committee of the new residence refers the member to a cell
    form.new_commune.choices = [("", "Chọn đảng ủy xã, phường")] + [(u.id, u.name) for u in org.of_kind(UnitKind.COMMUNE)]
    form.new_workplace.choices = [("", "Chọn nơi công tác mới")] + [(u.id, u.name) for u in org.of_kind(UnitKind.WORKPLACE)]
    problem = None
    if form.validate_on_submit():
        kind = ChangeKind(form.kind.data)
        try:
            changed, _ = introduction_service.record_change(
                repos(), actor.username, member, kind, form.on.data, form.note.data or "",
                form.token.data, new_commune_id=form.new_commune.data or None, new_address=form.new_address.data or "",
                new_workplace_id=form.new_workplace.data or None, leaving_reason=form.leaving_reason.data or "")
        except IntroductionError as error:
            if error.field:
                getattr(form, error.field).errors = [str(error)]
            else:
                problem = str(error)
        else:
            return _after_change(actor, member, changed, kind, org)
    return render_template("introductions/change.html", form=form, member=member, problem=problem)


def _after_change(actor, member: Member, changed: Member, kind: ChangeKind, org):
    if kind == ChangeKind.MOVED_HOUSE and move_needs_letter(changed):
        letter = introduction_service.latest_for_member(repos(), member.id)  # the one the move issued
        flash(f"Đã ghi đồng chí {member.full_name} chuyển nơi cư trú và lập giấy giới thiệu {letter.code} "
              f"(số {letter.number}) gửi {org.get(letter.commune_id).name}.")
        return redirect(url_for("introductions.detail", code=letter.code))
    if kind == ChangeKind.MOVED_HOUSE:
        flash(f"Đã ghi địa chỉ mới của đồng chí {member.full_name}. Đồng chí được miễn giới thiệu về tổ chức đảng "
              "nơi cư trú nên không lập giấy giới thiệu.")
        return redirect(url_for("introductions.history", member_id=member.id))
    flash(f"Đã ghi nhận thay đổi của đồng chí {member.full_name}; chi bộ nơi cư trú thấy ngay trong sổ theo dõi.")
    if changed.workplace_id != actor.unit_id:
        return redirect(url_for("introductions.workplace_list"))
    return redirect(url_for("introductions.history", member_id=member.id))


@bp.get("/gioi-thieu/dang-vien/<member_id>")
def history(member_id: str):
    actor, member = _member_for_workplace(member_id, RECORD_CHANGE)
    org = org_service.structure(repos())
    return render_template("introductions/history.html", member=member, org=org,
                           cell=org.get(member.residence_cell_id),
                           exemption=EXEMPTION_LABELS[member.exemption] if member.exemption else "",
                           introduction=introduction_service.latest_for_member(repos(), member.id),
                           left=member.status == MemberStatus.LEFT)


def waiting(actor, home) -> list[Waiting]:
    if actor.role == Role.WORKPLACE_OFFICER and actor.unit_id:
        return [Waiting("Đảng viên chưa được giới thiệu về nơi cư trú", home.not_introduced,
                        url_for("introductions.workplace_list"))] if home.not_introduced else []
    if actor.role != Role.COMMUNE_OFFICER or not actor.unit_id:
        return []
    return [Waiting("Giấy giới thiệu đảng viên về nơi cư trú chờ tiếp nhận", home.introductions_waiting,
                    url_for("introductions.commune_list"))] if home.introductions_waiting else []




# --- public: blank letter and the letter filled in, nothing stored -------------------------

class PublicIntroductionForm(BaseForm):
    superior = StringField("Đảng bộ cấp trên (dòng trên cùng bên trái)", validators=[Length(max=120)])
    issuer = StringField("Đảng ủy, chi bộ nơi công tác (giới thiệu)", validators=[DataRequired(message="Vui lòng nhập tên cấp ủy giới thiệu."), Length(max=120)])
    number = StringField("Số giấy", validators=[Length(max=30)])
    place = StringField("Địa danh ghi trước ngày tháng", validators=[Length(max=60)])
    commune_name = StringField("Kính gửi đảng ủy xã, phường", validators=[Length(max=120)])
    cell_name = StringField("Kính gửi chi bộ nơi cư trú", validators=[Length(max=120)])
    member_name = StringField("Họ và tên đảng viên", validators=[DataRequired(message="Vui lòng nhập họ và tên đảng viên."), Length(max=80)])
    sex = RadioField("Nam, nữ", choices=[("Nam", "Nam"), ("Nữ", "Nữ")], validators=[Optional()])
    birth_date = VietnameseDateField("Ngày sinh", validators=[Optional()])
    admission_date = VietnameseDateField("Ngày vào Đảng", validators=[Optional()])
    workplace_cell = StringField("Đang sinh hoạt đảng tại chi bộ", validators=[Length(max=200)])
    address = StringField("Hiện cư trú tại", validators=[Length(max=200)])
    signer_name = StringField("Họ tên người ký", validators=[Length(max=120)])


@bp.route("/mau-don/giay-gioi-thieu/", methods=["GET", "POST"])
def public_fill():
    from ..documents.introductions import introduction_fields, render_introduction_docx, render_introduction_pdf
    from ..documents.render import date_line
    form = PublicIntroductionForm()
    if form.validate_on_submit():
        place = form.place.data or ""
        header = {"superior": form.superior.data or "", "issuer": form.issuer.data, "place": place,
                  "date": clock.today(), "date_line": date_line(place, clock.today())}
        context = introduction_fields(
            header=header, number=form.number.data or "", commune_name=form.commune_name.data or "",
            cell_name=form.cell_name.data or "", member_name=form.member_name.data, sex=form.sex.data or "",
            birth_date=form.birth_date.data, admission_date=form.admission_date.data,
            workplace_cell=form.workplace_cell.data or "", address=form.address.data or "",
            signer_name=form.signer_name.data or "")
        if request.form.get("dinh_dang") == "docx":
            return file_response(render_introduction_docx(context), "Giấy giới thiệu.docx", DOCX)
        return file_response(render_introduction_pdf(context), "Giấy giới thiệu.pdf", PDF)
    return render_template("introductions/public_fill.html", form=form, note=introduction_form()["unconfirmed_note"])


@bp.get("/mau-don/giay-gioi-thieu/mau-trang.pdf")
def blank_pdf():
    from ..documents.introductions import introduction_fields, render_introduction_pdf
    return file_response(render_introduction_pdf(introduction_fields()), "Giấy giới thiệu (mẫu trắng).pdf", PDF)


@bp.get("/mau-don/giay-gioi-thieu/mau-trang.docx")
def blank_docx():
    from ..documents.introductions import introduction_fields, render_introduction_docx
    return file_response(render_introduction_docx(introduction_fields()), "Giấy giới thiệu (mẫu trắng).docx", DOCX)


def verify_introduction(repos_, code: str):
    from .verify import Verified
    introduction = introduction_service.get(repos_, code)
    if introduction is None:
        return None
    dates = [("Ngày giới thiệu", f"{introduction.issued_on:%d/%m/%Y}")]
    if introduction.received_on:
        dates.append(("Đảng ủy nơi cư trú tiếp nhận ngày", f"{introduction.received_on:%d/%m/%Y}"))
    return Verified(kind=f"Giấy giới thiệu (Mẫu 1-213) số {introduction.number}", state=introduction.state_label,
                    initials=initials_of(introduction.member_name), dates=dates)


PUBLIC_FORM = PublicForm(
    title="Giấy giới thiệu đảng viên về nơi cư trú (Mẫu 1-213)",
    summary="Cấp ủy cơ sở nơi công tác giới thiệu đảng viên đến đảng ủy xã, phường và chi bộ nơi cư trú; "
            "phần dưới để đảng ủy nơi cư trú ghi ngày tiếp nhận và chi bộ được phân về.",
    fill_endpoint="introductions.public_fill", blank_pdf_endpoint="introductions.blank_pdf",
    blank_docx_endpoint="introductions.blank_docx")
