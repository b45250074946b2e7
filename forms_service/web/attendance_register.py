"""The residence cell’s register of meetings and attendance: the secretary schedules meetings
for working members and records who came (Quy định 213, khoản 3 Điều 4)."""
from __future__ import annotations

from functools import lru_cache

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from wtforms import HiddenField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, Regexp

from ..documents.printed_register import (blank_printed_register_context, printed_register_context,
                                          printed_register_docx, printed_register_pdf)
from ..domain import clock
from ..domain.access import Role, Scope, allowed
from ..domain.attendance_register import (ATTENDANCE_LABELS, RECORD_ATTENDANCE, SCHEDULE, VIEW_ATTENDANCE_REGISTER,
                                          Attendance, attendance_of, joined_cell_on, meetings_shortfall)
from ..domain.local_rules import Locality
from ..domain.meetings import MEETING_KIND_LABELS, Meeting, MeetingKind, cell_of_meeting
from ..domain.members import EXEMPTION_LABELS, Member
from ..domain.org import UnitKind, sort_by_person
from ..services import attendance_register as attendance_register_service
from ..services import members as member_service, org as org_service
from ..services.attendance_register import KEPT_AS_RECORDED
from ..services.local_rules import letter_asked, rule_switches
from ..services.rating import member_cap
from .auth import authorize, current_actor, repos
from .downloads import DOCX, PDF, file_response
from .forms import BaseForm, RadioField, VietnameseDateField
from .home import Waiting
from .once import OneTimeToken
from .public_forms import PublicForm

bp = Blueprint("attendance_register", __name__)

ROSTER_CHANGED = ("Danh sách đảng viên của chi bộ đã thay đổi từ lúc trang này được mở, nên chưa lưu gì. "
                  "Trang đã hiện danh sách mới; vui lòng xem lại điểm danh rồi bấm “Lưu điểm danh”.")


def chosen_year() -> int:
    year = request.args.get("nam", type=int)
    return year if year and 2000 <= year <= 2100 else clock.today().year


def locality_of(unit_id: str | None) -> Locality:
    """Where a unit is (province, commune, former province: which row of the rating cap
    holds); remembered for the request, since a list page asks it once per member."""
    cache = g.setdefault("locality_of", {})
    if unit_id not in cache:
        org = g.get("org") or org_service.structure(repos())
        g.org = org
        cache[unit_id] = org.locality_of(unit_id)
    return cache[unit_id]


def cap_for(member: Member, cell_id: str, year: int, meetings: list[Meeting] | None = None):
    """The advisory rating cap of this member for the year, from the cell's register."""
    meetings = attendance_register_service.cell_meetings(repos(), cell_id, year) if meetings is None else meetings
    joined = joined_cell_on(member) if member.residence_cell_id == cell_id else None
    if "rule_switches" not in g:  # read once per request: a list page asks for every member
        g.rule_switches = rule_switches(repos())
    return member_cap(repos(), member, year, meetings, locality_of(cell_id), joined, g.rule_switches)


def _cell_scope(cell_id: str) -> Scope:
    return Scope(cell_id=cell_id, commune_id=org_service.structure(repos()).commune_of(cell_id))


def _viewed_cell():
    """(who, the residence cell whose register is asked for): the secretary's own cell, or
    the one named by `chi_bo` for those who oversee it."""
    actor = current_actor()
    cell_id = request.args.get("chi_bo") or (actor.unit_id if actor else None)
    actor = authorize(VIEW_ATTENDANCE_REGISTER, _cell_scope(cell_id) if cell_id else Scope())
    cell = org_service.structure(repos()).get(cell_id)
    if cell is None or cell.kind != UnitKind.RESIDENCE_CELL:
        abort(404)
    return actor, cell


@bp.get("/so-theo-doi/")
def index():
    actor, cell = _viewed_cell()
    year = chosen_year()
    meetings = attendance_register_service.cell_meetings(repos(), cell.id, year)
    members = sort_by_person(member_service.of_cell(repos(), cell.id))
    rows = []
    for member in members:
        absences = sum(1 for m in meetings
                       if (e := attendance_of(m).get(member.id)) and e.status != Attendance.PRESENT)
        # no rating cap here: rating is the workplace's business, not the residence cell's
        rows.append({"member": member, "absences": absences, "joined": joined_cell_on(member),
                     "exemption": EXEMPTION_LABELS[member.exemption] if member.exemption else ""})
    return render_template("attendance_register/index.html", cell=cell, year=year, meetings=meetings, rows=rows,
                           shortfall=meetings_shortfall(meetings, year), can_edit=actor.role == Role.CELL_SECRETARY,
                           attendance_of=attendance_of, kind_labels=MEETING_KIND_LABELS)


