"""The service's own records on each of the three stores: one-time tokens, the mail outbox,
the audit trail, kept documents and the render queue. Each is written inside the change's
unit of work: saved with it, or not at all."""
from __future__ import annotations

import hashlib
import time

import pytest

from forms_service.storage import StoreError
from tests.kept_files import change_kept_bytes_behind_its_back

from .sql.at_once import run_at_once


def post_once(repos, token: str) -> str:
    """What a form that creates something does with its token: the first post queues one
    message, a repeat finds what the first made."""
    with repos.transaction():
        earlier = repos.tokens.used(token)
        if earlier:
            return earlier
        time.sleep(0.3)   # the time a slow change takes, so the second post arrives while it runs
        message_id = repos.outbox.add("thu", "VS-2026-00001", {"to": "a@example.vn"})
        repos.tokens.use(token, message_id)
    return message_id


def test_a_token_is_used_once_and_a_change_not_saved_leaves_it_unused(repos):
    assert repos.tokens.used("t-1") is None
    first = post_once(repos, "t-1")
    assert post_once(repos, "t-1") == first and repos.tokens.used("t-1") == first
    with pytest.raises(RuntimeError), repos.transaction():
        repos.tokens.use("t-2", "VS-2026-00002")
        raise RuntimeError("the change fails")
    assert repos.tokens.used("t-2") is None


def test_two_posts_of_one_token_at_the_same_instant_make_one_record(repos, another_worker):
    """Two workers (on PostgreSQL two pools of connections), each warmed up first, so that
    both posts really are in their changes at the same time."""
    for worker in (repos, another_worker):
        assert worker.tokens.used("khong-co") is None
    posts = iter([repos, another_worker])
    results, failures = run_at_once(2, lambda: post_once(next(posts), "cung-mot-lan"))
    assert failures == []
    assert len(set(results)) == 1
    assert [m["id"] for m in repos.outbox.waiting()] == results[:1]


def test_the_outbox_gives_the_oldest_first_and_forgets_what_was_sent(repos):
    with repos.transaction():
        first = repos.outbox.add("thu", "VS-2026-00001", {"to": "a@example.vn", "lines": ["Xin chào"]})
    time.sleep(1.1)    # queued_at is kept to the second
    second = repos.outbox.add("thu", "VS-2026-00002", {"to": "b@example.vn"})
    waiting = repos.outbox.waiting()
    assert [m["id"] for m in waiting] == [first, second]
    assert waiting[0] | {"queued_at": ""} == {"id": first, "kind": "thu", "about": "VS-2026-00001",
                                               "details": {"to": "a@example.vn", "lines": ["Xin chào"]},
                                               "queued_at": "", "attempts": 0, "next_try_at": None}
    assert waiting[0]["queued_at"].endswith("+07:00")
    assert [m["id"] for m in repos.outbox.waiting(about="VS-2026-00002")] == [second]
    assert [m["id"] for m in repos.outbox.waiting(limit=1)] == [first]
    repos.outbox.done(first)
    assert [m["id"] for m in repos.outbox.waiting()] == [second]


def test_a_message_put_off_is_not_due_before_its_next_try_and_counts_its_attempts(repos):
    from datetime import timedelta

    from forms_service.domain import clock
    message = repos.outbox.add("thu", "VS-2026-00001", {})
    now = clock.now()
    repos.outbox.retry_later(message, now + timedelta(minutes=5))
    assert repos.outbox.waiting(due_by=now) == []
    [again] = repos.outbox.waiting(due_by=now + timedelta(minutes=5))
    assert again["attempts"] == 1 and again["next_try_at"].endswith("+07:00")
    repos.outbox.retry_later(message, now + timedelta(minutes=20))
    assert repos.outbox.waiting()[0]["attempts"] == 2


def test_a_render_put_off_is_not_due_before_its_next_try_and_counts_its_attempts(repos):
    from datetime import timedelta

    from forms_service.domain import clock
    repos.kept.queue("VS-2026-00001")
    now = clock.now()
    assert repos.kept.attempts("VS-2026-00001") == 0
    repos.kept.retry_later("VS-2026-00001", now + timedelta(minutes=1))
    assert repos.kept.waiting(due_by=now) == [] and repos.kept.waiting() == ["VS-2026-00001"]
    assert repos.kept.waiting(due_by=now + timedelta(minutes=1)) == ["VS-2026-00001"]
    assert repos.kept.attempts("VS-2026-00001") == 1


