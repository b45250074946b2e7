"""Percentiles and the driver that runs the load generator as its own process."""
from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .server import PROJECT_ROOT


def percentile(values: list[float], p: float) -> float | None:
    """Nearest-rank percentile (no interpolation: every figure is a real request)."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * p // 100))
    return round(ordered[int(rank) - 1], 1)


def summarise(latencies: list[float], seconds: float) -> dict:
    return {"count": len(latencies), "rps": round(len(latencies) / seconds, 1) if seconds else None,
            "p50_ms": percentile(latencies, 50), "p95_ms": percentile(latencies, 95),
            "p99_ms": percentile(latencies, 99)}


class Load:
    """bench.load running in a separate Python process."""

    def __init__(self, spec: dict, timeout_s: float = 600):
        self.folder = tempfile.TemporaryDirectory(prefix="sotay-load-")
        self.spec_file = Path(self.folder.name) / "spec.json"
        self.out_file = Path(self.folder.name) / "out.json"
        self.started_file = Path(self.folder.name) / "started"
        spec = {**spec, "started_file": str(self.started_file)}
        self.spec_file.write_text(json.dumps(spec, ensure_ascii=False), encoding="utf-8")
        self.timeout_s = timeout_s
        self.process = subprocess.Popen([sys.executable, "-m", "bench.load", str(self.spec_file),
                                         str(self.out_file)], cwd=PROJECT_ROOT)

    def wait_started(self, timeout_s: float = 120) -> None:
        """Until every client has signed in and the timed run has begun."""
        deadline = time.monotonic() + timeout_s
        while not self.started_file.exists():
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the load generator did not start")
            time.sleep(0.05)

    def result(self) -> dict:
        try:
            code = self.process.wait(timeout=self.timeout_s)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            raise
        try:
            if code != 0:
                raise RuntimeError(f"load generator failed with exit code {code}")
            return json.loads(self.out_file.read_text(encoding="utf-8"))
        finally:
            self.folder.cleanup()


def drive(spec: dict, timeout_s: float = 600) -> dict:
    return Load(spec, timeout_s).result()
