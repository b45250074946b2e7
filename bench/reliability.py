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
from contextlib import contextmanager
from pathlib import Path

from .client import Client
from .integrity import broken_files, index_problems, leftover_temp_files
from .server import PROJECT_ROOT, gunicorn, service_env
from .stats import Load

APP = "forms_service.wsgi:app"


def _store_whole(root: Path) -> dict:
    return {"broken_files": broken_files(root), "index_problems": index_problems(root),
            "leftover_temp_files": len(leftover_temp_files(root))}


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


def backup_under_load(workload, data_dir: Path, instance: Path, work: Path, workers: int = 2,
                      threads: int = 6, duration_s: float = 6) -> dict:
    """`python -m forms_service backup` while clients write, then `restore` into a new
    folder: the restored store is whole and holds everything acknowledged before the
    backup began."""
    archive = work / "backup.tar.gz"
    workload.prepare(data_dir)
    with gunicorn(APP, workers, instance, data_dir) as server:
        load = Load(workload.spec(server.port, threads, duration_s))
        load.wait_started()
        time.sleep(duration_s / 2)
        started = time.time()
        subprocess.run([sys.executable, "-m", "forms_service", "backup", str(archive)], cwd=PROJECT_ROOT,
                       env=service_env(instance, data_dir), check=True, capture_output=True, timeout=120)
        backup_s = time.time() - started
        result = load.result()
    restored = work / "restored" / "data"
    restored.parent.mkdir(parents=True)  # restore needs the folder that will hold the store
    subprocess.run([sys.executable, "-m", "forms_service", "restore", str(archive)], cwd=PROJECT_ROOT,
                   env=service_env(work / "restored", restored), check=True, capture_output=True, timeout=120)
    before = [a for a, at in result["acks"] if at < started]
    found = workload.check(restored, before)
    return {**found, "backup_s": round(backup_s, 2), "acknowledged_in_run": len(result["acks"]),
            **_store_whole(restored)}


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
