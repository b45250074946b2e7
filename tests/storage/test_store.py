"""The file store with real files: several processes, a full disk, a killed writer, a held lock."""
from __future__ import annotations

import errno
import json
import multiprocessing
import os
import signal
import threading
import time

import pytest

from forms_service.storage import StoreError, open_store
from forms_service.storage.tinydb import atomic, store as store_module
from forms_service.storage.tinydb.counters import next_number
from forms_service.storage.tinydb.store import Store, file_lock

from ..conftest import tinydb_only

WRITERS, EACH = 4, 60


def _insert(store: Store, table: str, record: dict) -> None:
    with store.transaction():
        store.table(table).insert(record)


def _write_many(root: str, worker: int, barrier) -> None:
    store = Store(root)
    barrier.wait()
    for i in range(EACH):
        _insert(store, "letters", {"worker": worker, "i": i, "text": "Nguyễn Thị Hằng vắng vì đi công tác"})
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
    docs = Store(tmp_path).records("letters")
    assert len({(d["worker"], d["i"]) for d in docs}) == len(docs) == WRITERS * EACH
    assert next_number(Store(tmp_path), "seq") == WRITERS * EACH + 1  # no number handed out twice
    raw = (tmp_path / "store.json").read_text(encoding="utf-8")
    assert "Nguyễn Thị Hằng" in raw  # stored as UTF-8, not \\u escapes
    json.loads(raw)


def test_a_reader_sees_another_process_s_change(tmp_path):
    reader = Store(tmp_path)
    assert reader.records("members") == []
    context = multiprocessing.get_context("fork")
    process = context.Process(target=_insert, args=(Store(tmp_path), "members", {"name": "Trần Thị Bích"}))
    process.start()
    process.join(30)
    assert [d["name"] for d in reader.records("members")] == ["Trần Thị Bích"]


def test_a_store_can_be_named_by_its_json_file(tmp_path):
    repos = open_store(tmp_path / "lop-tap-huan.json")
    _insert(repos.store, "members", {"name": "Lê Minh Châu"})
    assert (tmp_path / "lop-tap-huan.json").exists() and not (tmp_path / "store.json").exists()
    assert open_store(repos.location).store.records("members") == [{"name": "Lê Minh Châu"}]


def test_full_disk_keeps_previous_data_and_says_so(tmp_path, monkeypatch):
    store = Store(tmp_path)
    _insert(store, "members", {"name": "Trần Thị Bích"})
    before = (tmp_path / "store.json").read_bytes()

    def disk_full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(StoreError):
        _insert(store, "members", {"name": "Lê Minh Châu"})
    monkeypatch.undo()
    assert (tmp_path / "store.json").read_bytes() == before
    assert not list(tmp_path.glob(".*.tmp"))  # no temp file left behind
    assert [d["name"] for d in store.records("members")] == ["Trần Thị Bích"]


@tinydb_only  # a full disk under the TinyDB file
def test_full_disk_page_is_a_clear_vietnamese_message(client, monkeypatch):
    def disk_full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic, "write_atomically", disk_full)
    page = client.post_form("/dich-vu/dang-nhap", {"username": "dangvien", "password": "sai"})
    assert page.status_code == 503
    assert "Chưa lưu được thông tin" in page.get_data(as_text=True)


def _write_forever(root: str, ready) -> None:
    store = Store(root)
    with store.transaction():
        store.table("big").insert_multiple({"n": i, "text": "x" * 200} for i in range(20000))
    ready.set()
    n = 0
    while True:
        with store.transaction():
            store.table("big").update({"n": n}, doc_ids=[1])
        n += 1


def test_writer_killed_mid_write_leaves_a_whole_file(tmp_path):
    context = multiprocessing.get_context("fork")
    for attempt in range(3):
        ready = context.Event()
        process = context.Process(target=_write_forever, args=(str(tmp_path / f"k{attempt}"), ready))
        process.start()
        assert ready.wait(60)
        time.sleep(0.2 + attempt * 0.13)
        os.kill(process.pid, signal.SIGKILL)
        process.join()
        store = Store(tmp_path / f"k{attempt}")
        assert len(store.records("big")) == 20000   # parses: old or new, never half
        # and the lock died with the writer: the next writer gets in
        with store.transaction():
            store.table("big").update({"n": -1}, doc_ids=[1])


def test_a_lock_held_too_long_is_a_clear_vietnamese_message(tmp_path, monkeypatch):
    store = Store(tmp_path)
    monkeypatch.setattr(store_module, "LOCK_TIMEOUT_S", 0.05)
    held, release = threading.Event(), threading.Event()

    def hold() -> None:
        with file_lock(store.path):   # another process's unit of work, as far as flock is concerned
            held.set()
            release.wait(10)
    holder = threading.Thread(target=hold)
    holder.start()
    held.wait(10)
    try:
        with pytest.raises(StoreError, match="Kho dữ liệu đang bận"):
            _insert(store, "members", {"name": "Lê Minh Châu"})
    finally:
        release.set()
        holder.join()
    _insert(store, "members", {"name": "Lê Minh Châu"})


