"""The introduction letter (Mẫu 1-213) and the yearly comment form (Mẫu 3-213, both
variants) as printed documents, blank or from stored records.

One context feeds the PDF and the DOCX: every printed value is a ready string (or a
list of ready lines), so the DOCX template holds no logic a clerk could break. The
wording comes from data/forms/, with its "cần đối chiếu văn bản gốc" note printed.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

from ..domain import clock
from ..domain.comments import Comment, CommentForm, Variant, comment_form
from ..domain.introductions import Introduction, introduction_form
from ..domain.numbering import number_symbol
from ..domain.org import UnitKind
from .render import DOCX_TEMPLATES, date_line, render_docx, render_pdf, vn_date
from .signing import signature_lines

COMMENT_HTML, COMMENT_DOCX = "documents/phieu_nhan_xet.html", "phieu_nhan_xet.docx"
INTRO_HTML, INTRO_DOCX = "documents/giay_gioi_thieu.html", "giay_gioi_thieu.docx"
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DOTS = "…………………………………………………………"
LINE_OF_DOTS = "…" * 32  # one written line of the 160 mm text width at 14 pt (an ellipsis is 1 em), PDF and DOCX


def _box(chosen: bool) -> str:
    return "■" if chosen else "□"


def _header(workplace, org, on: date | None) -> dict:
    superior = org.get(workplace.parent_id) if workplace else None
    place = workplace.place if workplace else ""
    return {"superior": superior.name if superior else "", "issuer": workplace.name if workplace else "",
            "place": place, "date": on, "date_line": date_line(place, on)}


def _blank_header() -> dict:
    return {"superior": "", "issuer": "", "place": "", "date": None, "date_line": date_line("", None)}


# --- Mẫu 3-213 -------------------------------------------------------------------------

def comment_fields(spec: CommentForm, variant: Variant, *, member_name="", birth_date=None, workplace="",
                   address="", year: int | None = None, header: dict | None = None, commune_name="", cell_name="",
                   ratings: dict | None = None, proposal="", other_remarks="", cell_place="",
                   submitted_on: date | None = None, signer_name="", reference: str | None = None, verify_url="",
                   front_line: str | None = None) -> dict:
    """`front_line`: the Front work committee's line of a comment sent on the web (empty when
    the committee gave no opinion: nothing is printed); None for a comment part not filled in
    on the web, which prints the line for the secretary to fill in by hand."""
    data = spec.data
    ratings = ratings or {}
    criteria = []
    for number, criterion in enumerate(spec.criteria(variant), start=1):
        options = "   ".join(f"{_box(ratings.get(criterion.id) == level)} {label}" for level, label in criterion.levels)
        criteria.append({"number": number, "text": criterion.text, "options": options})
    proposals = "   ".join(f"{_box(proposal == pid)} {label}" for pid, label in spec.proposals)
    request = data["request_part"]["request"].format(name=member_name or DOTS, year=year or "20……")
    remarks = other_remarks.splitlines() if other_remarks else [LINE_OF_DOTS] * 3
    header = header or _blank_header()
    return {
        **header,
        "number": "", "doc_title": data["request_part"]["title"], "subtitle": data["request_part"]["subtitle"],
        "form_number": data["form_number"], "reference": reference, "verify_url": verify_url,
        "recipient_commune": commune_name or "Đảng ủy xã, phường " + DOTS,
        "recipient_cell": f"Chi ủy {cell_name}" if cell_name else "Chi ủy chi bộ " + DOTS,
        "basis": data["request_part"]["basis"], "request_text": f"{header['issuer'] or 'Cấp ủy cơ sở nơi công tác'} {request}",
        "member_name": member_name or DOTS, "birth_date": vn_date(birth_date), "workplace": workplace or DOTS,
        "address": address or DOTS, "request_signature": signature_lines(UnitKind.WORKPLACE, header["issuer"]),
        "comment_title": data["comment_part"]["title"], "variant_label": spec.variant_label(variant),
        "criteria": criteria, "proposal_label": data["proposal"]["label"], "proposals": proposals,
        "other_label": data["other_remarks"]["label"], "other_lines": remarks,
        "front_note": spec.front_fill_in_line if front_line is None else front_line,
        "cell_date_line": date_line(cell_place, submitted_on),
        "cell_signature": signature_lines(UnitKind.RESIDENCE_CELL, cell_name),
        "signer_name": signer_name,
        "note": f"{data['form_number']}. {data['unconfirmed_note']} {data['request_part']['added_fields_note']}",
    }


def comment_context(comment: Comment, member, org, public_url: str = "") -> dict:
    """The printed comment of a stored record, with its member (or None) and the organisation,
    as the application layer gives them. The advisory rating cap is not printed: the rating
    is the workplace's decision, and the cap is shown on its screens instead."""
    workplace, cell = org.get(comment.workplace_id), org.get(comment.cell_id)
    commune = org.parent(comment.cell_id)
    submitted = comment.is_returned
    return comment_fields(
        comment_form(), comment.variant, member_name=comment.member_name,
        birth_date=member.birth_date if member else None,
        workplace=", ".join(x for x in ((member.workplace_cell if member else ""), workplace.name if workplace else "") if x),
        address=member.address if member else "", year=comment.year,
        header=_header(workplace, org, comment.requested_on), commune_name=commune.name if commune else "",
        cell_name=cell.name if cell else "", ratings=comment.ratings if submitted else {},
        proposal=comment.proposal if submitted else "", other_remarks=comment.other_remarks if submitted else "",
        cell_place=cell.place if cell else "", submitted_on=comment.submitted_on,
        signer_name=comment.signer_name if submitted else "", reference=comment.code,
        verify_url=f"{public_url}/dich-vu/kiem-tra/{comment.code}",
        front_line=comment_form().front_line(comment.front_consulted_on) if submitted else None)


