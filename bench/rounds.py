"""The letter journey in rounds, so that a noisy machine cannot fool the comparison.

At each size every store is started once, then each round drives the baseline (the same
journey on a minimal Flask + sqlite app, bench/baseline_journey.py) and each store one after
the other, the order turned by one place each round. Whatever else the machine is doing
at that moment slows the stores of that round alike, so a row's figure is the ratio to the
baseline *of its own round*, and the summary takes the median of each figure over the
rounds. Beside the rate and the send's latency, each run measures the CPU time the
server's processes used per journey (gunicorn's master and workers) and the database
server's (PostgreSQL's postmaster and backends; SQLite and TinyDB work inside the app's
processes), read from /proc over the timed part of the run (bench/cpu.py).
"""
from __future__ import annotations

import os
import statistics
from dataclasses import dataclass

from .server import Server
from .stats import drive, summarise

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
ROUND_S = float(os.environ.get("BENCH_ROUND_S", "10"))   # timed seconds of each store's run in a round
WARMUP_S = 2
THREADS = 8   # keep-alive clients: enough to keep two sync workers busy
BASELINE = "baseline"
BENCH_PROVINCE = "bench"
# the figures of a run; "…_x_baseline" are divided by the baseline's of the same round
FIGURES = ("rps", "p50_ms", "p95_ms", "app_cpu_ms", "db_cpu_ms", "cpu_ms")
RATIOS = {"rate_x_baseline": "rps", "p50_x_baseline": "p50_ms", "p95_x_baseline": "p95_ms",
          "cpu_x_baseline": "cpu_ms"}


@dataclass
class Target:
    backend: str                 # "baseline", "sqlite", "postgres", "tinydb"
    server: Server
    users: list[str]             # members who send letters, one per client
    password: str
    database_pid: int | None = None   # the database server's root process, where it has its own
    database_elsewhere: bool = False  # a server whose processes the bench cannot see (CPU unknown)


def in_order(targets: list[Target], number: int) -> list[Target]:
    """Round `number` (from 0) runs the targets turned by `number` places."""
    turn = number % len(targets)
    return targets[turn:] + targets[:turn]


def run_rounds(records: int, targets: list[Target], rounds: int = ROUNDS) -> list[dict]:
    """One row per store and round, each with its ratios to the baseline of its round."""
    rows = []
    for number in range(rounds):
        this_round = [{"records": records, "round": number + 1, "backend": target.backend, **journeys(target)}
                      for target in in_order(targets, number)]
        rows += with_ratios(this_round)
    return rows


def with_ratios(this_round: list[dict]) -> list[dict]:
    base = next(row for row in this_round if row["backend"] == BASELINE)
    for row in this_round:
        for ratio, figure in RATIOS.items():
            row[ratio] = (round(row[figure] / base[figure], 3)
                          if row.get(figure) is not None and base.get(figure) else None)
    return this_round


def journeys(target: Target) -> dict:
    """THREADS members send absence letters for ROUND_S seconds (bench.letter_load): journeys
    per second, the latency of the send (the durable write), and the CPU per journey."""
    roots = {"app": target.server.process.pid}
    if target.database_pid:
        roots["database"] = target.database_pid
    out = drive({"scenario": "submit_letter", "modules": ["bench.letter_load"], "port": target.server.port,
                 "threads": THREADS, "duration_s": ROUND_S, "warmup_s": WARMUP_S, "users": target.users,
                 "password": target.password, "cpu_roots": roots})
    row = {**summarise([ms for _, ms in out["samples"]], out["measured_s"]),
           "errors": len(out["errors"]), "acknowledged": len(out["acks"])}
    row |= cpu_per_journey(out["cpu_s"], row["count"], target)
    if out["errors"]:
        row["first_error"] = out["errors"][0]
        row["server_errors"] = target.server.error_lines()
    return row


def cpu_per_journey(cpu_s: dict, count: int, target: Target) -> dict:
    """Milliseconds of CPU per journey: the app's, the database server's (0 where the store
    works inside the app; None where its server is out of sight), and their sum."""
    def per(seconds):
        return None if seconds is None or not count else round(1000 * seconds / count, 2)
    app = per(cpu_s.get("app"))
    database = None if target.database_elsewhere else per(cpu_s.get("database", 0.0))
    return {"app_cpu_ms": app, "db_cpu_ms": database,
            "cpu_ms": None if app is None or database is None else round(app + database, 2)}


def key_of(row: dict) -> tuple:
    """A run's size, store and province ("bench": the bench's province; "room": the smaller
    one the file store runs on, bench/__main__.py)."""
    return row["records"], row["backend"], row.get("province", BENCH_PROVINCE)


def medians(rows: list[dict]) -> list[dict]:
    """Per province, size and store: the median of each figure and ratio over the rounds."""
    summary = []
    for key in dict.fromkeys(key_of(row) for row in rows):
        mine = [row for row in rows if key_of(row) == key]
        line = {"records": key[0], "backend": key[1], "province": key[2], "rounds": len(mine),
                "errors": sum(row["errors"] for row in mine)}
        for name in (*FIGURES, *RATIOS):
            values = [row[name] for row in mine if row.get(name) is not None]
            line[name] = round(statistics.median(values), 3) if values else None
        summary.append(line)
    return summary
