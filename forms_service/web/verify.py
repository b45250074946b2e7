"""Public check of a printed document by its reference code: does it exist, what kind,
what state, which dates — and nothing more personal than the member's initials.

Each journey has a look-up `(repos, code) -> Verified | None`; `create_app` (web.register)
maps the prefix of its codes to it in `app.extensions["verifiers"]`.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from flask import Blueprint, current_app, redirect, render_template, request, url_for

from ..domain.letters import STATE_LABELS, is_letter_code
from ..domain.members import initials_of
from ..services import kept_documents, letters as letter_service
from .auth import repos

bp = Blueprint("verify", __name__)
CODE_SHAPE = re.compile(r"^[A-Z]{1,4}-\d{4}-\d{1,7}$")


@dataclass(frozen=True)
class Verified:
    kind: str                   # "Đơn xin vắng sinh hoạt nơi cư trú"
    state: str                  # the state in words
    initials: str               # "N.V.A"
    dates: list[tuple[str, str]] = field(default_factory=list)  # (label, dd/mm/yyyy)


def verify_letter(repos_, code: str) -> Verified | None:
    letter = letter_service.get(repos_, code) if is_letter_code(code) else None
    if letter is None:
        return None
    dates = [("Ngày gửi", f"{letter.submitted_at:%d/%m/%Y}")]
    dates += [("Ngày sinh hoạt xin vắng", f"{d:%d/%m/%Y}") for d in letter.dates]
    if letter.workplace_decided_at:
        dates.append(("Nơi công tác xử lý ngày", f"{letter.workplace_decided_at:%d/%m/%Y}"))
    if letter.cell_decided_at:
        dates.append(("Chi bộ nơi cư trú xử lý ngày", f"{letter.cell_decided_at:%d/%m/%Y}"))
    return Verified(kind="Đơn xin vắng sinh hoạt nơi cư trú", state=STATE_LABELS[letter.state],
                    initials=initials_of(letter.member_name), dates=dates)


def normalise_code(text: str) -> str:
    return unicodedata.normalize("NFC", text or "").strip().upper().replace(" ", "")


@bp.get("/kiem-tra/")
def form():
    code = normalise_code(request.args.get("ma", ""))
    if code:
        return redirect(url_for(".result", code=code))
    return render_template("verify/form.html", problem=None, code="")


@bp.get("/kiem-tra/<code>")
def result(code):
    code = normalise_code(code)
    if not CODE_SHAPE.match(code):
        return render_template("verify/form.html", code=code,
                               problem="Mã tra cứu chưa đúng dạng. Mã có dạng như VS-2026-00123."), 404
    look_up = current_app.extensions["verifiers"].get(code.split("-", 1)[0])
    found = look_up(repos(), code) if look_up else None
    if found is None:
        return render_template("verify/result.html", code=code, found=None), 404
    return render_template("verify/result.html", code=code, found=found,
                           fingerprint=kept_documents.fingerprint(repos(), code))
