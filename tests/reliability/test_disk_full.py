"""A really full disk (a small tmpfs), through gunicorn: the person reads a clear
Vietnamese message, what they typed is kept, earlier data stays as it was, and the
service carries on once space is freed."""
from __future__ import annotations

import pytest

from bench.integrity import broken_files
from bench.letter_load import CHECK, hidden_token
from bench.reliability import fill_disk, service_on_full_disk, signed_in, snapshot
from forms_service.storage import open_store

from .conftest import draft_letter

LETTER_NOT_SENT = "Chưa gửi được đơn vì hệ thống tạm thời không ghi được dữ liệu"
STORE_PAGE = "Chưa lưu được vì hệ thống tạm thời không ghi được dữ liệu"
REASON = "Đi tập huấn nghiệp vụ ở Cần Thơ"


@pytest.fixture
def full_disk_service(demo_store, tmp_path):
    with service_on_full_disk(demo_store, tmp_path) as running:
        if running is None:
            pytest.skip("mounting a small tmpfs needs root; tests/storage covers ENOSPC with a patched write")
        yield running


def test_letter_on_a_full_disk_is_refused_in_vietnamese_and_kept(full_disk_service, password):
    server, data_dir = full_disk_service
    member = signed_in(server, "dangvien", password)
    _, token = draft_letter(member, REASON)
    letters_before = len(open_store(data_dir).letters.for_member("dv-001"))
    before = snapshot(data_dir)
    filler = fill_disk(data_dir.parent)

    refused = member.post_form(CHECK, {"token": token})
    assert refused.status in (200, 503)
    assert LETTER_NOT_SENT in refused.text and REASON in refused.text
    assert "Traceback" not in refused.text
    assert snapshot(data_dir) == before, "a failed write changed a store file"

    filler.unlink()
    assert broken_files(data_dir) == []
    sent = member.post_form(CHECK, {"token": hidden_token(refused.text)})
    assert sent.status == 302 and "/da-gui" in sent.location
    assert len(open_store(data_dir).letters.for_member("dv-001")) == letters_before + 1


def test_password_change_on_a_full_disk_gets_the_vietnamese_store_page(full_disk_service, password):
    server, data_dir = full_disk_service
    officer = signed_in(server, "capuy", password)
    before = snapshot(data_dir)
    filler = fill_disk(data_dir.parent)
    change = {"current": password, "new": "mot cau moi 2026 x", "repeat": "mot cau moi 2026 x"}
    refused = officer.post_form("/dich-vu/doi-mat-khau", change)
    assert refused.status == 503 and STORE_PAGE in refused.text
    assert snapshot(data_dir) == before
    filler.unlink()
    assert broken_files(data_dir) == []
    assert officer.post_form("/dich-vu/doi-mat-khau", change).status == 302
    signed_in(server, "capuy", "mot cau moi 2026 x")
