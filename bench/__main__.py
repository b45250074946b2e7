"""`make bench`: the service under load, at scale, within BUDGET_S (15 minutes).

Runs in this order: handbook, Lighthouse and the offline cache, documents, then at each
size (1 000 and 1 000 000 stored letters; BENCH_SIZES=1000,100000 chooses others) the
journey in rounds that alternate the baseline, SQLite and PostgreSQL (bench/rounds.py) and,
at the largest size, every read page on each SQL store. The province is generated once per
size into a SQLite store (bench/province.py, bench/letters_gen.py), PostgreSQL is loaded
from it with COPY (bench/postgres_load.py), before any run writes. TinyDB, the file store of
the demo and the training rooms (10 MB at most), runs on a smaller province of that size
(ROOM_PROVINCE, copied from SQLite with `copy_store`), against the baseline of its own rounds. Writes bench/results.json and prints the rounds and the goals of issue 17.
Everything runs on 127.0.0.1 and in temporary folders (PostgreSQL: a throw-away server
with production's durability settings, or SOTAY_BENCH_DATABASE_URL), and stops by itself.

`python -m bench sizes` (or any other part's name: batch_zip, reliability, fuzz, which
`make bench` no longer runs) runs only those parts and prints their figures without
touching bench/results.json.
"""
from __future__ import annotations

import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
from contextlib import ExitStack
from datetime import datetime
from pathlib import Path

from .rounds import BASELINE, ROUND_S, ROUNDS, THREADS, Target, medians, run_rounds
from .server import PROJECT_ROOT, gunicorn
from .stats import drive, percentile

RESULTS = Path(__file__).with_name("results.json")
BUDGET_S = 15 * 60
SIZES = sorted(int(n) for n in os.environ.get("BENCH_SIZES", "1000,1000000").split(","))
# TinyDB's province: the bench's generator with a tenth of its members and a twelfth of its cells, the
# province of bench/tinydb_ceiling.py with ten years of meetings: about 4 MB with its letters, within
# the file store's 10 MB (the bench's province alone is 27.5 MB of records: bench/README.md).
ROOM_PROVINCE = {"communes": 10, "cells_per_commune": 10, "workplaces": 40, "members": 3_000, "years": 10}
TINYDB_LETTERS = int(os.environ.get("TINYDB_LETTERS", "1000"))
ROOM = "room"
SQL_BACKENDS = ["sqlite", "postgres"]
BATCH_SIZES = [200, 2_000]  # comments in the year's ZIP
DOCUMENT_RENDERS = 20       # warm renders of each document, for the median
YEARS = 10                  # letters are spread over ten years of meetings
PROVINCE = {"communes": 60, "cells_per_commune": 20, "workplaces": 100, "members": 24_000, "years": YEARS}
READ_S = 3                  # seconds of each read page, one client
# Issue 17's goals, at the largest size, as medians over the rounds: journey rate and CPU per
# journey (app + database) and the send's p95 as multiples of the baseline's of the same round;
# p50 at the largest size over p50 at the smallest; every read page's p95 (one client); TinyDB's
# rate at the smallest size.
GOALS = {"rate_x_baseline": 0.8, "cpu_x_baseline": 1.5, "p95_x_baseline": 1.5, "p50_ratio_largest_to_smallest": 1.2,
         "read_p95_ms": 50, "tinydb_rate_x_baseline_smallest": 0.5,
         "pdf_median_ms": 40, "batch_zip_s": {"200": 2, "2000": 15}, "worker_peak_rss_mb": 150}