def test_health_check_reports_an_unwritable_store(tmp_path):
    root = tmp_path / "data"
    (root / ".health-probe").mkdir(parents=True)  # the probe file cannot replace a folder
    state = open_store(root).store.check_health()
    assert state["readable"] is True and state["writable"] is False
    assert open_store(tmp_path / "other").store.check_health() == {"readable": True, "writable": True}


def test_a_unit_of_work_that_fails_writes_nothing(tmp_path):
    store = Store(tmp_path)
    _insert(store, "members", {"name": "Trần Thị Bích"})
    with pytest.raises(RuntimeError):
        with store.transaction():
            store.table("members").truncate()
            store.table("members").insert({"name": "Lê Minh Châu"})
            raise RuntimeError("a rule refused the change half-way")
    assert [d["name"] for d in store.records("members")] == ["Trần Thị Bích"]


def test_a_unit_of_work_writes_the_file_once_and_a_nested_one_joins_it(tmp_path, monkeypatch):
    writes = []
    real = atomic.write_atomically
    monkeypatch.setattr(atomic, "write_atomically", lambda path, data: (writes.append(path), real(path, data)))
    store = Store(tmp_path)
    with store.transaction():
        store.table("members").insert({"n": 1})
        with store.transaction():
            store.table("members").insert({"n": 2})
            next_number(store, "members")
        store.table("members").remove(lambda doc: doc["n"] == 1)
    assert len(writes) == 1
    assert store.records("members") == [{"n": 2}]
    with store.transaction():
        store.records("members")   # a unit of work that only reads writes nothing
    assert len(writes) == 1


def test_another_thread_never_sees_a_unit_of_work_half_done(tmp_path):
    store = Store(tmp_path)
    seen, inside = [], threading.Event()

    def read() -> None:
        inside.wait(10)
        seen.append(len(store.records("members")))
    reader = threading.Thread(target=read)
    reader.start()
    with store.transaction():
        store.table("members").insert({"n": 1})
        inside.set()
        time.sleep(0.1)   # the reader waits for the unit of work to end
        store.table("members").insert({"n": 2})
    reader.join(10)
    assert seen == [2]


def test_audit_entries_are_kept_with_their_unit_of_work(tmp_path):
    repos = open_store(tmp_path)
    repos.audit.record("bithu", "dong_y", "VS-2026-00001")
    with pytest.raises(RuntimeError):
        with repos.transaction():
            repos.audit.record("bithu", "khong_dong_y", "VS-2026-00002")
            raise RuntimeError("the change was refused")
    repos.audit.record("capuy", "xac_nhan", "VS-2026-00003")
    assert [e["target"] for e in repos.audit.entries()] == ["VS-2026-00003", "VS-2026-00001"]
    assert [e["target"] for e in repos.audit.entries(target="VS-2026-00001")] == ["VS-2026-00001"]


def test_a_reload_parses_again_only_the_tables_another_process_changed(tmp_path):
    """One table a line: after another process's commit, a reader parses the tables whose bytes
    changed and keeps the others as it had them; its own next commit encodes only what it changed."""
    writer, reader = Store(tmp_path), Store(tmp_path)
    _insert(writer, "members", {"id": "dv-1", "full_name": "Lê Văn An"})
    _insert(writer, "letters", {"code": "VS-1", "note": "dòng một\ndòng hai"})   # a line break inside a string
    assert reader.records("members") and reader.records("letters")
    members_before = reader._refresh().storage.memory["members"]
    _insert(writer, "letters", {"code": "VS-2"})
    assert sorted(r["code"] for r in reader.records("letters")) == ["VS-1", "VS-2"]
    assert reader._refresh().storage.memory["members"] is members_before   # not parsed again
    _insert(reader, "members", {"id": "dv-2", "full_name": "Trần Thị Bình"})
    assert sorted(r["id"] for r in writer.records("members")) == ["dv-1", "dv-2"]
    assert writer.first("letters", lambda r: r["code"] == "VS-1")["note"] == "dòng một\ndòng hai"
    whole = (tmp_path / "store.json").read_bytes()
    assert whole.startswith(b"{\n") and whole.count(b"\n") == len(json.loads(whole)) + 1   # one table a line


def test_a_file_in_another_layout_is_read_whole(tmp_path):
    """A store file written by hand (indented) is still read, and the next commit lays it out again."""
    (tmp_path / "store.json").write_text(json.dumps({"members": {"1": {"id": "dv-1"}}}, indent=2), encoding="utf-8")
    store = Store(tmp_path)
    assert store.records("members") == [{"id": "dv-1"}]
    _insert(store, "letters", {"code": "VS-1"})
    assert Store(tmp_path).records("members") == [{"id": "dv-1"}]
    assert (tmp_path / "store.json").read_bytes().startswith(b"{\n\"members\":")
