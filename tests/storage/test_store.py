"""The store with real files: several processes, a full disk, a killed writer."""
from __future__ import annotations

import errno
import json
import multiprocessing
import os
import signal
import time

import pytest

from forms_service.storage import StoreError, open_store
from forms_service.storage.tinydb import atomic
from forms_service.storage.tinydb.counters import next_number
from forms_service.storage.tinydb.indexes import GroupIndex, KeyIndex
from forms_service.storage.tinydb.store import Store

from ..conftest import tinydb_only

WRITERS, EACH = 4, 60


def _write_many(root: str, worker: int, barrier) -> None:
    store = Store(root)
    barrier.wait()
    for i in range(EACH):
        with store.shard("letters", "shared").table() as table:
            table.insert({"worker": worker, "i": i, "text": "Nguyễn Thị Hằng vắng vì đi công tác"})
        next_number(store, "seq")


def test_several_processes_lose_nothing(tmp_path):
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(WRITERS)
    processes = [context.Process(target=_write_many, args=(str(tmp_path), w, barrier)) for w in range(WRITERS)]
    for process in processes:
        process.start()
    for process in processes:
        process.join(60)
        assert process.exitcode == 0
    docs = Store(tmp_path).shard("letters", "shared").all()
    assert len({(d["worker"], d["i"]) for d in docs}) == len(docs) == WRITERS * EACH
    assert next_number(Store(tmp_path), "seq") == WRITERS * EACH + 1  # no number handed out twice
    raw = (tmp_path / "letters" / "shared.json").read_text(encoding="utf-8")
    assert "Nguyễn Thị Hằng" in raw  # stored as UTF-8, not \\u escapes
    json.loads(raw)


def test_full_disk_keeps_previous_data_and_says_so(tmp_path, monkeypatch):
    store = Store(tmp_path)
    with store.shard("members", "a").table() as table:
        table.insert({"name": "Trần Thị Bích"})
    before = (tmp_path / "members" / "a.json").read_bytes()

    real_fsync = os.fsync

    def disk_full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(StoreError):
        with store.shard("members", "a").table() as table:
            table.insert({"name": "Lê Minh Châu"})
    monkeypatch.setattr(os, "fsync", real_fsync)
    assert (tmp_path / "members" / "a.json").read_bytes() == before
    assert not list((tmp_path / "members").glob(".*.tmp"))  # no temp file left behind
    assert [d["name"] for d in store.shard("members", "a").all()] == ["Trần Thị Bích"]


@tinydb_only  # a full disk under the TinyDB files
def test_full_disk_page_is_a_clear_vietnamese_message(client, monkeypatch):
    def disk_full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic, "write_atomically", disk_full)
    page = client.post_form("/dich-vu/dang-nhap", {"username": "dangvien", "password": "sai"})
    assert page.status_code == 503
    assert "Chưa lưu được thông tin" in page.get_data(as_text=True)


def _write_forever(root: str, key: str, ready) -> None:
    store = Store(root)
    with store.shard("big", key).table() as table:
        table.insert_multiple({"n": i, "text": "x" * 200} for i in range(20000))
    ready.set()
    n = 0
    while True:
        with store.shard("big", key).table() as table:
            table.update({"n": n}, doc_ids=[1])
        n += 1


def test_writer_killed_mid_write_leaves_a_whole_file(tmp_path):
    context = multiprocessing.get_context("fork")
    for attempt in range(3):
        ready = context.Event()
        process = context.Process(target=_write_forever, args=(str(tmp_path), f"k{attempt}", ready))
        process.start()
        assert ready.wait(60)
        time.sleep(0.2 + attempt * 0.13)
        os.kill(process.pid, signal.SIGKILL)
        process.join()
        docs = Store(tmp_path).shard("big", f"k{attempt}").all()  # parses: old or new, never half
        assert len(docs) == 20000
        # and the lock died with the writer: the next writer gets in
        with Store(tmp_path).shard("big", f"k{attempt}").table() as table:
            table.update({"n": -1}, doc_ids=[1])


def test_indexes(tmp_path):
    store = Store(tmp_path)
    codes = KeyIndex(store, "codes", buckets=4)
    codes.put("VS-2026-00001", "chi-bo-khom-1-2026")
    codes.put("VS-2026-00001", "chi-bo-khom-2-2026")
    assert codes.get("VS-2026-00001") == "chi-bo-khom-2-2026"
    assert codes.get("VS-2026-99999") is None
    codes.put("VS-2026-00002", "chi-bo-khom-1-2026")
    assert codes.get_many(["VS-2026-00001", "VS-2026-00002", "VS-2026-99999"]) == {
        "VS-2026-00001": "chi-bo-khom-2-2026", "VS-2026-00002": "chi-bo-khom-1-2026"}
    groups = GroupIndex(store, "cell")
    groups.add("khom-1", "dv-1")
    groups.add("khom-1", "dv-1")
    groups.add("khom-1", "dv-2")
    groups.discard("khom-1", "dv-1")
    assert groups.members("khom-1") == ["dv-2"]


def test_unsafe_names_are_refused(tmp_path):
    with pytest.raises(ValueError):
        Store(tmp_path).shard("letters", "../../etc/passwd")


def test_health_check_reports_an_unwritable_store(tmp_path):
    root = tmp_path / "data"
    root.mkdir()
    (root / "health").write_text("not a folder")  # the probe shard cannot be created
    state = open_store(root).store.check_health()
    assert state["writable"] is False


def test_a_block_that_fails_writes_nothing(tmp_path):
    shard = Store(tmp_path).shard("members", "a")
    with shard.table() as table:
        table.insert({"name": "Trần Thị Bích"})
    with pytest.raises(RuntimeError):
        with shard.table() as table:
            table.remove(lambda doc: True)
            table.insert({"name": "Lê Minh Châu"})
            raise RuntimeError("a rule refused the change half-way")
    assert [d["name"] for d in shard.all()] == ["Trần Thị Bích"]


def test_a_block_writes_its_file_once(tmp_path, monkeypatch):
    from forms_service.storage.tinydb import atomic

    writes = []
    real = atomic.write_atomically
    monkeypatch.setattr(atomic, "write_atomically", lambda path, data: (writes.append(path), real(path, data)))
    with Store(tmp_path).shard("members", "a").table() as table:
        table.insert({"n": 1})
        table.insert({"n": 2})
        table.remove(lambda doc: doc["n"] == 1)
    assert len(writes) == 1


def test_an_audit_entry_cut_by_a_full_disk_leaves_no_half_line(tmp_path, monkeypatch):
    from forms_service.storage.tinydb.audit import AuditLog

    log = AuditLog(Store(tmp_path))
    log.record("bithu", "dong_y", "VS-2026-00001")
    real_write = os.write

    def half_then_full(fd, data):
        real_write(fd, data[: len(data) // 2])
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "write", half_then_full)
    with pytest.raises(StoreError):
        log.record("bithu", "khong_dong_y", "VS-2026-00002")
    monkeypatch.setattr(os, "write", real_write)
    log.record("capuy", "xac_nhan", "VS-2026-00003")
    assert [e["target"] for e in log.entries()] == ["VS-2026-00003", "VS-2026-00001"]