class Bench:
    def __init__(self):
        self.started = time.monotonic()
        self.work = Path(tempfile.mkdtemp(prefix="sotay-bench-"))
        self.results: dict = {"run_at": datetime.now().isoformat(timespec="seconds"),
                              "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                                          "platform": platform.platform()},
                              "command": "make bench", "rounds": [], "submit": [], "read_pages": [], "notes": [],
                              "generation": [], "rounds_per_size": ROUNDS, "round_s": ROUND_S,
                              "goals": GOALS, "phases_s": {}, "load_average_at_start": load_average()}
        self.rss: list[float] = []
        self.cleanup = ExitStack()      # the PostgreSQL server, once started
        self._postgres: str | None = None
        self._postgres_pid: int | None = None

    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def phase(self, name: str, run) -> None:
        """Run one part; a failure is written down and the bench goes on."""
        began = time.monotonic()
        print(f"[bench {self.elapsed():5.0f}s] {name}…", flush=True)
        try:
            run()
        except Exception as error:
            self.results["notes"].append(f"{name} failed: {error!r}")
            traceback.print_exc()
        self.results["phases_s"][name] = round(time.monotonic() - began, 1)

    # --- parts ---------------------------------------------------------------------

    def handbook(self) -> None:
        from .documents import handbook
        self.results["handbook"] = handbook()

    def lighthouse(self) -> None:
        """One Lighthouse run per page (each takes half a minute or more on the shared machine;
        `python -m bench.lighthouse` gives the median of three)."""
        from .lighthouse import measure_all
        self.results.update(measure_all(runs=1))  # "lighthouse" and "offline_cache", measured on one server
        self.results["lighthouse_runs_per_page"] = 1

    def documents(self) -> None:
        """20 warm renders of each document (50 took 100 s of the budget on the shared machine)."""
        from .documents import render_medians
        self.results["render_ms_median"] = render_medians(DOCUMENT_RENDERS)
        self.results["document_renders"] = DOCUMENT_RENDERS

    def province(self) -> None:
        """The province's shape; it is generated anew at each size (a few seconds)."""
        self.results["province"] = {**PROVINCE, "cells": PROVINCE["communes"] * PROVINCE["cells_per_commune"],
                                    "accounts": PROVINCE["members"] + 1361}

    def size(self, records: int) -> None:
        """One generated store of `records` letters, copied to the other stores before any run
        writes, then the journey in rounds on every store (and the read pages at the largest size)."""
        from .letters_gen import check_letters, generate_letters
        from .province import check_province, generate_province, sqlite_url
        folder = self.work / f"store-{records}"
        folder.mkdir(parents=True)
        began = time.perf_counter()
        province = generate_province(sqlite_url(folder / "store.db"), **PROVINCE)
        check_province(province)
        generation = {"records": records, "province_s": round(time.perf_counter() - began, 1)}
        made = generate_letters(province, records, YEARS)
        check_letters(province, made)
        generation["letters_s"] = made["seconds"]
        self.results["generation"].append(generation)
        backends = SQL_BACKENDS
        with ExitStack() as stack:
            stores = {"sqlite": province.url}
            if "postgres" in backends:
                stores["postgres"] = self.postgres_copy(stack, province, generation)
            pages = read_page_plan(province) if records == SIZES[-1] else {}
            targets = [self.baseline_target(stack, folder)]
            for backend in backends:
                if stores.get(backend):
                    targets.append(self.store_target(stack, backend, stores[backend], folder, province))
            self.results["rounds"] += run_rounds(records, targets)
            for target in targets:
                if target.backend in SQL_BACKENDS:
                    self.read_pages(target.server, province, records, target.backend, pages)
                target.server.sample_memory()
                self.rss += list(target.server.peak_rss.values())
        self.results["submit"] = medians(self.results["rounds"])
        shutil.rmtree(folder, ignore_errors=True)

    def tinydb_room(self) -> None:
        """TinyDB on a province of the size it is for (ROOM_PROVINCE and TINYDB_LETTERS letters,
        copied from SQLite with `copy_store`), in rounds against the baseline: its rate, and its
        workers' peak memory on that store."""
        from forms_service.storage import copy_store
        from .letters_gen import check_letters, generate_letters
        from .province import check_province, generate_province, sqlite_url
        folder = self.work / "room"
        folder.mkdir(parents=True)
        began = time.perf_counter()
        province = generate_province(sqlite_url(folder / "store.db"), **ROOM_PROVINCE)
        check_province(province)
        made = generate_letters(province, TINYDB_LETTERS, ROOM_PROVINCE["years"])
        check_letters(province, made)
        copy_store(province.url, folder / "tinydb")
        room = {**ROOM_PROVINCE, "cells": ROOM_PROVINCE["communes"] * ROOM_PROVINCE["cells_per_commune"],
                "letters": TINYDB_LETTERS, "made_s": round(time.perf_counter() - began, 1),
                "store_mb": round(sum(f.stat().st_size for f in (folder / "tinydb").rglob("*") if f.is_file())
                                  / 1024 / 1024, 1)}
        with ExitStack() as stack:
            targets = [self.baseline_target(stack, folder),
                       self.store_target(stack, "tinydb", folder / "tinydb", folder, province)]
            rows = run_rounds(TINYDB_LETTERS, targets)
            for row in rows:
                row["province"] = ROOM
            self.results["rounds"] += rows
            tinydb = targets[1].server
            tinydb.sample_memory()
            room["worker_peak_rss_mb"] = round(max(tinydb.peak_rss.values()), 1) if tinydb.peak_rss else None
            self.rss += list(tinydb.peak_rss.values())
        self.results["tinydb_room"] = room
        self.results["submit"] = medians(self.results["rounds"])
        shutil.rmtree(folder, ignore_errors=True)

    def baseline_target(self, stack: ExitStack, folder: Path) -> Target:
        """The same three requests, driven the same way, on a minimal Flask + sqlite app
        (bench/baseline_journey.py): what the journey costs without the product behind it."""
        env = {"BENCH_SQLITE_DB": str(folder / "baseline.sqlite3")}
        server = stack.enter_context(gunicorn("bench.baseline_journey:app", 2, folder / "baseline", folder,
                                              extra_env=env))
        return Target(BASELINE, server, [f"nguoi-{i}" for i in range(THREADS)], "-")

    def store_target(self, stack: ExitStack, backend: str, store, folder: Path, province) -> Target:
        server = stack.enter_context(gunicorn("forms_service.wsgi:app", 2, folder / f"instance-{backend}", store))
        postgres = backend == "postgres"
        return Target(backend, server, journey_users(province), province.password,
                      database_pid=self._postgres_pid if postgres else None,
                      database_elsewhere=postgres and not self._postgres_pid)

    def postgres_server(self) -> str:
        """The bench's PostgreSQL server, started at first use with production's durability
        (every commit flushed), stopped at the end; SOTAY_BENCH_DATABASE_URL names another."""
        if self._postgres is None:
            from tests.postgres_cluster import DURABLE, Cluster, server_binaries
            self._postgres = os.environ.get("SOTAY_BENCH_DATABASE_URL", "")
            if not self._postgres:
                try:
                    cluster = Cluster(server_binaries(), DURABLE)
                    self.cleanup.callback(cluster.stop)
                    cluster.start()
                    self._postgres = cluster.url
                    self._postgres_pid = int((cluster.data / "postmaster.pid").read_text().split()[0])
                except Exception as error:   # noted; the TinyDB rows are still measured
                    self.results["notes"].append(f"no PostgreSQL server for the bench: {error}")
        return self._postgres

    def postgres_copy(self, stack: ExitStack, province, generation: dict) -> str:
        """A new database on the bench's PostgreSQL server, loaded from the generated store
        with COPY; its URL ("" when no server could be started)."""
        from tests.postgres_cluster import fresh_database
        from .postgres_load import load_store
        if not self.postgres_server():
            return ""
        url = stack.enter_context(fresh_database(self.postgres_server()))
        loaded = load_store(province.url, url)
        generation["postgres_load_s"] = loaded["seconds"]
        generation["postgres_rows"] = loaded["rows"]
        return url

    def read_pages(self, server, province, records: int, backend: str, pages: dict) -> None:
        # One page at a time, one client: each page's own time, not its wait behind the others.
        for name, (user, path) in pages.items():
            out = drive({"scenario": "read_pages", "port": server.port, "threads": 1, "duration_s": READ_S,
                         "warmup_s": 0.5, "password": province.password, "users": [[user, [path]]]})
            latencies = [ms for _, ms in out["samples"]]
            self.results["read_pages"].append({"page": name, "path": path, "records": records, "backend": backend,
                                               "p95_ms": percentile(latencies, 95),
                                               "p50_ms": percentile(latencies, 50), "count": len(latencies)})
            if out["errors"]:
                self.results["notes"].append(f"read {name} at {records} on {backend}: {out['errors'][:2]} "
                                             f"server: {server.error_lines()}")

    def batch_zip(self) -> None:
        """The year's ZIP of 200 and of 2 000 returned comments, streamed from kept copies
        (made beforehand by the `render` command, timed apart), and the worker's peak memory."""
        from .comments_batch import keep_batch, seed_returned_comments, time_batch
        from .province import generate_province, sqlite_url
        outcome = {}
        for count in BATCH_SIZES:
            folder = self.work / f"zip-{count}"
            folder.mkdir(parents=True)
            store = sqlite_url(folder / "store.db")
            # one workplace whose members live in 100 cells: all of them are asked for a comment
            province = generate_province(store, communes=5, cells_per_commune=20, workplaces=1, members=count)
            workplace = province.workplaces[0]
            row = {"seeded": seed_returned_comments(store, workplace, count), **keep_batch(store, "http://127.0.0.1")}
            with gunicorn("forms_service.wsgi:app", 2, folder / "instance", store, timeout_s=60) as server:
                row |= time_batch(server.port, province.officer_of[workplace], province.password)
                server.sample_memory()
                row["worker_peak_rss_mb"] = round(max(server.peak_rss.values()), 1)
            outcome[str(count)] = row
            shutil.rmtree(folder, ignore_errors=True)
        self.results["batch_zip"] = outcome

    def reliability(self) -> None:
        from forms_service.demo import load_demo
        from forms_service.storage import open_store
        from .letter_load import LetterWorkload
        from .reliability import backup_under_load, concurrent_clients, killed_workers
        demo = self.work / "demo" / "data"
        load_demo(open_store(demo))
        password = json.loads((PROJECT_ROOT / "data/org/demo-province.json").read_text())["demo_password"]
        workload = LetterWorkload(["dangvien", "dangvien2"], password)
        runs = {}
        for name, run in (("concurrent_12_clients_3_workers", lambda d, w: concurrent_clients(
                              workload, d, w / "i", workers=3, threads=12, duration_s=15)),
                          ("sigkill_6_times", lambda d, w: killed_workers(
                              workload, d, w / "i", workers=2, threads=8, duration_s=18, kills=6)),
                          ("backup_under_load", lambda d, w: backup_under_load(
                              workload, d, w / "i", w, threads=8, duration_s=10))):
            where = self.work / f"rel-{name}"
            shutil.copytree(demo, where / "data")
            outcome = run(where / "data", where)
            outcome["errors"] = outcome.get("errors", [])[:3]
            outcome["index_problems"] = len(outcome.get("index_problems", []))
            outcome["broken_files"] = len(outcome.get("broken_files", []))
            runs[name] = outcome
            if not outcome.get("acknowledged"):
                self.results["notes"].append(f"reliability {name}: no letter was acknowledged, so it proves "
                                             f"nothing this time: {outcome['errors']}")
            shutil.rmtree(where, ignore_errors=True)
        self.results["reliability"] = runs

    def fuzz(self) -> None:
        began = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                               "tests/security/test_fuzz_forms.py"], cwd=PROJECT_ROOT, capture_output=True,
                              text=True, env={**os.environ, "SOTAY_FUZZ_PROFILE": "sotay-bench"}, timeout=600)
        last = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else done.stderr[-300:]
        import tests.security.test_fuzz_forms as fuzz_module  # registers the profiles
        per_form = fuzz_module.settings.get_profile("sotay-bench").max_examples
        self.results["fuzz"] = {"passed": done.returncode == 0, "summary": last, "examples_per_form": per_form,
                                "seconds": round(time.perf_counter() - began, 1)}
        if done.returncode != 0:
            self.results["fuzz"]["failures"] = done.stdout[-3000:]

    # --- the run -------------------------------------------------------------------

    def sizes(self) -> None:
        """TinyDB on its province, then the journey in rounds at each of SIZES stored letters."""
        self.phase("tinydb_room", self.tinydb_room)
        self.postgres_server()
        for records in SIZES:
            self.phase(f"store_{records}", lambda r=records: self.size(r))
        self.cleanup.close()     # the PostgreSQL server: no part after the sizes uses it

    def run(self) -> dict:
        """What issue 17 asks of `make bench` within BUDGET_S; the ZIP of comments (about 17
        minutes alone), the long reliability runs and the long fuzzing are run by name."""
        self.phase("handbook", self.handbook)
        self.phase("lighthouse", self.lighthouse)
        self.phase("documents", self.documents)
        self.phase("province", self.province)
        self.sizes()
        self.results["worker_peak_rss_mb"] = round(max(self.rss), 1) if self.rss else None
        self.results["total_s"] = round(self.elapsed(), 1)
        if self.elapsed() > BUDGET_S:
            self.results["notes"].append(f"took {self.elapsed():.0f} s, more than the budget of {BUDGET_S} s")
        self.results["load_average_at_end"] = load_average()
        self.results["goals_met"] = goals_met(self.results)
        shutil.rmtree(self.work, ignore_errors=True)
        return self.results


