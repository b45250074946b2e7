"""Managing accounts from the web, within each officer's reach: the list, a new account, an
account's page (edit, lock, deactivate, end sessions), the printed sign-in slips, and the
audit trail. Who may touch which account is asked of the domain's one rule (reach)."""
from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from wtforms import StringField
from wtforms.validators import DataRequired, Length, Optional, Regexp, ValidationError

from ..documents.render import RenderFailed
from ..documents.sign_in_slips import sign_in_slips_pdf
from ..domain import clock
from ..domain.access import ROLE_LABELS, Role
from ..domain.accounts import ACCOUNTS_PAGE, AUDIT_ACTIONS, AUDIT_PAGE, LEAVING_REASONS, Power
from ..domain.org import person_sort_key
from ..services import account_admin, accounts as account_service, audit as audit_service, org as org_service
from .auth import current_account, repos, requires
from .downloads import file_response
from .forms import BaseForm, SelectField, SelectMultipleField, VietnameseDateField

bp = Blueprint("account_admin", __name__)

ONLY_STOP = "chi_ngung"   # deactivate the account, the member stays on every list


def _phone(form, field):
    if field.data and not all(c.isdigit() or c in " +.-" for c in field.data):
        raise ValidationError("Số điện thoại chỉ gồm chữ số (có thể có dấu cách, dấu chấm, dấu gạch).")


