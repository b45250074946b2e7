"""Paper and service side by side in the residence cell's register: the secretary records a
letter handed in on paper (with the day the cell received it, the workplace's confirmation
where the province asks it, a note, and its scan or photo if there is one), or, where the
province asks no letter, that the member told the cell committee. The register, the
comment's "nhận xét khác" and the rating cap then read it as a letter agreed in the service."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_wtf.file import FileField
from wtforms import StringField, TextAreaField
from wtforms.validators import Length, Optional

from ..domain.attendance_register import (ATTENDANCE_LABELS, RECORD_ATTENDANCE, SCAN_TYPES, VIEW_ATTENDANCE_REGISTER,
                                          Attendance, AttendanceRegisterError, PaperLetter, attendance_of,
                                          paper_letter_problems, scan_format)
from ..services import attendance_register as attendance_register_service
from ..services.local_rules import letter_asked
from .attendance_register import meeting_allowed
from .auth import repos
from .downloads import file_response
from .forms import BaseForm, RadioField, VietnameseDateField

bp = Blueprint("attendance_register_paper", __name__)


class PaperAbsenceForm(BaseForm):
    way = RadioField("Đồng chí báo vắng bằng cách nào?",
                     choices=[(str(Attendance.PAPER_LETTER), "Nộp đơn xin vắng trên giấy"),
                              (str(Attendance.REPORTED), "Báo trực tiếp với chi ủy (không có đơn)")],
                     default=str(Attendance.PAPER_LETTER), validators=[Optional()], validate_choice=True)
    received_on = VietnameseDateField("Ngày chi ủy nhận đơn hoặc nhận báo vắng", validators=[Optional()])
    confirmed_by = StringField("Ai xác nhận đơn ở nơi công tác", validators=[Optional(), Length(
        max=200, message="Vui lòng ghi ngắn hơn (tối đa 200 ký tự).")])
    note = TextAreaField("Lý do vắng, ghi chú", validators=[Optional(), Length(
        max=300, message="Ghi chú không được dài quá 300 ký tự.")])
    scan = FileField("Ảnh chụp hoặc bản quét của đơn")


def _meeting_and_member(meeting_id: str, member_id: str, action):
    """(who, the meeting, the member it concerns), or 404 / 403."""
    actor, cell_id, found = meeting_allowed(meeting_id, action)
    concerned = attendance_register_service.concerned_members(repos(), cell_id, found)
    member = next((m for m in concerned if m.id == member_id), None)
    if member is None:
        abort(404)
    return actor, found, member


@bp.route("/so-theo-doi/buoi/<meeting_id>/vang-co-don/<member_id>", methods=["GET", "POST"])
def record(meeting_id: str, member_id: str):
    actor, found, member = _meeting_and_member(meeting_id, member_id, RECORD_ATTENDANCE)
    # the province's letter practice of the meeting's year: the workplace confirms first, or
    # the member asks the cell committee (and may simply have told it)
    letters_confirmed = letter_asked(repos(), found.cell_id, found.date.year)
    form = PaperAbsenceForm()
    if letters_confirmed:  # the province asks a letter: nothing to choose
        del form["way"]
    else:  # no letter practice: no confirmation to ask about
        del form["confirmed_by"]
    entry = attendance_of(found).get(member.id)
    if request.method == "GET" and entry and entry.received_date:
        form.received_on.data, form.note.data = entry.received_date, entry.note
        if letters_confirmed:
            form.confirmed_by.data = entry.confirmed_by
        else:
            form.way.data = str(entry.status)
    problem = None
    if form.validate_on_submit():
        way = Attendance.PAPER_LETTER if letters_confirmed else Attendance(form.way.data or Attendance.PAPER_LETTER)
        problems = paper_letter_problems(found, member.id, form.received_on.data, way)
        upload = form.scan.data
        scan = upload.read() if upload and way == Attendance.PAPER_LETTER else b""
        if scan:
            try:
                scan_format(scan)
            except AttendanceRegisterError as error:
                problems["scan"] = str(error)
        for name, message in problems.items():
            form[name].errors = [*form[name].errors, message]
        if not problems:
            kept_scan = entry.scan if entry and entry.status == Attendance.PAPER_LETTER else ""
            paper = PaperLetter(form.received_on.data, (form.confirmed_by.data or "") if letters_confirmed else "",
                                form.note.data or "", scan=kept_scan)
            try:
                attendance_register_service.record_paper_absence(repos(), actor.username, found.id, member.id, way,
                                                                 paper, scan=scan or None)
            except AttendanceRegisterError as error:  # the meeting changed meanwhile (the member marked present)
                form.received_on.errors = [*form.received_on.errors, str(error)]
            else:
                flash(f"Đã ghi {ATTENDANCE_LABELS[way].lower()} cho đồng chí {member.full_name}.")
                return redirect(url_for("attendance_register.meeting", meeting_id=found.id))
    return render_template("attendance_register/paper_absence.html", form=form, meeting=found, member=member,
                           letters_confirmed=letters_confirmed, problem=problem,
                           has_scan=bool(entry and entry.scan))


@bp.get("/so-theo-doi/buoi/<meeting_id>/vang-co-don/<member_id>/ban-chup")
def scan(meeting_id: str, member_id: str):
    """The kept scan of the member's paper letter, for those who may read the register."""
    _, found, member = _meeting_and_member(meeting_id, member_id, VIEW_ATTENDANCE_REGISTER)
    entry = attendance_of(found).get(member.id)
    kept = attendance_register_service.paper_scan(repos(), entry) if entry else None
    if kept is None:
        abort(404)
    format_ = entry.scan_file[1]
    return file_response(kept.content, f"Đơn xin vắng {member.full_name} {found.date:%d-%m-%Y}.{format_}",
                         SCAN_TYPES[format_])