def test_the_audit_keeps_lines_newest_first_and_none_of_a_change_not_saved(repos):
    repos.audit.record("bithu3", "don.dong_y", "VS-2026-00001", "", state="chi_bo_dong_y")
    repos.audit.record("capuy", "nhan_xet.gui", "NX-2026-00001", reason="đủ hồ sơ")
    with pytest.raises(RuntimeError), repos.transaction():
        repos.audit.record("capuy", "don.rut", "VS-2026-00001")
        raise RuntimeError("the change fails")
    lines = repos.audit.entries()
    assert [(e["actor"], e["action"], e["target"]) for e in lines] == [
        ("capuy", "nhan_xet.gui", "NX-2026-00001"), ("bithu3", "don.dong_y", "VS-2026-00001")]
    assert lines[0]["reason"] == "đủ hồ sơ" and lines[1]["state"] == "chi_bo_dong_y"
    assert [e["action"] for e in repos.audit.entries(target="VS-2026-00001")] == ["don.dong_y"]
    assert len(repos.audit.entries(limit=1)) == 1


def test_the_first_kept_copy_stays_and_is_read_back_with_its_digest(repos):
    digest = repos.kept.put("VS-2026-00001", "pdf", b"%PDF first")
    assert digest == hashlib.sha256(b"%PDF first").hexdigest()
    assert repos.kept.put("VS-2026-00001", "pdf", b"%PDF second") == digest
    repos.kept.put("VS-2026-00001", "docx", b"PK docx")
    kept = repos.kept.get("VS-2026-00001", "pdf")
    assert (kept.content, kept.sha256) == (b"%PDF first", digest)
    assert repos.kept.digest("VS-2026-00001", "pdf") == digest and repos.kept.get("VS-2026-00002", "pdf") is None
    assert repos.kept.digests(["VS-2026-00001", "VS-2026-00002"], "pdf") == {"VS-2026-00001": digest}
    assert [(code, f and f.content) for code, f in repos.kept.get_many(["VS-2026-00002", "VS-2026-00001"], "pdf")] \
        == [("VS-2026-00002", None), ("VS-2026-00001", b"%PDF first")]
    with pytest.raises(ValueError):
        repos.kept.put("VS-2026-00001", "odt", b"x")


def test_a_kept_file_whose_bytes_were_changed_behind_its_back_is_refused(repos, empty_store_location):
    repos.kept.put("VS-2026-00001", "pdf", b"%PDF as issued")
    repos.kept.put("VS-2026-00002", "pdf", b"%PDF another")
    change_kept_bytes_behind_its_back(empty_store_location, "VS-2026-00001")
    with pytest.raises(StoreError):
        repos.kept.get("VS-2026-00001", "pdf")
    batch = repos.kept.get_many(["VS-2026-00002", "VS-2026-00001"], "pdf")
    assert next(batch)[1].content == b"%PDF another"   # the files before it are served
    with pytest.raises(StoreError):
        next(batch)


def test_two_workers_keeping_one_document_at_once_keep_one_copy(repos):
    copies = iter([b"%PDF a", b"%PDF b", b"%PDF c", b"%PDF d"])
    digests, failures = run_at_once(4, lambda: repos.kept.put("NX-2026-00007", "pdf", next(copies)))
    assert failures == [] and len(set(digests)) == 1
    assert repos.kept.get("NX-2026-00007", "pdf").sha256 == digests[0]


def test_the_render_queue_keeps_each_code_once_oldest_first_and_survives_a_reopening(repos, another_worker):
    repos.kept.queue("VS-2026-00002")
    time.sleep(1.1)
    with repos.transaction():
        repos.kept.queue("NX-2026-00001")
        repos.kept.queue("VS-2026-00002")
    with pytest.raises(RuntimeError), repos.transaction():
        repos.kept.queue("GT-2026-00001")
        raise RuntimeError("the change fails")
    assert another_worker.kept.waiting() == ["VS-2026-00002", "NX-2026-00001"]
    another_worker.kept.done("VS-2026-00002")
    assert repos.kept.waiting() == ["NX-2026-00001"]
