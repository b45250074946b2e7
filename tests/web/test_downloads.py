"""Every personal file leaves by one helper: never kept by a cache, named in Vietnamese."""
from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote

import pytest

from forms_service.domain.comments import CommentState
from forms_service.web.downloads import ascii_name

from ..demo_calendar import YEAR

pytestmark = pytest.mark.calendar

WEB = Path(__file__).resolve().parents[2] / "forms_service" / "web"


def _named(response) -> str:
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment; filename=\"") and disposition.isascii()
    return unquote(disposition.split("filename*=UTF-8''", 1)[1])


def _check(response, expected_name: str) -> None:
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert _named(response) == expected_name


def test_letter_comment_and_report_files_are_not_stored_and_carry_vietnamese_names(client, repos):
    letter = next(x for x in repos.letters.for_member("dv-013") if x.is_agreed)
    comment = next(c for w in {m.workplace_id for m in repos.members.of_cell("chi-bo-khom-1")}
                   for c in repos.comments.for_workplace(w, YEAR) if c.state != CommentState.REQUESTED)
    client.sign_in("quantri")
    _check(client.get(f"/dich-vu/don-xin-vang/{letter.code}/don.pdf"), f"Đơn xin vắng sinh hoạt {letter.code}.pdf")
    _check(client.get(f"/dich-vu/don-xin-vang/{letter.code}/don.docx"), f"Đơn xin vắng sinh hoạt {letter.code}.docx")
    _check(client.get(f"/dich-vu/phieu-nhan-xet/{comment.code}.pdf"), f"Phiếu nhận xét {comment.code}.pdf")
    _check(client.get(f"/dich-vu/phieu-nhan-xet/{comment.code}.docx"), f"Phiếu nhận xét {comment.code}.docx")
    _check(client.get(f"/dich-vu/giam-sat/nam-{YEAR}.csv"), f"Thực hiện Quy định 213 năm {YEAR}.csv")


def test_the_yearly_zip_of_comments_too(client, repos):
    workplace = repos.accounts.get("capuy").unit_id
    assert [c for c in repos.comments.for_workplace(workplace, YEAR) if c.state != CommentState.REQUESTED]
    from forms_service.domain import clock
    from forms_service.services import kept_documents
    client.sign_in("capuy")
    first = client.get(f"/dich-vu/phieu-nhan-xet/nam-{YEAR}.zip")  # the demo's copies not made yet: queued
    assert first.status_code == 302
    kept_documents.render_due(repos, "http://sotay.test", clock.now(), lambda: True)  # the worker's round
    _check(client.get(f"/dich-vu/phieu-nhan-xet/nam-{YEAR}.zip"), f"Phiếu nhận xét năm {YEAR}.zip")


def test_ascii_fallback_keeps_the_words_readable():
    assert ascii_name("Đơn xin vắng sinh hoạt VS-2026-00001.pdf") == "Don xin vang sinh hoat VS-2026-00001.pdf"


def test_no_other_place_sets_a_download_header():
    setters = [path.name for path in WEB.glob("*.py")
               if "Content-Disposition" in path.read_text(encoding="utf-8") and path.name != "downloads.py"]
    assert setters == []