def blank_comment_context(variant: Variant = Variant.FULL) -> dict:
    return comment_fields(comment_form(), variant)


def render_comment_pdf(context: dict) -> bytes:
    return render_pdf(COMMENT_HTML, **{k: v for k, v in context.items() if k != "date_line"})


def render_comment_docx(context: dict) -> bytes:
    return render_docx(COMMENT_DOCX, **context)


# --- Mẫu 1-213 -------------------------------------------------------------------------

def introduction_fields(*, header: dict | None = None, number="", commune_name="", cell_name="", member_name="",
                        sex="", birth_date=None, admission_date=None, workplace_cell="", address="",
                        signer_name="", received_on: date | None = None, assigned_cell="", receiver_name="",
                        reference: str | None = None, verify_url="") -> dict:
    data = introduction_form()
    labels = data["labels"]
    lines = [(labels["sex"], sex), (labels["birth_date"], vn_date(birth_date) if birth_date else ""),
             (labels["admission_date"], vn_date(admission_date) if admission_date else ""),
             (labels["workplace_cell"], workplace_cell), (labels["address"], address)]
    header = header or _blank_header()
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
        header=_header(workplace, org, introduction.issued_on), number=introduction.number,
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


# --- DOCX templates (scripts/build_docx_templates.py) -------------------------------------

def build_comment_docx_template(target: Path | None = None) -> Path:
    from .docx_builder import finish, new_document, paragraph, party_header, signature_table

    data = comment_form().data
    document = new_document()
    party_header(document, data["request_part"]["title"], data["request_part"]["subtitle"])
    paragraph(document, "Kính gửi:  – {{ recipient_commune }}", bold=True)
    paragraph(document, "                – {{ recipient_cell }}", bold=True)
    paragraph(document, "{{ basis }}", align="justify")
    paragraph(document, "{{ request_text }}", align="justify")
    for label, key in (("Họ và tên:", "member_name"), ("Sinh ngày:", "birth_date"),
                       ("Nơi công tác:", "workplace"), ("Nơi cư trú:", "address")):
        paragraph(document, f"{label} {{{{ {key} }}}}")
    signature_table(document, [], ["{{ request_signature[0] }}", "{{ request_signature[1] }}", ""])
    paragraph(document, "{{ comment_title }}", bold=True, align="center", page_break_before=True)
    paragraph(document, "({{ variant_label }})", italic=True, align="center")
    paragraph(document, "{%p for c in criteria %}")
    paragraph(document, "{{ c.number }}. {{ c.text }}", bold=True, align="justify")
    paragraph(document, "{{ c.options }}")
    paragraph(document, "{%p endfor %}")
    paragraph(document, "{{ criteria|length + 1 }}. {{ proposal_label }}", bold=True)
    paragraph(document, "{{ proposals }}")
    paragraph(document, "{{ criteria|length + 2 }}. {{ other_label }}", bold=True)
    paragraph(document, "{%p for line in other_lines %}")
    paragraph(document, "{{ line }}", align="justify")
    paragraph(document, "{%p endfor %}")
    paragraph(document, "{%p if front_note %}")
    paragraph(document, "{{ front_note }}", italic=True, size=12)
    paragraph(document, "{%p endif %}")
    paragraph(document, "{{ cell_date_line }}", italic=True, align="right")
    signature_table(document, [], ["{{ cell_signature[0] }}", "{{ cell_signature[1] }}", "{{ signer_name }}"])
    return finish(document, target or DOCX_TEMPLATES / COMMENT_DOCX)


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

