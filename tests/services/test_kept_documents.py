"""A document in a final state is rendered once and kept: downloads serve the kept bytes,
a later change of the wording data does not touch them, and a render that fails never
blocks the state change (the document stays queued, across a restart, and `check` lists it)."""
from __future__ import annotations

import hashlib
import json

import pytest

from forms_service.documents import render
from forms_service.domain import letters as letter_rules
from forms_service.domain import clock
from forms_service.domain.comments import CommentState
from forms_service.domain.letters import Action, LetterState
from forms_service.services import comments as comment_service, kept_documents
from forms_service.services.check import check_store
from forms_service.storage import open_store
from tests.document_text import pdf_text
from tests.kept_files import change_kept_bytes_behind_its_back
from tests.demo_calendar import YEAR
from tests.web.letters_helpers import make_letter

pytestmark = pytest.mark.calendar

URL = "http://sotay.test"


def test_an_agreed_letter_is_queued_in_its_change_kept_once_and_served_byte_identical(repos):
    code = make_letter(repos, steps=[Action.CONFIRM, Action.AGREE])
    assert code in repos.kept.waiting()
    assert kept_documents.keep(repos, code, URL)
    assert code not in repos.kept.waiting()
    first = kept_documents.printed_copy(repos, code, "pdf", URL)
    second = kept_documents.printed_copy(repos, code, "pdf", URL)
    assert first.startswith(b"%PDF") and first == second
    assert repos.kept.digest(code, "pdf") == hashlib.sha256(first).hexdigest()
    assert kept_documents.fingerprint(repos, code) == hashlib.sha256(first).hexdigest()[:12]
    assert kept_documents.printed_copy(repos, code, "docx", URL).startswith(b"PK")
    assert code in pdf_text(first) and f"{URL}/dich-vu/kiem-tra/{code}" in pdf_text(first)


@pytest.mark.parametrize("steps", [[Action.DECLINE, Action.NOT_AGREE], [Action.DECLINE, Action.AGREE],
                                   [Action.WITHDRAW]])
def test_every_final_step_queues_the_letter(repos, steps):
    assert make_letter(repos, steps=steps) in repos.kept.waiting()


def test_a_letter_the_workplace_declined_is_not_final_until_the_cell_decides(repos):
    assert make_letter(repos, steps=[Action.DECLINE]) not in repos.kept.waiting()


def test_an_open_letter_is_not_kept_but_rendered_on_demand(repos):
    code = make_letter(repos, steps=[Action.CONFIRM])
    assert code not in repos.kept.waiting()
    assert kept_documents.printed_copy(repos, code, "pdf", URL) is None
    assert repos.kept.digest(code, "pdf") is None


def test_the_kept_letter_stays_as_issued_when_its_wording_data_changes(repos, tmp_path, monkeypatch):
    code = make_letter(repos, steps=[Action.CONFIRM, Action.AGREE])
    issued = kept_documents.printed_copy(repos, code, "pdf", URL)
    wording = json.loads(letter_rules.DATA_FILE.read_text(encoding="utf-8"))
    wording["commitment"] = "Tôi cam kết theo lời văn đã sửa đổi sau ngày phát hành."
    changed = tmp_path / "don-xin-vang.json"
    changed.write_text(json.dumps(wording, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setattr(letter_rules, "DATA_FILE", changed)
    letter_rules.letter_wording.cache_clear()
    try:
        open_letter = make_letter(repos, member_id="dv-002", steps=[Action.CONFIRM])
        assert "lời văn đã sửa đổi" in pdf_text(kept_documents._renderers(repos, code, URL)["pdf"]())
        assert kept_documents.printed_copy(repos, open_letter, "pdf", URL) is None
        assert kept_documents.printed_copy(repos, code, "pdf", URL) == issued
        assert "lời văn đã sửa đổi" not in pdf_text(issued)
    finally:
        letter_rules.letter_wording.cache_clear()


def test_a_failed_render_keeps_the_state_and_the_queue_across_a_restart_and_check_lists_it(repos, demo_location,
                                                                                           broken_letter_template):
    code = make_letter(repos, steps=[Action.CONFIRM, Action.AGREE])
    assert not kept_documents.keep(repos, code, URL)
    assert repos.letters.get(code).state == LetterState.AGREED
    with pytest.raises(render.RenderFailed):
        kept_documents.printed_copy(repos, code, "pdf", URL)
    restarted = open_store(demo_location)
    assert code in restarted.kept.waiting()
    assert code in check_store(restarted).documents_missing
    broken_letter_template()  # the template mended
    assert kept_documents.keep(restarted, code, URL)
    assert code not in check_store(restarted).documents_missing
    assert restarted.kept.get(code, "pdf").content.startswith(b"%PDF")
    restarted.close()


def test_a_kept_file_that_no_longer_matches_its_digest_is_never_served(repos, demo_location):
    from forms_service.storage import StoreError
    code = make_letter(repos, steps=[Action.DECLINE, Action.NOT_AGREE])
    kept_documents.keep(repos, code, URL)
    change_kept_bytes_behind_its_back(demo_location, code)
    with pytest.raises(StoreError):
        kept_documents.printed_copy(repos, code, "pdf", URL)
    with pytest.raises(StoreError):
        list(repos.kept.get_many([code], "pdf"))


def test_the_first_kept_copy_stays(repos):
    code = make_letter(repos, steps=[Action.WITHDRAW])
    digest = repos.kept.put(code, "pdf", b"%PDF first")
    assert repos.kept.put(code, "pdf", b"%PDF second") == digest
    assert repos.kept.get(code, "pdf").content == b"%PDF first"


def test_a_comment_received_is_kept_and_a_sent_one_kept_at_its_first_download(repos):
    sent = next(c for w in {m.workplace_id for m in repos.members.of_cell("chi-bo-khom-1")}
                for c in repos.comments.for_workplace(w, YEAR) if c.state == CommentState.SUBMITTED)
    assert repos.kept.digest(sent.code, "pdf") is None  # seeded before it was sent through the service
    comment_service.mark_received(repos, "capuy", sent.code)
    assert sent.code in repos.kept.waiting()
    pdf = kept_documents.printed_copy(repos, sent.code, "pdf", URL)
    assert pdf.startswith(b"%PDF") and sent.code not in repos.kept.waiting()
    assert kept_documents.printed_copy(repos, sent.code, "pdf", URL) == pdf


def test_an_introduction_received_is_queued_and_kept(repos):
    from forms_service.services import introductions
    waiting = repos.introductions.waiting_for_commune("phuong-hoa-an-tay")[0]
    assert kept_documents.printed_copy(repos, waiting.code, "pdf", URL) is None  # still open: on demand
    introductions.receive_letter(repos, "xaphuong", waiting.code, clock.today(), "chi-bo-khom-1", "Lê Văn Tư")
    assert waiting.code in repos.kept.waiting()
    assert kept_documents.keep(repos, waiting.code, URL)
    assert "Lê Văn Tư" in pdf_text(repos.kept.get(waiting.code, "pdf").content)