class ScheduleForm(BaseForm):
    on = VietnameseDateField("Ngày sinh hoạt", validators=[DataRequired(message="Vui lòng nhập ngày sinh hoạt (ngày/tháng/năm).")])
    time = StringField("Giờ bắt đầu", validators=[Optional(), Regexp(r"^([01]?\d|2[0-3])[:h]([0-5]\d)$",
                                                                     message="Vui lòng nhập giờ theo dạng 19:30.")])
    place = StringField("Địa điểm", validators=[DataRequired(message="Vui lòng nhập địa điểm sinh hoạt."), Length(max=200)])
    topic = TextAreaField("Nội dung", validators=[DataRequired(message="Vui lòng nhập nội dung buổi sinh hoạt."), Length(max=1000)])
    kind = RadioField("Loại buổi sinh hoạt", choices=[(str(k), v) for k, v in MEETING_KIND_LABELS.items()],
                      default=str(MeetingKind.REGULAR))
    commune_attendees = StringField("Đại diện đảng ủy xã, phường dự theo dõi", validators=[Optional(), Length(max=300)])
    token = OneTimeToken()


@bp.route("/so-theo-doi/buoi-moi", methods=["GET", "POST"])
def schedule():
    actor = current_actor()
    cell_id = actor.unit_id if actor else None
    actor = authorize(SCHEDULE, _cell_scope(cell_id) if cell_id else Scope())
    cell = org_service.structure(repos()).get(actor.unit_id)
    form = ScheduleForm()
    if form.validate_on_submit():
        meeting = Meeting(id="", cell_id=cell.id, date=form.on.data, time=(form.time.data or "").replace("h", ":"),
                          place=form.place.data, topic=form.topic.data, kind=MeetingKind(form.kind.data),
                          commune_attendees=form.commune_attendees.data or "")
        meeting, _ = attendance_register_service.schedule_meeting(repos(), actor.username, meeting, form.token.data)
        flash(f"Đã lên lịch buổi sinh hoạt ngày {meeting.date:%d/%m/%Y}.")
        return redirect(url_for("attendance_register.meeting", meeting_id=meeting.id))
    return render_template("attendance_register/schedule.html", form=form, cell=cell, problem=None)




def status_field(member: Member) -> str:
    """Each member's answers are named by the member's id, never by their place in the list."""
    return f"trang-thai-{member.id}"


def note_field(member: Member) -> str:
    return f"ghi-chu-{member.id}"


def roster_stamp(members: list[Member]) -> str:
    return " ".join(sorted(m.id for m in members))


def _attendance_form(members: list[Member], letters: dict[str, object], entries: dict):
    """One radio group and one note per member; "excused" is offered only to a member
    whose agreed absence letter names this meeting."""
    class AttendanceForm(BaseForm):
        commune_attendees = StringField("Đại diện đảng ủy xã, phường dự theo dõi", validators=[Optional(), Length(max=300)])

    # The roster as drawn: if it differs on POST, the answers would be read against another list.
    AttendanceForm.roster = HiddenField(default=roster_stamp(members))
    for member in members:
        choices = [(str(Attendance.PRESENT), ATTENDANCE_LABELS[Attendance.PRESENT])]
        if member.id in letters:
            choices.append((str(Attendance.EXCUSED), f"{ATTENDANCE_LABELS[Attendance.EXCUSED]} (đơn {letters[member.id].code})"))
        entry = entries.get(member.id)
        if entry and entry.received_date and entry.status in KEPT_AS_RECORDED:
            # recorded on its own page (attendance_register_paper): offered here only to be kept as it is
            choices.append((str(entry.status), f"{entry.label} (nhận ngày {entry.received_date:%d/%m/%Y})"))
        choices += [(str(s), ATTENDANCE_LABELS[s]) for s in (Attendance.UNEXCUSED, Attendance.FORCE_MAJEURE)]
        default = str(entry.status) if entry else (str(Attendance.EXCUSED) if member.id in letters else None)
        setattr(AttendanceForm, status_field(member), RadioField(member.full_name, choices=choices, default=default,
                                                    validators=[Optional()], validate_choice=True))
        setattr(AttendanceForm, note_field(member), StringField(f"Ghi chú cho {member.full_name} (bắt buộc nếu vắng vì bất khả kháng)",
                                                     default=entry.note if entry else "",
                                                     validators=[Optional(), Length(max=300)]))
    return AttendanceForm


def meeting_allowed(meeting_id: str, action):
    """(who, the cell, the meeting) for a person allowed `action` on it; 404 or 403 otherwise."""
    try:
        cell_id = cell_of_meeting(meeting_id)
    except ValueError:
        abort(404)
    actor = authorize(action, _cell_scope(cell_id))
    found = attendance_register_service.meeting(repos(), meeting_id)
    if found is None:
        abort(404)
    return actor, cell_id, found


