"""What a person sees of kept printed copies: the decision is saved and its copy queued for the
worker; a copy that cannot be made is said to be prepared; the download serves the same bytes
each time, and the public check page shows the kept PDF's fingerprint."""
from __future__ import annotations

import hashlib

import pytest

from forms_service.domain import clock
from forms_service.domain.letters import Action, LetterState
from forms_service.services import kept_documents

from .letters_helpers import decide, make_letter

pytestmark = pytest.mark.calendar


def worker_round(repos) -> tuple[int, int]:
    """What the worker does in one round about printed copies."""
    return kept_documents.render_due(repos, "http://sotay.test", clock.now(), lambda: True)


def test_a_decision_whose_copy_cannot_be_made_is_saved_and_the_copy_is_said_to_be_prepared(client, repos,
                                                                                          broken_letter_template):
    code = make_letter(repos, steps=[Action.CONFIRM])
    client.sign_in("bithu")
    decided = decide(client, "chi-bo", code, "dong_y", "Đồng ý")
    assert decided.status_code == 302
    assert repos.letters.get(code).state == LetterState.AGREED and code in repos.kept.waiting()
    assert worker_round(repos)[1] >= 1  # the worker could not make it: it stays queued, put off
    assert code in repos.kept.waiting() and repos.kept.attempts(code) == 1
    waiting = client.get(f"/dich-vu/don-xin-vang/{code}/don.pdf")
    assert waiting.status_code == 503 and "Bản in đang được chuẩn bị" in waiting.get_data(as_text=True)

    broken_letter_template()  # mended: the next download makes and keeps the copy
    first = client.get(f"/dich-vu/don-xin-vang/{code}/don.pdf")
    assert first.status_code == 200 and first.data.startswith(b"%PDF")
    assert client.get(f"/dich-vu/don-xin-vang/{code}/don.pdf").data == first.data
    assert code not in repos.kept.waiting()


def test_a_decided_letter_is_kept_by_the_worker_downloaded_byte_identical_and_fingerprinted(client, repos):
    code = make_letter(repos, steps=[Action.CONFIRM])
    client.sign_in("bithu")
    decided = decide(client, "chi-bo", code, "khong_dong_y", "Lý do chưa cụ thể")
    assert decided.status_code == 302
    assert repos.kept.get(code, "pdf") is None  # the request only queued it
    worker_round(repos)
    kept = repos.kept.get(code, "pdf")
    assert kept is not None and code not in repos.kept.waiting()
    client.sign_in("dangvien")
    downloads = [client.get(f"/dich-vu/don-xin-vang/{code}/don.{kind}") for kind in ("pdf", "pdf", "docx", "docx")]
    assert downloads[0].data == downloads[1].data == kept.content
    assert downloads[2].data == downloads[3].data == repos.kept.get(code, "docx").content
    check = client.get(f"/dich-vu/kiem-tra/{code}").get_data(as_text=True)
    assert hashlib.sha256(downloads[0].data).hexdigest()[:12] in check and "Dấu kiểm bản in" in check


def test_an_open_letter_shows_no_fingerprint(client, repos):
    code = make_letter(repos, steps=[Action.CONFIRM])
    assert "Dấu kiểm bản in" not in client.get(f"/dich-vu/kiem-tra/{code}").get_data(as_text=True)
