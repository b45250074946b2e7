"""The yearly comment form (Mẫu 3-213, both variants) as a printed document, blank or from a
stored record.

One context feeds the PDF and the DOCX: every printed value is a ready string (or a
list of ready lines), so the DOCX template holds no logic a clerk could break. The
wording comes from data/forms/mau-3-213.json, with its "cần đối chiếu văn bản gốc" note printed.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

from ..domain import clock
from ..domain.comments import Comment, CommentForm, Variant, comment_form
from ..domain.org import UnitKind
from .render import (DOCX_TEMPLATES, DOTS, blank_header, date_line, render_docx, render_pdf, sample_header, vn_date,
                     workplace_header, write_pdf_and_docx)
from .signing import signature_lines

COMMENT_HTML, COMMENT_DOCX = "documents/phieu_nhan_xet.html", "phieu_nhan_xet.docx"
LINE_OF_DOTS = "…" * 32  # one written line of the 160 mm text width at 14 pt (an ellipsis is 1 em), PDF and DOCX


def _box(chosen: bool) -> str:
    return "■" if chosen else "□"


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
    header = header or blank_header()
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
        header=workplace_header(workplace, org, comment.requested_on), commune_name=commune.name if commune else "",
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


# --- the DOCX template (scripts/build_docx_templates.py) ---------------------------------------

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


# --- samples ---------------------------------------------------------------------------------

def sample_contexts() -> dict[str, dict]:
    """Mẫu 3-213 from the demo province in both variants, filled and blank."""
    year = clock.today().year
    request_header, members, _ = sample_header("dang-uy-so-giao-duc", date(year, 11, 20))
    an, hanh = members["dv-001"], members["dv-008"]
    spec = comment_form()
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
    return {"phieu-nhan-xet": full, "phieu-nhan-xet-mien-sinh-hoat": exempt,
            "phieu-nhan-xet-mau-trang": blank_comment_context(Variant.FULL),
            "phieu-nhan-xet-mien-sinh-hoat-mau-trang": blank_comment_context(Variant.EXEMPT)}


def write_samples(directory: Path) -> list[Path]:
    return write_pdf_and_docx(directory, sample_contexts(), render_comment_pdf, render_comment_docx)
