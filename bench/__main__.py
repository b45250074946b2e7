"""`make bench`: the service under load, at scale, with faults and bad input.

Runs in this order, within a budget of BUDGET_S: handbook, documents, submissions and read
pages at 1 000 and at the largest number of stored letters the budget affords (1 000 000
is the goal; BENCH_SIZES=1000,100000 chooses other sizes), each size on BOTH backends with
the same generated province: the TinyDB folder as generated, and a PostgreSQL database
loaded from it with COPY (bench/postgres_load.py); then the baseline journey, the long
reliability runs, the long fuzzing. Writes bench/results.json and prints a table.
Everything runs on 127.0.0.1 and in temporary folders (PostgreSQL: a throw-away server
with production's durability settings, or SOTAY_BENCH_DATABASE_URL), and stops by itself.

`python -m bench baseline_journey` (or any other part's name) runs only those parts and
prints their figures without touching bench/results.json.
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

from .server import PROJECT_ROOT, gunicorn
from .stats import drive, percentile, summarise

RESULTS = Path(__file__).with_name("results.json")
BUDGET_S = 20 * 60
SIZES = [int(n) for n in os.environ.get("BENCH_SIZES", "1000,1000000").split(",")]
BACKENDS = ["tinydb", "postgres"]
BATCH_SIZES = [200, 2_000]  # comments in the year's ZIP
YEARS = 10                  # letters are spread over ten years of meetings
THREADS = 8                 # keep-alive clients: enough to keep two sync workers busy
SUBMIT_S, WARMUP_S, READ_S = 10, 2, 3
RESERVED_AFTER_SIZES_S = 270  # baseline journey + long reliability + long fuzzing
# At the largest size: journeys/s as a fraction of the baseline's, per backend; the send's p95
# on PostgreSQL as a multiple of the baseline's; p50 at the largest size over p50 at 1 000.
GOALS = {"rps_x_baseline": {"postgres": 0.8, "tinydb": 0.5}, "postgres_send_p95_x_baseline": 1.5,
         "p50_ratio_largest_to_1k": 1.2, "read_p95_ms": 50,
         "pdf_median_ms": 40, "batch_zip_s": {"200": 2, "2000": 15}, "worker_peak_rss_mb": 150}


class Bench:
    def __init__(self):
        self.started = time.monotonic()
        self.work = Path(tempfile.mkdtemp(prefix="sotay-bench-"))
        self.results: dict = {"run_at": datetime.now().isoformat(timespec="seconds"),
                              "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                                          "platform": platform.platform()},
                              "command": "make bench", "submit": [], "read_pages": [], "notes": [],
                              "goals": GOALS, "phases_s": {}, "load_average_at_start": load_average()}
        self.rss: list[float] = []
        self.cleanup = ExitStack()      # the PostgreSQL server, once started
        self._postgres: str | None = None

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
        from .lighthouse import measure_all
        self.results.update(measure_all())  # "lighthouse" and "offline_cache", measured on one server

    def documents(self) -> None:
        from .documents import render_medians
        self.results["render_ms_median"] = render_medians(50)

    def province(self) -> None:
        from .province import check_province, generate_province
        began = time.perf_counter()
        self.base = generate_province(self.work / "base" / "data", communes=60, cells_per_commune=20,
                                      workplaces=100, members=24_000, years=YEARS)
        check_province(self.base)
        self.results["province"] = {"communes": 60, "cells": len(self.base.cells), "workplaces": 100,
                                    "members": len(self.base.members), "accounts": len(self.base.members) + 1361,
                                    "years_of_meetings": YEARS, "generated_s": round(time.perf_counter() - began, 1)}

    def size(self, records: int) -> None:
        """One generated store of `records` letters, measured on each backend in turn: the
        PostgreSQL copy is loaded before the TinyDB run writes anything, so both start equal."""
        from .letters_gen import check_letters, generate_letters
        from .province import Province
        root = self.work / f"store-{records}" / "data"
        shutil.copytree(self.base.root, root)
        province = Province(**{**self.base.__dict__, "root": root})
        made = generate_letters(province, records, YEARS)
        check_letters(province)
        generation = {"records": records, "seconds": made["seconds"]}
        self.results.setdefault("generation", []).append(generation)
        pages = read_page_plan(province)
        with ExitStack() as cleanup:
            database = self.postgres_copy(cleanup, province, records, generation)
            for backend in BACKENDS:
                extra_env = {"SOTAY_DATABASE_URL": database} if backend == "postgres" else {}
                if backend == "postgres" and not database:
                    continue
                with gunicorn("forms_service.wsgi:app", 2, self.work / f"instance-{records}-{backend}", root,
                              extra_env=extra_env) as server:
                    self.submit(server, province, records, backend)
                    self.read_pages(server, province, records, backend, pages)
                    server.sample_memory()
                    self.rss += list(server.peak_rss.values())
        shutil.rmtree(root.parent, ignore_errors=True)

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
                except Exception as error:   # noted; the TinyDB rows are still measured
                    self.results["notes"].append(f"no PostgreSQL server for the bench: {error}")
        return self._postgres

    def postgres_copy(self, cleanup: ExitStack, province, records: int, generation: dict) -> str:
        """A new database on the bench's PostgreSQL server, loaded from the generated folder
        with COPY; its URL ("" when no server could be started)."""
        from tests.postgres_cluster import fresh_database
        from .postgres_load import load_folder
        if not self.postgres_server():
            return ""
        url = cleanup.enter_context(fresh_database(self.postgres_server()))
        loaded = load_folder(province.root, url)
        generation["postgres_load_s"] = loaded["seconds"]
        generation["postgres_rows"] = loaded["rows"]
        return url

    def submit(self, server, province, records: int, backend: str) -> None:
        cells_seen, users = set(), []
        for member in province.members:  # one member per cell: submissions spread over the province
            if member.residence_cell_id not in cells_seen:
                cells_seen.add(member.residence_cell_id)
                users.append(province.member_usernames[member.id])
            if len(users) == THREADS:
                break
        row = {"records": records, "backend": backend, **journeys(server, users, province.password)}
        self.results["submit"].append(row)

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
        from .province import generate_province
        outcome = {}
        for count in BATCH_SIZES:
            root = self.work / f"zip-{count}" / "data"
            # one workplace whose members live in 100 cells: all of them are asked for a comment
            province = generate_province(root, communes=5, cells_per_commune=20, workplaces=1, members=count)
            workplace = province.workplaces[0]
            row = {"seeded": seed_returned_comments(root, workplace, count), **keep_batch(root, "http://127.0.0.1")}
            with gunicorn("forms_service.wsgi:app", 2, self.work / f"zip-instance-{count}", root,
                          timeout_s=60) as server:
                row |= time_batch(server.port, province.officer_of[workplace], province.password)
                server.sample_memory()
                row["worker_peak_rss_mb"] = round(max(server.peak_rss.values()), 1)
            outcome[str(count)] = row
            shutil.rmtree(root.parent, ignore_errors=True)
        self.results["batch_zip"] = outcome

    def baseline_journey(self) -> None:
        """The same three requests, driven the same way, on a minimal Flask + sqlite app
        (bench/baseline_journey.py): what the journey costs without the product behind it."""
        folder = self.work / "baseline"
        folder.mkdir(parents=True, exist_ok=True)
        env = {"BENCH_SQLITE_DB": str(folder / "baseline.sqlite3")}
        with gunicorn("bench.baseline_journey:app", 2, folder, folder, extra_env=env) as server:
            row = journeys(server, [f"nguoi-{i}" for i in range(THREADS)], "-")
        self.results["baseline_journey"] = {k: row[k] for k in ("rps", "p50_ms", "p95_ms", "p99_ms", "count",
                                                                 "errors", "first_error") if k in row}

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
        """The journey and the read pages at each of SIZES stored letters, on both backends;
        a size the budget cannot afford is measured smaller (and said so in the notes)."""
        rate = None
        for records in SIZES:
            if not hasattr(self, "base"):
                break
            if rate is not None:
                needed = records * rate + 60 * len(BACKENDS)   # generate, load, then a minute per backend
                left = BUDGET_S - self.elapsed() - RESERVED_AFTER_SIZES_S
                if needed > left:
                    fits = int(max(left - 60, 0) / rate // 10_000 * 10_000)
                    self.results["notes"].append(
                        f"{records} records would need about {needed:.0f} s to generate at the measured "
                        f"{rate * 1e6:.0f} µs per record, more than the {left:.0f} s left in the budget; "
                        f"measured at {fits} records instead.")
                    if fits <= self.results["submit"][-1]["records"]:
                        break
                    records = fits
            self.phase(f"store_{records}", lambda r=records: self.size(r))
            gen = [g for g in self.results.get("generation", []) if g["records"] == records]
            if gen and records >= 10_000:
                rate = (gen[0]["seconds"] + gen[0].get("postgres_load_s", 0)) / records

    def run(self) -> dict:
        self.phase("handbook", self.handbook)
        self.phase("lighthouse", self.lighthouse)
        self.phase("documents", self.documents)
        self.phase("province", self.province)
        self.sizes()
        self.cleanup.close()     # the PostgreSQL server: no part after the sizes uses it
        self.phase("batch_zip", self.batch_zip)
        self.phase("baseline_journey", self.baseline_journey)
        self.phase("reliability", self.reliability)
        self.phase("fuzz", self.fuzz)
        self.results["worker_peak_rss_mb"] = round(max(self.rss), 1) if self.rss else None
        self.results["total_s"] = round(self.elapsed(), 1)
        self.results["load_average_at_end"] = load_average()
        self.results["goals_met"] = goals_met(self.results)
        shutil.rmtree(self.work, ignore_errors=True)
        return self.results


def read_page_plan(province) -> dict:
    """The pages timed at each size: the busiest lists of the generated province, as
    (username, path) per page name; read from the TinyDB folder before any run writes."""
    from datetime import date
    from forms_service.storage import open_store
    repos = open_store(province.root)
    workplace = max(province.workplaces, key=lambda w: sum(1 for m in province.members if m.workplace_id == w))
    cell = max(province.cells[:60], key=lambda c: len(repos.letters.waiting_for_cell(c)))
    commune = repos.units.structure().commune_of(cell)
    member = next(m for m in province.members if m.residence_cell_id == cell)
    return {
        "workplace_waiting_list": (province.officer_of[workplace], "/dich-vu/duyet-don-vang/noi-cong-tac/"),
        "cell_waiting_list": (province.secretary_of[cell], "/dich-vu/duyet-don-vang/chi-bo/"),
        "cell_register": (province.secretary_of[cell], "/dich-vu/so-theo-doi/"),
        "oversight_commune": (province.commune_officer_of[commune], "/dich-vu/giam-sat/"),
        "oversight_province": ("quantri", f"/dich-vu/giam-sat/?nam={date.today().year}"),
        "member_letters": (province.member_usernames[member.id], "/dich-vu/don-xin-vang/"),
    }


def journeys(server, users: list[str], password: str) -> dict:
    """THREADS members send absence letters for SUBMIT_S seconds (bench.letter_load): journeys
    per second and the latency of the send, the durable write."""
    out = drive({"scenario": "submit_letter", "modules": ["bench.letter_load"], "port": server.port,
                 "threads": THREADS, "duration_s": SUBMIT_S, "warmup_s": WARMUP_S, "users": users,
                 "password": password})
    row = {**summarise([ms for _, ms in out["samples"]], out["measured_s"]),
           "errors": len(out["errors"]), "acknowledged": len(out["acks"])}
    if out["errors"]:
        row["first_error"] = out["errors"][0]
        row["server_errors"] = server.error_lines()
    return row


def load_average() -> str:
    """The machine is shared: other work running at the same time slows every figure."""
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "unknown"


def goals_met(r: dict) -> dict:
    met = {}
    for backend in BACKENDS:
        met |= journey_goals_met(r, backend)
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


def journey_goals_met(r: dict, backend: str) -> dict:
    """The journey's goals on one backend, at the largest size measured, against the baseline
    measured in the same run."""
    submit = {row["records"]: row for row in r["submit"] if row.get("backend") == backend}
    if not submit:
        return {}
    met = {}
    biggest, smallest = max(submit), min(submit)
    top, base = submit[biggest], r.get("baseline_journey") or {}
    if base.get("rps"):
        goal, ratio = GOALS["rps_x_baseline"][backend], (top["rps"] or 0) / base["rps"]
        met[f"{backend}_rate_>={goal}x_baseline_at_{biggest} (is {ratio:.2f})"] = ratio >= goal
    if backend == "postgres" and base.get("p95_ms") and top["p95_ms"] is not None:
        goal, ratio = GOALS["postgres_send_p95_x_baseline"], top["p95_ms"] / base["p95_ms"]
        met[f"postgres_send_p95_<={goal}x_baseline_at_{biggest} (is {ratio:.2f})"] = ratio <= goal
    if biggest != smallest and submit[smallest]["p50_ms"] and top["p50_ms"] is not None:
        goal, ratio = GOALS["p50_ratio_largest_to_1k"], top["p50_ms"] / submit[smallest]["p50_ms"]
        met[f"{backend}_p50_{biggest}/p50_{smallest}_<={goal} (is {ratio:.2f})"] = ratio <= goal
    reads = [row for row in r["read_pages"]
             if row["records"] == biggest and row.get("backend") == backend and row["p95_ms"] is not None]
    met[f"{backend}_read_p95_<={GOALS['read_p95_ms']}ms_at_{biggest}"] = bool(reads) and all(
        row["p95_ms"] <= GOALS["read_p95_ms"] for row in reads)
    return met


def cell(value, width: int) -> str:
    return f"{'–' if value is None else value:>{width}}"


def table(r: dict) -> str:
    lines = ["", "Sổ tay 213 – make bench", "=" * 72,
             f"{'stored letters':>15} {'backend':>9} {'sent/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} "
             f"{'errors':>7}"]
    for row in r["submit"]:
        lines.append(f"{row['records']:>15,} {row['backend']:>9} {cell(row['rps'], 8)} {cell(row['p50_ms'], 8)} "
                     f"{cell(row['p95_ms'], 8)} {cell(row['p99_ms'], 8)} {cell(row['errors'], 7)}")
    if "baseline_journey" in r:
        b = r["baseline_journey"]
        lines.append(f"{'baseline':>15} {'sqlite':>9} {cell(b['rps'], 8)} {cell(b['p50_ms'], 8)} {cell(b['p95_ms'], 8)} "
                     f"{cell(b.get('p99_ms'), 8)} {cell(b.get('errors'), 7)}   (same journey, minimal Flask + sqlite)")
        if b["rps"]:
            lines.append("journey rate × baseline: " + ", ".join(
                f"{row['records']:,} {row['backend']} {row['rps'] / b['rps']:.2f}" for row in r["submit"] if row["rps"]))
    runs = [(row["records"], row["backend"]) for row in r["submit"]]
    lines += ["", f"{'read page':<24} " + " ".join(f"{f'{n:,} {b[:2]}':>12}" for n, b in runs)
              + "   (p95 ms; ti = TinyDB, po = PostgreSQL)"]
    for page in dict.fromkeys(row["page"] for row in r["read_pages"]):
        values = {(row["records"], row.get("backend")): row["p95_ms"] for row in r["read_pages"] if row["page"] == page}
        lines.append(f"{page:<24} " + " ".join(cell(values.get(run), 12) for run in runs))
    lines += ["", "render median ms (50 warm): " + ", ".join(f"{k} {v}" for k, v in r.get("render_ms_median", {}).items()),
              "ZIP of comments (kept copies streamed): " + ", ".join(
                  f"{count}: {row.get('seconds')} s, {row.get('zip_bytes')} B, worker peak {row.get('worker_peak_rss_mb')} MB "
                  f"(render beforehand {row.get('render_s')} s)" for count, row in r.get("batch_zip", {}).items()),
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
    for name, outcome in r.get("reliability", {}).items():
        lines.append(f"reliability {name}: acknowledged {outcome.get('acknowledged')}, missing {outcome.get('missing')}, "
                     f"duplicated {outcome.get('duplicated')}, broken files {outcome.get('broken_files')}, "
                     f"index problems {outcome.get('index_problems')}")
    if "fuzz" in r:
        lines.append(f"fuzz: {r['fuzz']['summary']} ({r['fuzz']['examples_per_form']} cases per form)")
    lines.append("goals: " + ", ".join(f"{k}: {'met' if v else 'NOT met'}" for k, v in r.get("goals_met", {}).items()))
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
        print(json.dumps({k: bench.results[k] for k in (*parts, "notes", "phases_s", "load_average_at_start")
                          if k in bench.results} | {"load_average_at_end": load_average()},
                         ensure_ascii=False, indent=2))
        if "sizes" in parts:   # `python -m bench province sizes baseline_journey`: the journey's rows and table
            bench.results["load_average_at_end"] = load_average()
            bench.results["goals_met"] = goals_met(bench.results)
            print(json.dumps({k: bench.results.get(k) for k in ("submit", "read_pages", "generation", "goals_met")},
                             ensure_ascii=False, indent=2))
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