def journey_users(province) -> list[str]:
    """One member per cell, THREADS of them: the letters spread over the province."""
    cells_seen, users = set(), []
    for member in province.members:
        if member.residence_cell_id not in cells_seen:
            cells_seen.add(member.residence_cell_id)
            users.append(province.member_usernames[member.id])
        if len(users) == THREADS:
            break
    return users


def read_page_plan(province) -> dict:
    """The pages timed at each size: the busiest lists of the generated province, as
    (username, path) per page name; read from the generated store before any run writes."""
    from datetime import date
    from forms_service.storage import open_store
    repos = open_store(province.url)
    workplace = max(province.workplaces, key=lambda w: sum(1 for m in province.members if m.workplace_id == w))
    cell = max(province.cells[:60], key=lambda c: len(repos.letters.waiting_for_cell(c)))
    commune = repos.units.structure().commune_of(cell)
    member = next(m for m in province.members if m.residence_cell_id == cell)
    repos.close()
    return {
        "workplace_waiting_list": (province.officer_of[workplace], "/dich-vu/duyet-don-vang/noi-cong-tac/"),
        "cell_waiting_list": (province.secretary_of[cell], "/dich-vu/duyet-don-vang/chi-bo/"),
        "cell_register": (province.secretary_of[cell], "/dich-vu/so-theo-doi/"),
        "oversight_commune": (province.commune_officer_of[commune], "/dich-vu/giam-sat/"),
        "oversight_province": ("quantri", f"/dich-vu/giam-sat/?nam={date.today().year}"),
        "member_letters": (province.member_usernames[member.id], "/dich-vu/don-xin-vang/"),
    }


