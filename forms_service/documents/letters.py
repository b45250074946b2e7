"""The absence letter as a printed document (PDF and DOCX), blank, filled on the public
page, or rendered from a stored letter with the workplace and cell blocks as reached.

One context feeds both outputs: every printed value is a ready string, so the DOCX
template needs no logic a clerk could break when adjusting it in Word.
"""
from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from ..domain import clock
from ..domain.letters import Letter, LetterState, letter_wording, reason_label
from ..domain.org import UnitKind
from .render import DOCX_TEMPLATES, date_line, render_docx, render_pdf, vn_date, write_pdf_and_docx
from .signing import signature_lines

TEMPLATE_HTML = "documents/don_xin_vang.html"
TEMPLATE_DOCX = "don_xin_vang.docx"
DOTS = "…………………………………………………………"
SHORT_DOTS = "…" * 16  # after "Kính gửi: – Chi ủy chi bộ", so that the line does not wrap


def letter_context(*, member_name="", birth_date: date | None = None, admission_date: date | None = None,
                   workplace="", workplace_unit="", address="", phone="", cell_name="", commune_name="", place="",
                   dates_lines: list[str] = (), reason_kind: str = "", reason_text="",
                   written_on: date | None = None, reference: str | None = None, verify_url="",
                   workplace_opinion="", workplace_signer="", cell_opinion="", cell_signer="") -> dict:
    """Everything the letter prints, as strings; an empty value prints as dots.
    `workplace_unit` is the grassroots organisation's own name ("Đảng ủy …", "Chi bộ …"):
    it decides the "T/M" block of the workplace's confirmation."""
    wording = letter_wording()
    reason = reason_label(reason_kind, long=True) if reason_kind else ""
    if reason and reason_text:
        reason = f"{reason} – {reason_text}"
    elif reason_text:
        reason = reason_text
    blank_reasons = "; ".join(f"□ {item['long']}" for item in wording["reason_kinds"])
    return {
        "superior": commune_name, "issuer": cell_name, "number": "",
        "place": place, "date": written_on, "date_line": date_line(place, written_on),
        "doc_title": wording["title"], "subtitle": wording["subtitle"],
        "reference": reference, "verify_url": verify_url,
        "recipient_cell": f"Chi ủy {cell_name}" if cell_name else "Chi ủy chi bộ " + SHORT_DOTS,
        "recipient_commune": commune_name or DOTS,
        "member_name": member_name or DOTS, "signer_name": member_name,
        "birth_date": vn_date(birth_date), "admission_date": vn_date(admission_date),
        "workplace": workplace or DOTS, "address": address or DOTS, "phone": phone or DOTS,
        "dates_text": "; ".join(dates_lines) if dates_lines else DOTS,
        "reason": reason or blank_reasons, "reason_blank": not reason,
        "commitment": wording["commitment"], "closing": wording["closing"],
        "workplace_opinion": workplace_opinion or DOTS, "workplace_signer": workplace_signer,
        "workplace_signature": signature_lines(UnitKind.WORKPLACE, workplace_unit),
        "cell_opinion": cell_opinion or DOTS, "cell_signer": cell_signer,
        "cell_signature": signature_lines(UnitKind.RESIDENCE_CELL, cell_name),
        "note": wording["note"],
    }


def _on_service(at: datetime, by: str) -> str:
    return f"(thực hiện trên hệ thống Sổ tay 213 ngày {at:%d/%m/%Y}, tài khoản {by})"


def context_for_letter(letter: Letter, member, org, public_url: str) -> dict:
    """The printed letter of a stored record; the workplace and cell blocks are filled
    once those steps are reached."""
    cell = org.get(letter.cell_id)
    commune = org.parent(letter.cell_id)
    workplace = org.get(letter.workplace_id)
    lines = [f"ngày {d:%d/%m/%Y} (buổi sinh hoạt đã lên lịch của chi bộ)" for d in letter.meeting_dates]
    lines += [f"ngày {d:%d/%m/%Y}" for d in letter.other_dates]
    workplace_opinion = cell_opinion = ""
    if letter.workplace_decided_at:
        verdict = "Không xác nhận" if letter.workplace_declined else "Xác nhận"
        note = f". {letter.workplace_note}" if letter.workplace_note else ""
        workplace_opinion = f"{verdict}{note} {_on_service(letter.workplace_decided_at, letter.workplace_decided_by)}"
    elif not letter.workplace_confirms_first:
        workplace_opinion = ("Không cần xác nhận trước (đơn gửi thẳng chi bộ nơi cư trú; "
                             "cấp ủy cơ sở nơi công tác được báo)")
    if letter.cell_decided_at:
        verdict = "Đồng ý" if letter.state == LetterState.AGREED else "Không đồng ý"
        note = f". {letter.cell_note}" if letter.cell_note else ""
        cell_opinion = f"{verdict}{note} {_on_service(letter.cell_decided_at, letter.cell_decided_by)}"
    return letter_context(
        member_name=letter.member_name,
        birth_date=member.birth_date if member else None,
        admission_date=member.admission_date if member else None,
        workplace=", ".join(x for x in ((member.workplace_cell if member else ""),
                                         workplace.name if workplace else "") if x),
        workplace_unit=workplace.name if workplace else "",
        address=member.address if member else "", phone=member.phone if member else "",
        cell_name=cell.name if cell else "", commune_name=commune.name if commune else "",
        place=cell.place if cell else "", dates_lines=lines, reason_kind=letter.reason_kind,
        reason_text=letter.reason_text, written_on=letter.submitted_at.date(), reference=letter.code,
        verify_url=f"{public_url}/dich-vu/kiem-tra/{letter.code}",
        workplace_opinion=workplace_opinion, cell_opinion=cell_opinion)


