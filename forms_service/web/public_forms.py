"""Forms for everyone, without an account: the list of forms, blank downloads, and
fill-in-and-download. Nothing typed on these pages is stored.

Each journey describes its form as a `PublicForm`; `create_app` (web.register) puts the
list together in `app.extensions["public_forms"]`.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from flask import Blueprint, current_app, render_template, request, url_for
from wtforms import RadioField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from ..domain import clock
from ..documents.letters import blank_context, letter_context, letter_docx, letter_pdf
from ..domain.letters import MAX_REASON_TEXT, ReasonKind, letter_wording, reason_choices
from .forms import BaseForm, VietnameseDateField
from .downloads import DOCX, PDF, file_response

bp = Blueprint("public_forms", __name__)


@dataclass(frozen=True)
class PublicForm:
    title: str
    summary: str
    fill_endpoint: str | None        # the fill-in page, or None if the form is only downloaded
    blank_pdf_endpoint: str
    blank_docx_endpoint: str
    # other blank variants: (what the link says, its query arguments), each offered as PDF and DOCX
    variants: tuple[tuple[str, dict], ...] = ()

    def urls(self) -> dict:
        return {"fill": url_for(self.fill_endpoint) if self.fill_endpoint else None,
                "pdf": url_for(self.blank_pdf_endpoint), "docx": url_for(self.blank_docx_endpoint),
                "variants": [(label, url_for(self.blank_pdf_endpoint, **args), url_for(self.blank_docx_endpoint, **args))
                             for label, args in self.variants]}


ABSENCE_LETTER = PublicForm(
    title="Đơn xin vắng sinh hoạt (chi bộ nơi cư trú)",
    summary="Đảng viên đang công tác làm khi không dự được buổi sinh hoạt ở chi bộ nơi cư trú.",
    fill_endpoint="public_forms.absence_letter", blank_pdf_endpoint="public_forms.absence_letter_blank_pdf",
    blank_docx_endpoint="public_forms.absence_letter_blank_docx")


def _short(limit: int, what: str):
    return Length(max=limit, message=f"{what} không được dài quá {limit} ký tự.")


class PublicLetterForm(BaseForm):
    full_name = StringField("Họ và tên", validators=[DataRequired("Vui lòng nhập họ và tên."), _short(80, "Họ và tên")])
    birth_date = VietnameseDateField("Ngày sinh", validators=[Optional()])
    admission_date = VietnameseDateField("Ngày vào Đảng", validators=[Optional()])
    workplace = StringField("Chi bộ, đảng bộ nơi công tác", validators=[_short(200, "Nơi công tác")])
    address = StringField("Nơi cư trú", validators=[_short(200, "Nơi cư trú")])
    phone = StringField("Điện thoại", validators=[_short(30, "Số điện thoại")])
    cell_name = StringField("Chi bộ nơi cư trú (gửi đơn đến)", validators=[_short(120, "Tên chi bộ")])
    commune_name = StringField("Đảng ủy xã, phường", validators=[_short(120, "Tên đảng ủy xã, phường")])
    place = StringField("Địa danh ghi ở đầu đơn", validators=[_short(60, "Địa danh")])
    meeting_date = VietnameseDateField("Ngày sinh hoạt sẽ vắng", validators=[
        DataRequired("Vui lòng nhập ngày sinh hoạt sẽ vắng, theo dạng ngày/tháng/năm.")])
    reason_kind = RadioField("Lý do vắng", choices=[], validators=[DataRequired("Vui lòng chọn lý do vắng.")])
    reason_text = TextAreaField("Lý do cụ thể", validators=[_short(MAX_REASON_TEXT, "Lý do cụ thể")])


@bp.get("/mau-don/")
def index():
    forms = [(form, form.urls()) for form in current_app.extensions["public_forms"]]
    return render_template("public_forms/index.html", forms=forms)


@bp.route("/mau-don/don-xin-vang/", methods=["GET", "POST"])
def absence_letter():
    form = PublicLetterForm()
    form.reason_kind.choices = reason_choices()
    if form.validate_on_submit():
        if form.reason_kind.data == ReasonKind.OTHER and not form.reason_text.data:
            form.reason_text.errors.append("Với “Lý do khác”, vui lòng ghi rõ lý do.")
        else:
            context = letter_context(
                member_name=form.full_name.data, birth_date=form.birth_date.data,
                admission_date=form.admission_date.data, workplace=form.workplace.data, address=form.address.data,
                phone=form.phone.data, cell_name=form.cell_name.data, commune_name=form.commune_name.data,
                place=form.place.data, dates_lines=[f"ngày {form.meeting_date.data:%d/%m/%Y}"],
                reason_kind=form.reason_kind.data, reason_text=form.reason_text.data, written_on=clock.today())
            if request.form.get("dinh_dang") == "docx":
                return file_response(letter_docx(context), "Đơn xin vắng sinh hoạt.docx", DOCX)
            return file_response(letter_pdf(context), "Đơn xin vắng sinh hoạt.pdf", PDF)
    return render_template("public_forms/don_xin_vang.html", form=form, note=letter_wording()["note"])


@lru_cache(maxsize=1)
def _blank_pdf() -> bytes:
    return letter_pdf(blank_context())


@lru_cache(maxsize=1)
def _blank_docx() -> bytes:
    return letter_docx(blank_context())


@bp.get("/mau-don/don-xin-vang/mau-trang.pdf")
def absence_letter_blank_pdf():
    return file_response(_blank_pdf(), "Đơn xin vắng sinh hoạt (mẫu trắng).pdf", PDF)


@bp.get("/mau-don/don-xin-vang/mau-trang.docx")
def absence_letter_blank_docx():
    return file_response(_blank_docx(), "Đơn xin vắng sinh hoạt (mẫu trắng).docx", DOCX)