def load_average() -> str:
    """The machine is shared: other work running at the same time slows every figure."""
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "unknown"


def goals_met(r: dict) -> dict:
    met = journey_goals_met(r)
    pdfs = {k: v for k, v in r.get("render_ms_median", {}).items() if k.endswith("_pdf")}
    if pdfs:
        met["pdf_median_<=40ms"] = all(v <= GOALS["pdf_median_ms"] for v in pdfs.values())
    for count, row in r.get("batch_zip", {}).items():
        if row.get("seconds") is not None:
            met[f"batch_{count}_<={GOALS['batch_zip_s'][count]}s"] = row["seconds"] <= GOALS["batch_zip_s"][count]
    if r.get("worker_peak_rss_mb") is not None:
        met["worker_<=150MB"] = r["worker_peak_rss_mb"] <= GOALS["worker_peak_rss_mb"]
    for page, outcome in r.get("lighthouse", {}).items():
        met[f"lighthouse_{page}_>=95_every_category"] = outcome["goal_met"]
    if r.get("offline_cache"):
        met["offline_cache_<=5MB"] = r["offline_cache"]["goal_met"]
    return met


def journey_goals_met(r: dict) -> dict:
    """Issue 17's goals from the medians over the rounds (r["submit"]): each SQL store at the
    largest size measured, TinyDB on its province (ROOM_PROVINCE)."""
    met = {}
    summary = {(row["records"], row["backend"]): row for row in r["submit"] if row.get("province", "bench") != ROOM}
    room = {row["backend"]: row for row in r["submit"] if row.get("province") == ROOM}

    def goal(name: str, value, limit: float, at_most: bool, beside: str = "") -> None:
        if value is not None:
            met[f"{name} {'<=' if at_most else '>='} {limit} (is {value:.2f}{beside})"] = (
                value <= limit if at_most else value >= limit)
        else:
            met[f"{name} (not measured)"] = False
    for backend in SQL_BACKENDS:
        sizes = sorted(records for records, b in summary if b == backend)
        if not sizes:
            continue
        top, smallest = summary[(sizes[-1], backend)], summary[(sizes[0], backend)]
        at = f"{backend} at {sizes[-1]:,}:"
        goal(f"{at} journey rate × baseline", top["rate_x_baseline"], GOALS["rate_x_baseline"], False)
        goal(f"{at} CPU per journey × baseline", top["cpu_x_baseline"], GOALS["cpu_x_baseline"], True)
        goal(f"{at} send p95 × baseline", top["p95_x_baseline"], GOALS["p95_x_baseline"], True)
        if len(sizes) > 1:
            # The goal compares raw latencies measured minutes apart; beside it, the same growth of the
            # p50 as a multiple of its own round's baseline, which the machine's other work moves less.
            ratio = top["p50_ms"] / smallest["p50_ms"] if top["p50_ms"] and smallest["p50_ms"] else None
            against = (f"; p50×base {smallest.get('p50_x_baseline')} → {top.get('p50_x_baseline')}, baseline p50 "
                       f"{summary.get((sizes[0], BASELINE), {}).get('p50_ms')} → "
                       f"{summary.get((sizes[-1], BASELINE), {}).get('p50_ms')} ms")
            goal(f"{at} send p50 / p50 at {sizes[0]:,}", ratio, GOALS["p50_ratio_largest_to_smallest"], True, against)
        reads = [row["p95_ms"] for row in r["read_pages"] if (row["records"], row["backend"]) == (sizes[-1], backend)]
        goal(f"{at} slowest read page p95 ms", max(reads) if reads and None not in reads else None,
             GOALS["read_p95_ms"], True)
    if "tinydb" in room:
        size_mb = r.get("tinydb_room", {}).get("store_mb")
        goal(f"tinydb at {room['tinydb']['records']:,} letters on the room's province ({size_mb} MB): "
             "journey rate × baseline", room["tinydb"]["rate_x_baseline"], GOALS["tinydb_rate_x_baseline_smallest"],
             False)
    return met