def _sample_header(workplace_id: str, on: date) -> tuple[dict, dict, object]:
    from ..domain.demo import demo_data
    from ..domain.members import Member
    from ..domain.org import OrgStructure, Unit
    data = demo_data()
    org = OrgStructure([Unit.from_record(u) for u in data["units"]])
    members = {m["id"]: Member.from_record(m) for m in data["members"]}
    return _header(org.get(workplace_id), org, on), members, org


def sample_contexts() -> dict[str, dict]:
    """Filled samples from the demo province: Mẫu 1-213, and Mẫu 3-213 in both variants."""
    year = clock.today().year
    header, members, org = _sample_header("dang-uy-so-giao-duc", date(year, 3, 2))
    an, hanh = members["dv-001"], members["dv-008"]
    intro = introduction_fields(
        header=header, number="12-GGT/ĐU", commune_name="Đảng ủy phường Hòa An Tây", cell_name="Chi bộ Khóm 1",
        member_name=an.full_name, sex=an.sex, birth_date=an.birth_date, admission_date=an.admission_date,
        workplace_cell=f"{an.workplace_cell}, Đảng ủy Sở Giáo dục và Đào tạo", address=an.address,
        signer_name="Lê Thị Mai", received_on=date(year, 3, 9), assigned_cell="Chi bộ Khóm 1",
        receiver_name="Trần Văn Phước", reference=f"GT-{year}-00001",
        verify_url=f"https://sotay213.example.vn/dich-vu/kiem-tra/GT-{year}-00001")
    spec = comment_form()
    request_header, _, _ = _sample_header("dang-uy-so-giao-duc", date(year, 11, 20))
    full = comment_fields(
        spec, Variant.FULL, member_name=an.full_name, birth_date=an.birth_date,
        workplace=f"{an.workplace_cell}, Đảng ủy Sở Giáo dục và Đào tạo", address=an.address, year=year,
        header=request_header, commune_name="Đảng ủy phường Hòa An Tây", cell_name="Chi bộ Khóm 1",
        ratings={"neu_guong": "tot", "nghia_vu_cong_dan": "tot", "tham_gia_hop": "dat", "giu_lien_he": "dat",
                 "van_dong": "dat"}, proposal="khong_de_nghi",
        other_remarks=(f"Vắng sinh hoạt nơi cư trú năm {year}: 2 buổi.\n"
                       f"- Ngày 14/06/{year}: có đơn xin vắng được chi ủy đồng ý (Đi công tác theo phân công).\n"
                       f"- Ngày 12/12/{year}: không có lý do chính đáng."),
        cell_place="Hòa An Tây", submitted_on=date(year, 12, 15), signer_name="Trần Văn Phước",
        front_line=spec.front_line(date(year, 12, 10)), reference=f"NX-{year}-00001",
        verify_url=f"https://sotay213.example.vn/dich-vu/kiem-tra/NX-{year}-00001")
    exempt = comment_fields(
        spec, Variant.EXEMPT, member_name=hanh.full_name, birth_date=hanh.birth_date,
        workplace=f"{hanh.workplace_cell}, Đảng ủy Sở Giáo dục và Đào tạo", address=hanh.address, year=year,
        header=request_header, commune_name="Đảng ủy xã Mỹ Lợi Đông", cell_name="Chi bộ Ấp Tân Hòa",
        ratings={"neu_guong": "tot", "nghia_vu_cong_dan": "tot", "van_dong": "dat"}, proposal="khong_de_nghi",
        other_remarks=f"Đồng chí được miễn sinh hoạt nơi cư trú năm {year} ({hanh.exemption_ground}).",
        cell_place="Mỹ Lợi Đông", submitted_on=date(year, 12, 16), signer_name="Nguyễn Văn Tâm", front_line="",
        reference=f"NX-{year}-00002", verify_url=f"https://sotay213.example.vn/dich-vu/kiem-tra/NX-{year}-00002")
    return {"giay-gioi-thieu": intro, "giay-gioi-thieu-mau-trang": introduction_fields(),
            "phieu-nhan-xet": full, "phieu-nhan-xet-mien-sinh-hoat": exempt,
            "phieu-nhan-xet-mau-trang": blank_comment_context(Variant.FULL),
            "phieu-nhan-xet-mien-sinh-hoat-mau-trang": blank_comment_context(Variant.EXEMPT)}


def write_samples(directory: Path) -> list[Path]:
    written = []
    for stem, context in sample_contexts().items():
        is_intro = stem.startswith("giay-gioi-thieu")
        pdf, docx = directory / f"{stem}.pdf", directory / f"{stem}.docx"
        pdf.write_bytes(render_introduction_pdf(context) if is_intro else render_comment_pdf(context))
        docx.write_bytes(render_introduction_docx(context) if is_intro else render_comment_docx(context))
        written += [pdf, docx]
    return written

