"""The load generator: a separate process (`python -m bench.load SPEC.json OUT.json`).

Threads with keep-alive connections, each signed in as its own person, repeat one
scenario until a deadline (bounded), and record every latency and every acknowledged
submission. Scenarios are small classes registered in SCENARIOS.
"""
from __future__ import annotations

import json
import sys
import threading
import time
from pathlib import Path

from . import cpu
from .client import Client


class Scenario:
    """setup() once per thread (sign in, take the CSRF token); run() once per operation:
    returns (label, latency_ms, acknowledged id or None)."""

    def __init__(self, spec: dict):
        self.spec = spec

    def setup(self, client: Client, index: int) -> dict:
        return {}

    def run(self, client: Client, state: dict, n: int) -> tuple[str, float, str | None]:
        raise NotImplementedError


class ReadPages(Scenario):
    """spec: {"users": [[username, [paths...]], ...]}; each thread reads its user's paths in turn."""

    def setup(self, client, index):
        username, paths = self.spec["users"][index % len(self.spec["users"])]
        client.sign_in(username, self.spec["password"])
        return {"paths": paths}

    def run(self, client, state, n):
        path = state["paths"][n % len(state["paths"])]
        response = client.get(path)
        if response.status != 200:
            raise RuntimeError(f"GET {path} answered {response.status}")
        return path, response.elapsed_ms, None


SCENARIOS: dict[str, type[Scenario]] = {"read_pages": ReadPages}


def register(name: str):
    def decorate(cls):
        SCENARIOS[name] = cls
        return cls
    return decorate


def run_load(spec: dict) -> dict:
    """Run spec["threads"] threads for spec["duration_s"] (after spec["warmup_s"]) or until
    each has done spec["per_thread"] operations, whichever comes first."""
    import importlib
    for module in spec.get("modules", []):
        importlib.import_module(module)  # scenarios registered elsewhere (letters…)
    scenario = SCENARIOS[spec["scenario"]](spec)
    threads = spec.get("threads", 8)
    per_thread = spec.get("per_thread", 10**9)
    results = [dict(samples=[], acks=[], errors=[]) for _ in range(threads)]
    ready = threading.Barrier(threads + 1, timeout=300)
    go = threading.Event()
    timing = {}

    def worker(index: int) -> None:
        client = Client(spec["port"])
        mine = results[index]
        try:
            state = scenario.setup(client, index)
        except Exception as error:  # reported, the run goes on with the other threads
            mine["errors"].append(f"setup: {error!r}")
            state = None
        try:
            ready.wait()
        except threading.BrokenBarrierError:
            return
        go.wait()
        n = 0
        while state is not None and n < per_thread and time.monotonic() < timing["end"]:
            try:
                label, latency, ack = scenario.run(client, state, n)
            except Exception as error:
                mine["errors"].append(repr(error)[:300])
                client.close()
                if len(mine["errors"]) > 50:
                    break
            else:
                measured = time.monotonic() >= timing["measure_from"]
                mine["samples"].append((label, latency, measured))
                if ack is not None:
                    mine["acks"].append([ack, time.time()])
            n += 1
        client.close()

    workers = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(threads)]
    for thread in workers:
        thread.start()
    ready.wait()
    start = time.monotonic()
    timing["measure_from"] = start + spec.get("warmup_s", 0)
    timing["end"] = timing["measure_from"] + spec.get("duration_s", 10)
    go.set()
    if spec.get("started_file"):
        Path(spec["started_file"]).write_text(str(time.time()))
    cpu_roots = spec.get("cpu_roots", {})   # {"app": gunicorn's pid, "database": the postmaster's}
    if cpu_roots:   # CPU over the measured time only: not the sign-ins, not the warm-up
        time.sleep(max(timing["measure_from"] - time.monotonic(), 0))
        cpu_before = cpu.sample(cpu_roots)
    for thread in workers:
        thread.join(timeout=spec.get("duration_s", 10) + spec.get("warmup_s", 0) + 120)
    measured_s = max(time.monotonic() - timing["measure_from"], 1e-9)
    cpu_s = {}
    if cpu_roots:
        cpu_after = cpu.sample(cpu_roots)
        cpu_s = {name: (None if cpu_before[name] is None else round(cpu_after[name] - cpu_before[name], 3))
                 for name in cpu_roots}
    samples = [(label, latency) for r in results for (label, latency, measured) in r["samples"] if measured]
    return {"measured_s": min(measured_s, spec.get("duration_s", 10) + 60),
            "samples": samples, "cpu_s": cpu_s, "acks": [a for r in results for a in r["acks"]],
            "errors": [e for r in results for e in r["errors"]]}


def main() -> int:
    spec = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    Path(sys.argv[2]).write_text(json.dumps(run_load(spec), ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    # Run the imported module's main, so that scenarios registered by other modules
    # (into bench.load.SCENARIOS) are found, not a copy under the name __main__.
    from bench.load import main as imported_main
    sys.exit(imported_main())
