"""The sheet of sign-in slips an officer prints and cuts out: one slip per person, with the
user name and the one-time code. Made at the moment the codes are issued and never kept:
the codes exist nowhere else in clear."""
from __future__ import annotations

from .render import render_pdf


def sign_in_slips_pdf(slips: list, address: str, issued_by: str) -> bytes:
    """A4, as many slips per page as fit, each with how to sign in in plain words."""
    return render_pdf("documents/phieu_dang_nhap.html", slips=slips, address=address, issued_by=issued_by)