def cell(value, width: int) -> str:
    return f"{'–' if value is None else value:>{width}}"


JOURNEY_HEADER = (f"{'letters':>10} {'store':>9} {'sent/s':>7} {'×base':>6} {'p50 ms':>7} {'p95 ms':>7} "
                  f"{'p95×base':>8} {'CPU ms/journey app':>18} {'db':>6} {'×base':>6} {'errors':>6}")


def journey_line(row: dict, label: str) -> str:
    label += " (room's province)" if row.get("province") == ROOM else ""
    return (f"{row['records']:>10,} {row['backend']:>9} {cell(row['rps'], 7)} {cell(row['rate_x_baseline'], 6)} "
            f"{cell(row['p50_ms'], 7)} {cell(row['p95_ms'], 7)} {cell(row['p95_x_baseline'], 8)} "
            f"{cell(row['app_cpu_ms'], 18)} {cell(row['db_cpu_ms'], 6)} {cell(row['cpu_x_baseline'], 6)} "
            f"{cell(row['errors'], 6)} {label}")


def table(r: dict) -> str:
    lines = ["", "Sổ tay 213 – make bench", "=" * 110,
             f"The letter journey in rounds ({r.get('rounds_per_size')} per size, {r.get('round_s')} s each; "
             "×base: divided by the baseline's of the same round)", JOURNEY_HEADER]
    lines += [journey_line(row, f"round {row['round']}") for row in r["rounds"]]
    lines += ["", "Medians over the rounds", JOURNEY_HEADER]
    lines += [journey_line(row, f"{row['rounds']} rounds") for row in r["submit"]]
    for g in r.get("generation", []):
        lines.append(f"generated {g['records']:,} letters: province {g.get('province_s')} s, letters "
                     f"{g.get('letters_s')} s (SQLite), PostgreSQL COPY {g.get('postgres_load_s', '–')} s")
    if r.get("tinydb_room"):
        lines.append("TinyDB's province (the room): " + ", ".join(f"{k} {v}" for k, v in r["tinydb_room"].items()))
    runs = list(dict.fromkeys((row["records"], row["backend"]) for row in r["read_pages"]))
    if runs:
        lines += ["", f"{'read page (p95 ms, one client)':<32} " + " ".join(f"{f'{n:,} {b}':>18}" for n, b in runs)]
        for page in dict.fromkeys(row["page"] for row in r["read_pages"]):
            values = {(row["records"], row["backend"]): row["p95_ms"] for row in r["read_pages"] if row["page"] == page}
            lines.append(f"{page:<32} " + " ".join(cell(values.get(run), 18) for run in runs))
    lines += ["", f"render median ms ({r.get('document_renders')} warm): " + ", ".join(f"{k} {v}" for k, v in r.get("render_ms_median", {}).items()),
              f"worker peak RSS: {r.get('worker_peak_rss_mb')} MB",
              f"handbook: {r.get('handbook', {}).get('build_s')} s build, home page "
              f"{r.get('handbook', {}).get('home_bytes')} B ({r.get('handbook', {}).get('home_gzip_bytes')} B gzip)"]
    for page, outcome in r.get("lighthouse", {}).items():
        lines.append(f"lighthouse (mobile, slow 4G) {page}: "
                     + ", ".join(f"{k} {v}" for k, v in outcome["scores"].items())
                     + f"; LCP {outcome['figures'].get('largest-contentful-paint')}, "
                       f"TBT {outcome['figures'].get('total-blocking-time')}")
    if r.get("offline_cache"):
        lines.append(f"offline cache of the handbook: {r['offline_cache']['bytes']} B in "
                     f"{r['offline_cache']['files']} files (goal <= {r['offline_cache']['goal_bytes']} B)")
    lines += ["", "Goals (issue 17):"] + [f"  {'met    ' if v else 'NOT met'}  {k}"
                                         for k, v in r.get("goals_met", {}).items()]
    lines += [f"note: {n}" for n in r["notes"]]
    lines.append(f"load average (1/5/15 min) at start {r.get('load_average_at_start')}, at end "
                 f"{r.get('load_average_at_end')} on {r['machine']['cpus']} cores")
    lines.append(f"total {r.get('total_s')} s; results in {RESULTS.relative_to(PROJECT_ROOT)}")
    return "\n".join(lines)


def main(parts: list[str]) -> int:
    bench = Bench()
    if parts:  # only these parts, e.g. `python -m bench baseline_journey`; results.json is left alone
        with bench.cleanup:
            for name in parts:
                bench.phase(name, getattr(bench, name))
        shutil.rmtree(bench.work, ignore_errors=True)
        if "sizes" not in parts:
            print(json.dumps({k: bench.results[k] for k in (*parts, "submit", "notes", "phases_s", "load_average_at_start")
                              if k in bench.results} | {"load_average_at_end": load_average()},
                             ensure_ascii=False, indent=2))
        if "sizes" in parts:   # `python -m bench sizes`: the journey's rounds and the table
            bench.results["load_average_at_end"] = load_average()
            bench.results["goals_met"] = goals_met(bench.results)
            print(table(bench.results))
        failed = bench.results["notes"] or any(isinstance(bench.results.get(p), dict) and bench.results[p].get("errors")
                                               for p in parts)
        return 1 if failed else 0
    results = bench.run()
    RESULTS.write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
    print(table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
