"""Start the service the way production runs it: gunicorn, sync workers, loopback only.

Used by the bench and by the reliability tests. Everything started here is stopped by
the context manager, whatever happens inside it.
"""
from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from forms_service.storage import is_database_url

PROJECT_ROOT = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).with_name("gunicorn")
START_TIMEOUT_S = 60


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def children_of(pid: int) -> list[int]:
    """The gunicorn workers: the master's child processes."""
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(p) for p in (task / "children").read_text().split()]
        except (FileNotFoundError, ProcessLookupError):
            continue
    return found


def peak_rss_mb(pid: int) -> float | None:
    """VmHWM: the most resident memory the process ever had."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except FileNotFoundError:
        return None
    return None


class Server:
    def __init__(self, process: subprocess.Popen, port: int, log: Path):
        self.process, self.port, self.log = process, port, log
        self.base = f"http://127.0.0.1:{port}"
        self.peak_rss: dict[int, float] = {}

    def workers(self) -> list[int]:
        return children_of(self.process.pid)

    def sample_memory(self) -> None:
        """Remember each worker's peak; a killed worker's figure must not be lost."""
        for pid in self.workers():
            value = peak_rss_mb(pid)
            if value is not None:
                self.peak_rss[pid] = max(value, self.peak_rss.get(pid, 0.0))

    def error_lines(self, limit: int = 3) -> list[str]:
        """The last lines of the tracebacks in the server's log (what a 500 was)."""
        lines = self.log.read_text(errors="replace").splitlines() if self.log.exists() else []
        ends = [i for i, line in enumerate(lines) if line.startswith("Traceback")]
        found = []
        for start in ends:
            tail = [line for line in lines[start + 1:start + 80] if line and not line.startswith((" ", "\t"))]
            if tail:
                found.append(tail[0][:300])
        return list(dict.fromkeys(found))[-limit:]

    def wait_ready(self, path: str, timeout: float = START_TIMEOUT_S) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn stopped: {self.log.read_text()[-2000:]}")
            try:
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                connection.request("GET", path)
                if connection.getresponse().status == 200:
                    connection.close()
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"gunicorn not ready after {timeout}s: {self.log.read_text()[-2000:]}")


def service_env(instance: Path, data_dir: Path | str) -> dict:
    """The service's environment on the store at `data_dir`: a folder, or a database URL
    (sqlite:///… or postgresql://…)."""
    env = dict(os.environ)
    env.update(SOTAY_INSTANCE=str(instance), SOTAY_DATA_DIR=str(data_dir),
               SOTAY_SECRET_KEY="bench-" + os.urandom(8).hex(), PYTHONPATH=str(PROJECT_ROOT))
    if is_database_url(data_dir):
        env.update(SOTAY_DATABASE_URL=str(data_dir), SOTAY_DATA_DIR=str(instance / "data"))
    return env


@contextmanager
def gunicorn(app: str, workers: int, instance: Path, data_dir: Path | str, extra_env: dict | None = None,
             timeout_s: int = 60, ready_path: str = "/dich-vu/dang-nhap"):
    """`gunicorn --workers N --bind 127.0.0.1:<free port> <app>`, stopped on exit.
    The worker timeout is deploy/gunicorn.conf.py's (60 s)."""
    port = free_port()
    instance.mkdir(parents=True, exist_ok=True)
    log = instance / f"gunicorn-{port}.log"
    env = service_env(instance, data_dir) | (extra_env or {})
    with open(log, "wb") as log_file:
        process = subprocess.Popen(
            [str(GUNICORN), "--workers", str(workers), "--bind", f"127.0.0.1:{port}",
             "--timeout", str(timeout_s), "--graceful-timeout", "5", app],
            cwd=PROJECT_ROOT, env=env, stdout=log_file, stderr=subprocess.STDOUT)
    server = Server(process, port, log)
    try:
        server.wait_ready(ready_path)
        yield server
    finally:
        server.sample_memory()
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=15)