@bp.route("/so-theo-doi/buoi/<meeting_id>", methods=["GET", "POST"])
def meeting(meeting_id: str):
    actor, cell_id, found = meeting_allowed(meeting_id, VIEW_ATTENDANCE_REGISTER)
    org = org_service.structure(repos())
    can_edit = _may_record(actor, cell_id)
    members = attendance_register_service.concerned_members(repos(), cell_id, found)
    letters = attendance_register_service.excusing_letters(repos(), found, members)
    entries = attendance_of(found)
    form = _attendance_form(members, letters, entries)(commune_attendees=found.commune_attendees)
    problems: list[str] = []
    if request.method == "POST":
        if not can_edit:
            abort(403)
        if request.form.get("roster") != roster_stamp(members):
            problems = [ROSTER_CHANGED]
            form.roster.data = roster_stamp(members)
        elif form.validate():
            problems = _save_attendance(found, members, letters, form)
            if not problems:
                flash("Đã lưu điểm danh buổi sinh hoạt.")
                return redirect(url_for("attendance_register.meeting", meeting_id=found.id))
    rows = [{"member": m, "status": form[status_field(m)], "note": form[note_field(m)], "entry": entries.get(m.id),
             "letter": letters.get(m.id)} for m in members]
    letters_confirmed = letter_asked(repos(), cell_id, found.date.year)
    return render_template("attendance_register/meeting.html", meeting=found, cell=org.get(cell_id), form=form,
                           rows=rows, letters_confirmed=letters_confirmed,
                           can_edit=can_edit, problem=next((p for p in problems if p == ROSTER_CHANGED), None), kind_labels=MEETING_KIND_LABELS,
                           status_labels=ATTENDANCE_LABELS)


def _printed(format_: str):
    _, cell = _viewed_cell()
    year = chosen_year()
    context = printed_register_context(attendance_register_service.printed_register(repos(), cell.id, year))
    name = f"Sổ theo dõi sinh hoạt {cell.name} năm {year}"
    if format_ == "docx":
        return file_response(printed_register_docx(context), f"{name}.docx", DOCX)
    return file_response(printed_register_pdf(context), f"{name}.pdf", PDF)


@bp.get("/so-theo-doi/ban-in.pdf")
def printed_pdf():
    return _printed("pdf")


@bp.get("/so-theo-doi/ban-in.docx")
def printed_docx():
    return _printed("docx")


# The blank printed register, for cells that keep it on paper: anyone may download it.
PUBLIC_FORM = PublicForm(
    title="Sổ theo dõi sinh hoạt của đảng viên đang công tác",
    summary="Cho chi bộ nơi cư trú ghi tay: danh sách đảng viên đang công tác, các buổi sinh hoạt trong năm "
            "và việc tham gia của từng đồng chí, việc nhận xét hằng năm.",
    fill_endpoint=None, blank_pdf_endpoint="attendance_register.blank_pdf",
    blank_docx_endpoint="attendance_register.blank_docx")


@lru_cache(maxsize=1)
def _blank_pdf() -> bytes:
    return printed_register_pdf(blank_printed_register_context())


@lru_cache(maxsize=1)
def _blank_docx() -> bytes:
    return printed_register_docx(blank_printed_register_context())


@bp.get("/mau-don/so-theo-doi/mau-trang.pdf")
def blank_pdf():
    return file_response(_blank_pdf(), "Sổ theo dõi sinh hoạt (mẫu trắng).pdf", PDF)


@bp.get("/mau-don/so-theo-doi/mau-trang.docx")
def blank_docx():
    return file_response(_blank_docx(), "Sổ theo dõi sinh hoạt (mẫu trắng).docx", DOCX)


def _may_record(actor, cell_id: str) -> bool:
    return allowed(actor, RECORD_ATTENDANCE, Scope(cell_id=cell_id))


def _save_attendance(found: Meeting, members: list[Member], letters: dict, form) -> list[str]:
    answers = [attendance_register_service.Answer(m.id, Attendance(form[status_field(m)].data),
                                                  form[note_field(m)].data or "")
               for m in members if form[status_field(m)].data]
    refused = attendance_register_service.record_answers(repos(), _actor_name(), found, answers, letters,
                                                         form.commune_attendees.data or "")
    problems = []
    for member in members:
        if member.id in refused:
            form[status_field(member)].errors = [f"{member.full_name}: {refused[member.id]}"]
            problems.append(f"{member.full_name}: {refused[member.id]}")
    return problems


def _actor_name() -> str:
    actor = current_actor()
    return actor.username if actor else ""


def waiting_for_secretary(actor, home) -> list[Waiting]:
    """The meetings already past whose attendance is not recorded yet (the register itself
    is among the secretary's actions on the home page)."""
    if actor.role != Role.CELL_SECRETARY or not actor.unit_id:
        return []
    pending = home.unrecorded
    return [Waiting("Buổi sinh hoạt đã qua chưa ghi điểm danh", len(pending),
                    url_for("attendance_register.meeting", meeting_id=pending[0].id))] if pending else []


