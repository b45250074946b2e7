"""The bench's rounds: each store's figure is divided by the baseline of its own round, the
order turns every round, and the CPU per journey is read from the servers' processes."""
from __future__ import annotations

import subprocess
import sys
import time

from bench import rounds
from bench.cpu import tree_seconds
from bench.server import gunicorn


def run(backend: str, number: int, rps: float, p95: float, cpu: float) -> dict:
    return {"records": 1000, "round": number, "backend": backend, "rps": rps, "p50_ms": p95 / 2, "p95_ms": p95,
            "app_cpu_ms": cpu, "db_cpu_ms": 0.0, "cpu_ms": cpu, "errors": 0}


def test_each_store_is_compared_with_the_baseline_of_its_own_round():
    # round 2 ran while the machine was busy: everything took twice as long there
    rows = []
    for number, slow in ((1, 1), (2, 2), (3, 1)):
        rows += rounds.with_ratios([run("baseline", number, 100 / slow, 50 * slow, 10 * slow),
                                    run("sqlite", number, 90 / slow, 60 * slow, 12 * slow)])
    [baseline, sqlite] = rounds.medians(rows)
    assert sqlite["rate_x_baseline"] == 0.9 and sqlite["p95_x_baseline"] == 1.2 and sqlite["cpu_x_baseline"] == 1.2
    assert sqlite["rounds"] == 3 and sqlite["rps"] == 90 and baseline["rate_x_baseline"] == 1.0
    assert [row["rate_x_baseline"] for row in rows if row["backend"] == "sqlite"] == [0.9, 0.9, 0.9]


def test_the_order_turns_so_each_store_runs_once_in_each_place():
    targets = ["baseline", "sqlite", "postgres"]
    orders = [rounds.in_order(targets, number) for number in range(3)]
    assert orders[0] == targets
    for place in range(3):
        assert sorted(order[place] for order in orders) == sorted(targets)


def test_a_finished_child_process_still_counts_in_its_parent_tree():
    burn = "import time\nt = time.process_time()\nwhile time.process_time() - t < 0.3: pass"
    parent = subprocess.Popen([sys.executable, "-c", f"import subprocess, sys, time\n"
                               f"subprocess.run([sys.executable, '-c', {burn!r}])\ntime.sleep(5)"])
    try:
        deadline = time.monotonic() + 10
        while tree_seconds(parent.pid) < 0.3 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert tree_seconds(parent.pid) >= 0.3   # the burning child's time, alive or reaped
    finally:
        parent.kill()
        parent.wait()


def test_a_round_measures_rate_latency_and_cpu_per_journey_of_the_server(tmp_path, monkeypatch):
    monkeypatch.setattr(rounds, "ROUND_S", 1.5)
    monkeypatch.setattr(rounds, "WARMUP_S", 0.5)
    env = {"BENCH_SQLITE_DB": str(tmp_path / "baseline.sqlite3")}
    with gunicorn("bench.baseline_journey:app", 2, tmp_path / "i", tmp_path, extra_env=env) as server:
        target = rounds.Target("baseline", server, ["nguoi-1", "nguoi-2"], "-")
        row = rounds.journeys(target)
    assert row["errors"] == 0 and row["count"] > 0 and row["rps"] > 0 and row["p95_ms"] > 0
    assert row["app_cpu_ms"] > 0 and row["db_cpu_ms"] == 0.0 and row["cpu_ms"] == row["app_cpu_ms"]


def test_the_rooms_province_is_summed_apart_and_judges_tinydb():
    """TinyDB runs on a smaller province against a baseline of its own rounds: its rows and that
    baseline's are not mixed with the bench province's at the same number of letters."""
    from bench.__main__ import journey_goals_met
    rows = rounds.with_ratios([run("baseline", 1, 100, 50, 10), run("sqlite", 1, 90, 60, 12)])
    room = rounds.with_ratios([run("baseline", 1, 50, 100, 20), run("tinydb", 1, 30, 200, 30)])
    for row in room:
        row["province"] = "room"
    summary = rounds.medians(rows + room)
    assert [(row["backend"], row["province"], row["rps"]) for row in summary] == [
        ("baseline", "bench", 100), ("sqlite", "bench", 90), ("baseline", "room", 50), ("tinydb", "room", 30)]
    met = journey_goals_met({"submit": summary, "read_pages": [], "tinydb_room": {"store_mb": 4.5}})
    assert met["tinydb at 1,000 letters on the room's province (4.5 MB): journey rate × baseline >= 0.5 (is 0.60)"]


def test_the_p50_growth_is_shown_beside_the_baseline_of_each_size():
    from bench.__main__ import journey_goals_met
    rows = rounds.with_ratios([run("baseline", 1, 100, 40, 10), run("sqlite", 1, 90, 60, 12)])
    large = rounds.with_ratios([run("baseline", 1, 80, 60, 10), run("sqlite", 1, 70, 90, 12)])
    for row in large:
        row["records"] = 1_000_000
    met = journey_goals_met({"submit": rounds.medians(rows + large), "read_pages": []})
    [label] = [label for label in met if "send p50" in label]
    assert label == ("sqlite at 1,000,000: send p50 / p50 at 1,000 <= 1.2 (is 1.50; p50×base 1.5 → 1.5, baseline "
                     "p50 20.0 → 30.0 ms)")
    assert met[label] is False
