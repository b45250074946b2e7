"""Faults under load, through gunicorn: the checks behind tests/reliability (short runs)
and the bench (long runs). Each returns plain figures; the callers decide what passes.

A *workload* (bench.letter_load.LetterWorkload) is what the clients do and how to find
each acknowledged operation in the store afterwards: prepare(root), spec(port, threads,
duration_s) for the load generator, check(root, acks).
"""
from __future__ import annotations

import errno
import os
import random
import shutil
import signal
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from forms_service.storage import is_database_url

from .client import Client
from .integrity import broken_files, index_problems, leftover_temp_files
from .server import PROJECT_ROOT, gunicorn, service_env
from .stats import Load

APP = "forms_service.wsgi:app"


def _store_whole(location: Path | str) -> dict:
    """What is wrong with the store: files that do not parse (a folder's), and what `check`
    finds. A database keeps no file of ours, so it has only the second."""
    if is_database_url(location):
        return {"broken_files": [], "index_problems": index_problems(location), "leftover_temp_files": 0}
    return {"broken_files": broken_files(location), "index_problems": index_problems(location),
            "leftover_temp_files": len(leftover_temp_files(location))}


def concurrent_clients(workload, data_dir: Path, instance: Path, workers: int = 3, threads: int = 8,
                       duration_s: float = 5) -> dict:
    workload.prepare(data_dir)
    with gunicorn(APP, workers, instance, data_dir) as server:
        result = Load(workload.spec(server.port, threads, duration_s)).result()
    found = workload.check(data_dir, [a for a, _ in result["acks"]])
    return {**found, "errors": result["errors"], **_store_whole(data_dir)}


def killed_workers(workload, data_dir: Path, instance: Path, workers: int = 2, threads: int = 6,
                   duration_s: float = 8, kills: int = 3, seed: int = 213) -> dict:
    """SIGKILL a worker every so often while clients write; gunicorn starts a new one."""
    rng = random.Random(seed)
    killed = 0
    workload.prepare(data_dir)
    with gunicorn(APP, workers, instance, data_dir) as server:
        load = Load(workload.spec(server.port, threads, duration_s))
        load.wait_started()
        deadline = time.monotonic() + duration_s
        interval = duration_s / (kills + 1)
        while killed < kills and time.monotonic() < deadline:
            time.sleep(interval * rng.uniform(0.6, 1.0))
            pids = server.workers()
            if pids:
                os.kill(rng.choice(pids), signal.SIGKILL)
                killed += 1
        result = load.result()
    found = workload.check(data_dir, [a for a, _ in result["acks"]])
    return {**found, "kills": killed, "client_errors": len(result["errors"]), **_store_whole(data_dir)}


def backup_under_load(workload, data_dir: Path | str, instance: Path, work: Path, workers: int = 2,
                      threads: int = 6, duration_s: float = 6) -> dict:
    """A backup taken by `python -m forms_service backup` while clients write, restored by
    `restore` into a new store of the same kind: the restored store is whole and holds
    everything acknowledged before the backup began. (The backup is the TinyDB folder's
    archive, SQLite's online backup or pg_dump's snapshot: one consistent copy each, taken
    without stopping the writers.)"""
    archive = work / "backup.tar"
    workload.prepare(data_dir)
    with gunicorn(APP, workers, instance, data_dir) as server:
        load = Load(workload.spec(server.port, threads, duration_s))
        load.wait_started()
        time.sleep(duration_s / 2)
        started = time.time()
        subprocess.run([sys.executable, "-m", "forms_service", "backup", str(archive)], cwd=PROJECT_ROOT,
                       env=service_env(instance, data_dir), check=True, capture_output=True, timeout=300)
        backup_s = time.time() - started
        result = load.result()
    before = [a for a, at in result["acks"] if at < started]
    with _restored(archive, data_dir, work) as restored:
        found = workload.check(restored, before)
        whole = _store_whole(restored)
    return {**found, "backup_s": round(backup_s, 2), "acknowledged_in_run": len(result["acks"]), **whole}


@contextmanager
def _restored(archive: Path, location: Path | str, work: Path):
    """The backup restored by `python -m forms_service restore` into a new store of the same
    kind (a folder or a SQLite file under `work`, or a new database on the same server,
    dropped afterwards); yields its location."""
    with _new_store_like(location, work / "restored") as restored:
        subprocess.run([sys.executable, "-m", "forms_service", "restore", str(archive)], cwd=PROJECT_ROOT,
                       env=service_env(work / "restored", restored), check=True, capture_output=True, timeout=300)
        yield restored


@contextmanager
def _new_store_like(location: Path | str, folder: Path):
    folder.mkdir(parents=True)
    if not is_database_url(location):
        yield folder / "data"
        return
    if str(location).startswith("sqlite:"):
        yield f"sqlite:///{folder / 'store.db'}"
        return
    import psycopg
    name = f"sotay_restored_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(str(location), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}" TEMPLATE template0')
    try:
        yield urlunsplit(urlsplit(str(location))._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(str(location), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def killed_server(workload, data_dir: Path | str, instance: Path, workers: int = 2, threads: int = 6,
                  duration_s: float = 6) -> dict:
    """SIGKILL the whole server, the gunicorn master and every worker at once, while clients
    write (the app server's power cut; the store's disk or database stays), then start it
    again and write more: everything acknowledged is stored once, and the store is whole."""
    workload.prepare(data_dir)
    with gunicorn(APP, workers, instance, data_dir) as server:
        load = Load(workload.spec(server.port, threads, duration_s))
        load.wait_started()
        time.sleep(duration_s / 2)
        processes = [server.process.pid, *server.workers()]
        for pid in processes:
            os.kill(pid, signal.SIGKILL)
        server.process.wait()
        before_kill = load.result()
    with gunicorn(APP, workers, instance, data_dir) as server:   # starting finishes what the kill cut short
        after_restart = Load(workload.spec(server.port, 2, 2)).result()
    acks = [a for a, _ in before_kill["acks"]] + [a for a, _ in after_restart["acks"]]
    found = workload.check(data_dir, acks)
    return {**found, "killed_processes": len(processes), "acknowledged_after_restart": len(after_restart["acks"]),
            "errors_after_restart": after_restart["errors"], **_store_whole(data_dir)}


@contextmanager
def small_tmpfs(mount_point: Path, size: str = "2m"):
    """A real small file system (root only). Yields False when mounting is not allowed here."""
    mount_point.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(mount_point)],
                          capture_output=True)
    if done.returncode != 0:
        yield False
        return
    try:
        yield True
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], capture_output=True)


def fill_disk(folder: Path) -> Path:
    """Write a filler file until the file system is full, to the last byte."""
    filler = folder / "filler.bin"
    with open(filler, "wb", buffering=0) as handle:
        for chunk in (65536, 4096, 512, 64, 8, 1):
            while True:
                try:
                    handle.write(b"\0" * chunk)
                except OSError as error:
                    if error.errno != errno.ENOSPC:
                        raise
                    break
    return filler


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*.json"))}


@contextmanager
def service_on_full_disk(demo_store: Path, work: Path, size: str = "2m"):
    """The demo store on a small tmpfs, served by gunicorn; yields (server, data_dir) or None."""
    mount = work / "small-disk"
    with small_tmpfs(mount, size) as mounted:
        if not mounted:
            yield None
            return
        data_dir = mount / "data"
        shutil.copytree(demo_store, data_dir)
        with gunicorn(APP, 2, work / "instance", data_dir) as server:
            yield server, data_dir


def signed_in(server, username: str, password: str) -> Client:
    client = Client(server.port)
    client.sign_in(username, password)
    return client