class AccountDetailsForm(BaseForm):
    display_name = StringField("Họ và tên", validators=[DataRequired("Vui lòng nhập họ và tên."),
                                                         Length(max=100, message="Họ và tên dài quá 100 ký tự.")])
    email = StringField("Thư điện tử (không bắt buộc)", validators=[
        Optional(), Regexp(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", message="Địa chỉ thư điện tử chưa đúng, ví dụ: ten@gmail.com."),
        Length(max=120, message="Địa chỉ thư điện tử dài quá 120 ký tự.")])
    phone = StringField("Số điện thoại (không bắt buộc)", validators=[
        Optional(), Length(max=20, message="Số điện thoại dài quá 20 ký tự."), _phone])
    unit = SelectField("Đơn vị", validate_choice=False)


class NewAccountForm(AccountDetailsForm):
    username = StringField("Tên đăng nhập", validators=[DataRequired("Vui lòng nhập tên đăng nhập."),
                                                         Length(max=40, message="Tên đăng nhập dài quá 40 ký tự.")])
    role = SelectField("Vai trò", validators=[DataRequired("Vui lòng chọn vai trò.")])
    member = SelectField("Đảng viên (với tài khoản đảng viên)", validate_choice=False)


class DeactivateForm(BaseForm):
    reason = SelectField("Vì sao ngừng", validators=[DataRequired("Vui lòng chọn vì sao ngừng tài khoản.")])
    day = VietnameseDateField("Từ ngày (ngày/tháng/năm)", validators=[DataRequired("Vui lòng nhập ngày.")])

    def validate_day(self, field):
        today = clock.today()
        if field.data and not today - timedelta(days=366) <= field.data <= today:
            raise ValidationError("Ngày phải trong vòng một năm qua, không sau hôm nay.")


class SlipsForm(BaseForm):
    who = SelectMultipleField("Tài khoản cần in phiếu", validators=[
        DataRequired("Vui lòng chọn ít nhất một tài khoản để in phiếu.")])


class AuditFilterForm(BaseForm):
    class Meta:
        csrf = False   # a search: it reads, changes nothing
    person = StringField("Người (tên đăng nhập)", validators=[Optional(), Length(max=40, message="Tên dài quá 40 ký tự.")])
    unit = SelectField("Đơn vị", validate_choice=False)
    since = VietnameseDateField("Từ ngày", validators=[Optional()])
    until = VietnameseDateField("Đến ngày", validators=[Optional()])


def _actor():
    return current_account().actor


def _unit_label(org, unit_id):
    unit = org.get(unit_id)
    return unit.name if unit else ""


def _state(account) -> str:
    if not account.active:
        return "Đã ngừng"
    if account.held:
        return "Đang khóa"
    if not account.password_hash:
        return "Chờ đăng nhập lần đầu" if account.code_hash else "Chưa in phiếu"
    return "Đang dùng"


@bp.get("/tai-khoan/")
@requires(ACCOUNTS_PAGE)
def index():
    actor = _actor()
    org = org_service.structure(repos())
    found = sorted(account_admin.within_reach(repos(), actor), key=lambda a: person_sort_key(a[0].display_name))
    slips = SlipsForm()
    slips.who.choices = [(a.username, a.display_name) for a, _ in found if a.active]
    return render_template("admin/accounts.html", found=found, org=org, role_labels=ROLE_LABELS, state=_state,
                           unit_label=_unit_label, slips=slips, may_create=bool(account_admin.roles_to_give(actor)),
                           may_read_audit=actor.role != Role.CELL_SECRETARY)


def _new_account_choices(form: NewAccountForm, actor) -> None:
    form.role.choices = [("", "— Chọn —")] + [(str(r), ROLE_LABELS[r]) for r in account_admin.roles_to_give(actor)]
    units = {u.id: u for role in account_admin.roles_to_give(actor) if role != Role.MEMBER
             for u in account_admin.units_to_give(repos(), actor, role)}
    form.unit.choices = [("", "— Không (tài khoản đảng viên) —")] + \
                        [(u.id, u.name) for u in sorted(units.values(), key=lambda u: u.name)]
    form.member.choices = [("", "— Không (tài khoản cán bộ) —")] + \
                          [(m.id, m.full_name) for m in account_admin.members_to_give(repos(), actor)]


@bp.route("/tai-khoan/tao", methods=["GET", "POST"])
@requires(ACCOUNTS_PAGE)
def create():
    actor = _actor()
    if not account_admin.roles_to_give(actor):
        abort(403)
    form = NewAccountForm()
    _new_account_choices(form, actor)
    problem = None
    if form.validate_on_submit():
        try:
            account_admin.create(repos(), actor, form.username.data.strip().lower(), form.display_name.data.strip(),
                                 Role(form.role.data), unit_id=form.unit.data or None,
                                 member_id=form.member.data or None, email=(form.email.data or "").strip(),
                                 phone=(form.phone.data or "").strip())
        except account_admin.OutOfReach as refused:
            problem = str(refused)
        else:
            flash("Đã tạo tài khoản. Bấm “In phiếu đăng nhập” để có mã đăng nhập trao cho đồng chí.")
            return redirect(url_for("account_admin.account", username=form.username.data.strip().lower()))
    return render_template("admin/account_new.html", form=form, problem=problem)


def _within_reach(username: str):
    actor = _actor()
    account = account_service.get(repos(), username)
    power = account_admin.power_over(repos(), actor, account) if account else None
    if power is None:
        abort(404 if account is None else 403)
    return actor, account, power


def _stop_form(found, formdata=None) -> DeactivateForm:
    stop = DeactivateForm(formdata=formdata) if formdata is not None else DeactivateForm()
    stop.reason.choices = [("", "— Chọn —"), (ONLY_STOP, "Chỉ ngừng tài khoản (đảng viên vẫn sinh hoạt)")] + \
                          (list(LEAVING_REASONS.items()) if found.member_id else [])
    return stop


def _account_page(actor, found, power, form=None, stop=None, problem=None, status=200):
    org = org_service.structure(repos())
    may_move = found.role not in (Role.MEMBER, Role.ADMIN) and power == Power.MANAGE
    if form is None:
        form = AccountDetailsForm(formdata=None, obj=found)
        form.unit.data = found.unit_id
    form.unit.choices = [(u.id, u.name) for u in account_admin.units_to_give(repos(), actor, found.role)] \
        if may_move else [("", "—")]
    slips = SlipsForm(formdata=None, who=[found.username])
    slips.who.choices = [(found.username, found.display_name)]
    return render_template("admin/account.html", found=found, form=form, stop=stop or _stop_form(found),
                           slips=slips, problem=problem, may_move=may_move, role_labels=ROLE_LABELS,
                           state=_state(found), unit_name=_unit_label(org, found.unit_id),
                           manage=power == Power.MANAGE), status


@bp.route("/tai-khoan/<username>", methods=["GET", "POST"])
@requires(ACCOUNTS_PAGE)
def account(username: str):
    actor, found, power = _within_reach(username)
    if request.method == "GET":
        return _account_page(actor, found, power)
    if power != Power.MANAGE:
        abort(403)
    may_move = found.role not in (Role.MEMBER, Role.ADMIN)
    form = AccountDetailsForm()
    form.unit.choices = [(u.id, u.name) for u in account_admin.units_to_give(repos(), actor, found.role)] \
        if may_move else [("", "—")]
    if form.validate_on_submit():
        try:
            account_admin.edit(repos(), actor, username, form.display_name.data.strip(),
                               (form.email.data or "").strip(), (form.phone.data or "").strip(),
                               form.unit.data if may_move else None)
        except account_admin.OutOfReach as refused:
            return _account_page(actor, found, power, form=form, problem=str(refused), status=400)
        flash("Đã lưu.")
        return redirect(url_for("account_admin.account", username=username))
    return _account_page(actor, found, power, form=form, status=400)


def _change(username: str, action, done: str):
    actor, _, _ = _within_reach(username)
    try:
        action(repos(), actor, username)
    except account_admin.OutOfReach:
        abort(403)
    flash(done)
    return redirect(url_for("account_admin.account", username=username))


@bp.post("/tai-khoan/<username>/khoa")
@requires(ACCOUNTS_PAGE)
def hold(username: str):
    return _change(username, lambda r, a, u: account_admin.hold(r, a, u, True),
                   "Đã khóa tài khoản; các phiên đăng nhập của tài khoản đã kết thúc.")


@bp.post("/tai-khoan/<username>/mo-khoa")
@requires(ACCOUNTS_PAGE)
def release(username: str):
    return _change(username, lambda r, a, u: account_admin.hold(r, a, u, False), "Đã mở khóa tài khoản.")


@bp.post("/tai-khoan/<username>/ket-thuc-phien")
@requires(ACCOUNTS_PAGE)
def end_sessions(username: str):
    return _change(username, account_admin.end_sessions,
                   "Đã đăng xuất tài khoản khỏi mọi máy. Người dùng đăng nhập lại bằng mật khẩu của mình.")


@bp.post("/tai-khoan/<username>/mo-lai")
@requires(ACCOUNTS_PAGE)
def reactivate(username: str):
    return _change(username, account_admin.reactivate, "Đã mở lại tài khoản.")


@bp.post("/tai-khoan/<username>/ngung")
@requires(ACCOUNTS_PAGE)
def deactivate(username: str):
    actor, found, power = _within_reach(username)
    if power != Power.MANAGE:
        abort(403)
    stop = _stop_form(found, request.form)
    if not stop.validate_on_submit():
        return _account_page(actor, found, power, stop=stop, status=400)
    account_admin.deactivate(repos(), actor, username, stop.reason.data, stop.day.data)
    flash("Đã ngừng tài khoản. Hồ sơ và nhật ký vẫn được giữ; đồng chí không đăng nhập được nữa.")
    return redirect(url_for("account_admin.account", username=username))


@bp.post("/tai-khoan/in-phieu")
@requires(ACCOUNTS_PAGE)
def print_slips():
    """New one-time codes for the chosen accounts, printed at once: the codes are in this PDF only."""
    actor = _actor()
    form = SlipsForm()
    form.who.choices = [(a.username, a.display_name) for a, _ in account_admin.within_reach(repos(), actor)
                        if a.active]
    if not form.validate_on_submit():
        message = "; ".join(form.who.errors) or "Không in được phiếu, vui lòng chọn lại."
        return render_template("admin/slips_refused.html", message=message), 400
    try:
        slips = account_admin.issue_sign_in_codes(repos(), actor, form.who.data, clock.now())
        pdf = sign_in_slips_pdf(slips, current_app.config.get("PUBLIC_URL", "").rstrip("/") + "/dich-vu/",
                                current_account().display_name)
    except account_admin.OutOfReach as refused:
        return render_template("admin/slips_refused.html", message=str(refused)), 403
    except RenderFailed:
        return render_template("admin/slips_refused.html", message=(
            "Chưa in được phiếu vì lỗi tạo tệp PDF. Mã cũ không còn dùng được; vui lòng bấm in lại.")), 500
    return file_response(pdf, "Phiếu đăng nhập.pdf", "application/pdf")


@bp.get("/nhat-ky")
@requires(AUDIT_PAGE)
def audit():
    actor = _actor()
    org = org_service.structure(repos())
    form = AuditFilterForm(request.args)
    units = org.children(actor.unit_id) if actor.role != Role.ADMIN else \
        sorted((u for u in org.units.values() if u.parent_id), key=lambda u: person_sort_key(u.name))
    form.unit.choices = [("", "Mọi đơn vị")] + [(u.id, u.name) for u in units]
    entries = []
    if form.validate():
        entries = audit_service.audit_trail(repos(), actor, person=(form.person.data or "").strip().lower(),
                                            unit_id=form.unit.data or "", since=form.since.data,
                                            until=form.until.data)
    return render_template("admin/audit.html", form=form, entries=entries, labels=AUDIT_ACTIONS)
