"""The introduction letter (Mẫu 1-213) as a printed document, blank or from a stored record.

One context feeds the PDF and the DOCX: every printed value is a ready string (or a
list of ready lines), so the DOCX template holds no logic a clerk could break. The
wording comes from data/forms/mau-1-213.json, with its "cần đối chiếu văn bản gốc" note printed.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

from ..domain import clock
from ..domain.introductions import Introduction, introduction_form
from ..domain.numbering import number_symbol
from ..domain.org import UnitKind
from .render import (DOCX_TEMPLATES, DOTS, blank_header, render_docx, render_pdf, sample_header, vn_date,
                     workplace_header, write_pdf_and_docx)
from .signing import signature_lines

INTRO_HTML, INTRO_DOCX = "documents/giay_gioi_thieu.html", "giay_gioi_thieu.docx"


def introduction_fields(*, header: dict | None = None, number="", commune_name="", cell_name="", member_name="",
                        sex="", birth_date=None, admission_date=None, workplace_cell="", address="",
                        signer_name="", received_on: date | None = None, assigned_cell="", receiver_name="",
                        reference: str | None = None, verify_url="") -> dict:
    data = introduction_form()
    labels = data["labels"]
    lines = [(labels["sex"], sex), (labels["birth_date"], vn_date(birth_date) if birth_date else ""),
             (labels["admission_date"], vn_date(admission_date) if admission_date else ""),
             (labels["workplace_cell"], workplace_cell), (labels["address"], address)]
    header = header or blank_header()
    return {
        **header, "number": f"Số {number}" if number else f"Số ……-{number_symbol(header['issuer'])}",
        "doc_title": data["title"], "subtitle": data["subtitle"], "form_number": data["form_number"],
        "reference": reference, "verify_url": verify_url, "to_label": data["to_label"],
        "recipient_commune": commune_name or f"{data['to_commune_prefix']} xã, phường {DOTS}",
        "recipient_cell": cell_name or f"{data['to_cell_prefix']} {DOTS}",
        "basis": data["basis"], "issuer_upper": (header["issuer"] or DOTS).upper(),
        "introduce_label": data["introduce_label"], "member_name": member_name or DOTS,
        "lines": [{"label": label, "value": value or DOTS} for label, value in lines],
        "request": data["request"], "issuer_signature": signature_lines(UnitKind.WORKPLACE, header["issuer"]), "signer_name": signer_name,
        "reception_title": data["reception_title"],
        "received_line": f"{data['reception_received']} {vn_date(received_on)}",
        "assigned_line": f"{data['reception_assigned']} {assigned_cell or DOTS}",
        "reception_signature": signature_lines(UnitKind.COMMUNE, commune_name), "receiver_name": receiver_name,
        "note": f"{data['form_number']}. {data['unconfirmed_note']}",
    }


def introduction_context(introduction: Introduction, member, org, public_url: str = "") -> dict:
    """The printed introduction of a stored record, with its member (or None) and the organisation."""
    workplace, commune = org.get(introduction.workplace_id), org.get(introduction.commune_id)
    cell = org.get(introduction.assigned_cell_id or introduction.proposed_cell_id)
    assigned = org.get(introduction.assigned_cell_id)
    return introduction_fields(
        header=workplace_header(workplace, org, introduction.issued_on), number=introduction.number,
        commune_name=commune.name if commune else "", cell_name=cell.name if cell else "",
        member_name=introduction.member_name, sex=member.sex if member else "",
        birth_date=member.birth_date if member else None, admission_date=member.admission_date if member else None,
        workplace_cell=", ".join(x for x in ((member.workplace_cell if member else ""), workplace.name if workplace else "") if x),
        address=member.address if member else "",
        signer_name=introduction.signer_name, received_on=introduction.received_on,
        assigned_cell=assigned.name if assigned else "", receiver_name=introduction.receiver_name,
        reference=introduction.code, verify_url=f"{public_url}/dich-vu/kiem-tra/{introduction.code}")


def render_introduction_pdf(context: dict) -> bytes:
    return render_pdf(INTRO_HTML, **{k: v for k, v in context.items() if k != "date_line"})


def render_introduction_docx(context: dict) -> bytes:
    return render_docx(INTRO_DOCX, **context)


# --- the DOCX template (scripts/build_docx_templates.py) ---------------------------------------

def build_introduction_docx_template(target: Path | None = None) -> Path:
    from .docx_builder import blocks_side_by_side, finish, new_document, paragraph, party_header

    document = new_document()
    party_header(document, introduction_form()["title"], "", with_number=True)
    paragraph(document, "{{ to_label }}  – {{ recipient_commune }}", bold=True)
    paragraph(document, "                – {{ recipient_cell }}", bold=True)
    paragraph(document, "{{ basis }}", align="justify")
    paragraph(document, "{{ issuer_upper }}", bold=True, align="center")
    paragraph(document, "{{ introduce_label }} {{ member_name }}", bold=True)
    paragraph(document, "{%p for line in lines %}")
    paragraph(document, "{{ line.label }} {{ line.value }}")
    paragraph(document, "{%p endfor %}")
    paragraph(document, "{{ request }}", align="justify")
    reception = [("{{ reception_title }}", {"bold": True, "align": "center", "space_after": 0}),
                 ("{{ received_line }}", {"size": 14, "align": "left", "space_after": 0}),
                 ("{{ assigned_line }}", {"size": 14, "align": "left"})]
    blocks_side_by_side(document, [
        (["{{ reception_signature[0] }}", "{{ reception_signature[1] }}"], "{{ receiver_name }}", reception),
        (["{{ issuer_signature[0] }}", "{{ issuer_signature[1] }}"], "{{ signer_name }}", [])])
    return finish(document, target or DOCX_TEMPLATES / INTRO_DOCX)


# --- samples ---------------------------------------------------------------------------------

def sample_contexts() -> dict[str, dict]:
    """A filled Mẫu 1-213 from the demo province, and the blank one."""
    year = clock.today().year
    header, members, _ = sample_header("dang-uy-so-giao-duc", date(year, 3, 2))
    an = members["dv-001"]
    intro = introduction_fields(
        header=header, number="12-GGT/ĐU", commune_name="Đảng ủy phường Hòa An Tây", cell_name="Chi bộ Khóm 1",
        member_name=an.full_name, sex=an.sex, birth_date=an.birth_date, admission_date=an.admission_date,
        workplace_cell=f"{an.workplace_cell}, Đảng ủy Sở Giáo dục và Đào tạo", address=an.address,
        signer_name="Lê Thị Mai", received_on=date(year, 3, 9), assigned_cell="Chi bộ Khóm 1",
        receiver_name="Trần Văn Phước", reference=f"GT-{year}-00001",
        verify_url=f"https://sotay213.example.vn/dich-vu/kiem-tra/GT-{year}-00001")
    return {"giay-gioi-thieu": intro, "giay-gioi-thieu-mau-trang": introduction_fields()}


def write_samples(directory: Path) -> list[Path]:
    return write_pdf_and_docx(directory, sample_contexts(), render_introduction_pdf, render_introduction_docx)
