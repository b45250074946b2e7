"""Onboarding from a spreadsheet: upload, see every row as it will be saved, confirm.

Between the preview and the confirmation the file itself travels with the page: the preview's
confirmation form carries the uploaded bytes (base64) and a signature of their SHA-256 made
with the app's secret, for this officer and this kind of list. Confirming re-reads and re-plans
those bytes against the store as it is then, so what is saved is what was shown (or the page
shows again what changed meanwhile). Nothing is kept in the store for a preview that is never
confirmed, nothing needs cleaning up, and any of several app servers can take the confirmation.
The size is bounded by MAX_CONTENT_LENGTH (2 MB), refused before the body is read.
"""
from __future__ import annotations

import base64
import binascii
import hashlib
import hmac

from flask import Blueprint, abort, current_app, render_template
from flask_wtf.file import FileField
from wtforms import HiddenField

from ..domain.access import Actor, allowed
from ..domain.onboarding import IMPORT_ACCOUNTS, IMPORT_MEMBERS, IMPORT_UNITS
from ..services import importing
from ..storage import StoreError
from .auth import authorize, current_actor, repos
from .downloads import CSV, file_response
from .forms import BaseForm, RadioField

bp = Blueprint("onboarding", __name__)

ACTION_OF_KIND = {"dang-vien": IMPORT_MEMBERS, "tai-khoan": IMPORT_ACCOUNTS, "don-vi": IMPORT_UNITS}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# the previewed file goes back with the confirmation in base64 (a third larger), and the whole
# post must stay under MAX_CONTENT_LENGTH (2 MB)
MAX_FILE_BYTES = 1024 * 1024


def kinds_for(actor: Actor | None) -> list[str]:
    """The kinds of list this person may import (used by the admin and home pages for their links)."""
    return [kind for kind, action in ACTION_OF_KIND.items() if allowed(actor, action)]


class UploadForm(BaseForm):
    kind = RadioField("Đồng chí nhập danh sách gì?", validate_choice=True)
    upload = FileField("Tệp danh sách (.xlsx hoặc .csv)")


class ConfirmForm(BaseForm):
    kind = HiddenField()
    file_name = HiddenField()
    content = HiddenField()
    signature = HiddenField()


def _officer() -> Actor:
    actor = current_actor()
    if not kinds_for(actor):
        authorize(IMPORT_MEMBERS)   # signs in the anonymous, refuses the others
    return actor


def _signature(actor: Actor, kind: str, content: bytes) -> str:
    digest = hashlib.sha256(content).hexdigest()
    message = f"{actor.username}|{kind}|{digest}".encode()
    return hmac.new(current_app.config["SECRET_KEY"].encode(), message, hashlib.sha256).hexdigest()


def _upload_form(actor: Actor) -> UploadForm:
    form = UploadForm()
    allowed_kinds = kinds_for(actor)
    form.kind.choices = [(kind, importing.kinds()[kind]["label"]) for kind in allowed_kinds]
    if form.kind.data is None:
        form.kind.data = allowed_kinds[0]
    return form


@bp.route("/nhap-danh-sach/", methods=["GET", "POST"])
def upload():
    actor = _officer()
    form = _upload_form(actor)
    if form.validate_on_submit():
        file = form.upload.data
        if not file or not getattr(file, "filename", ""):
            form.upload.errors.append("Vui lòng chọn tệp danh sách (.xlsx hoặc .csv).")
        else:
            content = file.read(MAX_FILE_BYTES + 1)
            try:
                if len(content) > MAX_FILE_BYTES:
                    raise importing.FileRefused("Tệp lớn hơn 1 MB. Vui lòng chia danh sách thành nhiều tệp nhỏ hơn.")
                rows = importing.read_rows(file.filename, content, form.kind.data)
            except importing.FileRefused as refused:
                form.upload.errors.append(str(refused))
            else:
                plan = importing.plan(repos(), actor, form.kind.data, rows)
                confirm = ConfirmForm(formdata=None, kind=form.kind.data, file_name=file.filename,
                                      content=base64.b64encode(content).decode(),
                                      signature=_signature(actor, form.kind.data, content))
                return _preview(plan, file.filename, confirm)
    return render_template("admin/import_upload.html", form=form, kinds=importing.kinds())


def _preview(plan, file_name: str, confirm: ConfirmForm, problem: str | None = None):
    return render_template("admin/import_preview.html", plan=plan, file_name=file_name, confirm=confirm,
                           columns=importing.column_keys(plan.kind), labels=importing.STATUS_LABELS,
                           kind_label=importing.kinds()[plan.kind]["label"], problem=problem)


@bp.post("/nhap-danh-sach/xac-nhan")
def confirm():
    actor = _officer()
    form = ConfirmForm()
    kind = form.kind.data if form.kind.data in kinds_for(actor) else None
    try:
        content = base64.b64decode(form.content.data or "", validate=True)
    except (binascii.Error, ValueError):
        content = None
    if not form.validate_on_submit() or kind is None or content is None or not hmac.compare_digest(
            form.signature.data or "", _signature(actor, kind, content)):
        return _upload_again(actor, "Không nhận ra tệp đã xem trước. Vui lòng chọn tệp và tải lên lại.")
    file_name = form.file_name.data or "tep"
    try:
        rows = importing.read_rows(file_name, content, kind)
        saved = importing.save(repos(), actor, kind, rows, file_name)
    except importing.FileRefused as refused:   # the name changed on the way: read it as the officer sent it
        return _upload_again(actor, str(refused))
    except StoreError:
        return _preview(importing.plan(repos(), actor, kind, rows), file_name, form,
                        problem="Chưa lưu được vì máy chủ lưu trữ đang bận hoặc lỗi. Chưa có dòng nào được lưu; "
                                "vui lòng bấm xác nhận lại sau ít phút.")
    if saved.refused:   # the store changed since the preview: show the rows again, nothing saved
        return _preview(saved, file_name, form, problem="Danh sách đã thay đổi từ lúc xem trước: có dòng không lưu "
                                                        "được nữa. Chưa có dòng nào được lưu.")
    return render_template("admin/import_done.html", plan=saved, accounts=importing.created_accounts(saved),
                           kind_label=importing.kinds()[kind]["label"], file_name=file_name)


def _upload_again(actor: Actor, message: str):
    """The upload page again, with why the confirmation was not taken at the file's field."""
    form = _upload_form(actor)
    form.upload.errors = [message]
    return render_template("admin/import_upload.html", form=form, kinds=importing.kinds()), 400


@bp.get("/nhap-danh-sach/mau/<loai>.<dang>")
def template(loai: str, dang: str):
    actor = _officer()
    if loai not in kinds_for(actor) or dang not in ("xlsx", "csv"):
        abort(404)
    name = importing.kinds()[loai]["file_name"]
    if dang == "xlsx":
        return file_response(importing.template_xlsx(loai), f"{name}.xlsx", XLSX)
    return file_response(importing.template_csv(loai), f"{name}.csv", CSV)