def blank_context() -> dict:
    return letter_context()


def letter_pdf(context: dict) -> bytes:
    # the PDF frame calls the date_line() function itself; the string is for the DOCX
    return render_pdf(TEMPLATE_HTML, **{k: v for k, v in context.items() if k != "date_line"})


def letter_docx(context: dict) -> bytes:
    return render_docx(TEMPLATE_DOCX, **context)


def build_docx_template(target: Path | None = None) -> Path:
    """Write documents/docx/don_xin_vang.docx (scripts/build_docx_templates.py calls this)."""
    from .docx_builder import blocks_side_by_side, finish, new_document, paragraph, party_header, signature_table

    wording = letter_wording()
    document = new_document()
    party_header(document, wording["title"].upper(), wording["subtitle"])
    paragraph(document, "Kính gửi:  – {{ recipient_cell }}", bold=True)
    paragraph(document, "                – {{ recipient_commune }}", bold=True)
    paragraph(document, "Tôi tên: {{ member_name }}")
    paragraph(document, "Sinh ngày: {{ birth_date }}. Ngày vào Đảng: {{ admission_date }}")
    for label, key in (("Đang sinh hoạt tại chi bộ, đảng bộ nơi công tác:", "workplace"),
                       ("Hiện cư trú tại:", "address"), ("Điện thoại:", "phone")):
        paragraph(document, f"{label} {{{{ {key} }}}}")
    paragraph(document, "Nay tôi làm đơn này kính xin chi ủy cho tôi được vắng sinh hoạt tại chi bộ nơi cư trú "
                        "vào: {{ dates_text }}.", align="justify")
    paragraph(document, "Lý do: {{ reason }}", align="justify")
    paragraph(document, "{{ commitment }}", align="justify")
    paragraph(document, "{{ closing }}", align="justify")
    signature_table(document, [], ["NGƯỜI LÀM ĐƠN", "{{ signer_name }}"])
    # the two reviewers' blocks side by side, each with its opinion and signature, as in the PDF
    blocks_side_by_side(document, [
        (["{{ workplace_signature[0] }}", "{{ workplace_signature[1] }}"], "{{ workplace_signer }}",
         [("XÁC NHẬN CỦA CẤP ỦY CƠ SỞ NƠI CÔNG TÁC", {"bold": True, "align": "center"}),
          ("{{ workplace_opinion }}", {"size": 14, "align": "left"})]),
        (["{{ cell_signature[0] }}", "{{ cell_signature[1] }}"], "{{ cell_signer }}",
         [("Ý KIẾN CỦA CHI ỦY CHI BỘ NƠI CƯ TRÚ", {"bold": True, "align": "center"}),
          ("{{ cell_opinion }}", {"size": 14, "align": "left"})])], room_mm=10)
    return finish(document, target or DOCX_TEMPLATES / TEMPLATE_DOCX)


def sample_letter_context() -> dict:
    """A filled, decided letter of the demo member, for review of the layout."""
    from ..domain.demo import demo_data
    from ..domain.letters import Action, new_letter, transition
    from ..domain.meetings import Meeting
    from ..domain.members import Member
    from ..domain.org import OrgStructure, Unit

    data = demo_data()
    org = OrgStructure([Unit.from_record(u) for u in data["units"]])
    member = Member.from_record(data["members"][0])
    year = clock.today().year
    meeting = Meeting(id=f"{member.residence_cell_id}~{year}1212-1", cell_id=member.residence_cell_id,
                      date=date(year, 12, 12))
    at = datetime(year, 12, 1, 9, 30)
    letter = new_letter("VS-%d-00001" % year, member.id, member.full_name, member.residence_cell_id,
                        member.workplace_id, [meeting], [], "cong_tac", "dự hội nghị tại Cần Thơ", at, "dangvien")
    letter = transition(letter, Action.CONFIRM, datetime(year, 12, 2, 8, 0), "capuy")
    letter = transition(letter, Action.AGREE, datetime(year, 12, 3, 19, 0), "bithu")
    return context_for_letter(letter, member, org, "https://sotay213.example.vn")


def write_samples(directory: Path) -> list[Path]:
    contexts = {"don-xin-vang": sample_letter_context(), "don-xin-vang-mau-trang": blank_context()}
    return write_pdf_and_docx(directory, contexts, letter_pdf, letter_docx)

