"""Lighthouse 12.2.3 (mobile profile, simulated slow 4G, Debian's Chromium) against the
service started as `make run` starts it, on the handbook's home, a long handbook page and the public
letter form: three runs each, the median of each category. Beside it, on the same server, the size of
the handbook's offline cache (bench/offline_cache.py).

Run alone: `.venv/bin/python -m bench.lighthouse` (after `make bench` installed Lighthouse
into .tools/)."""
from __future__ import annotations

import json
import os
import statistics
import urllib.request
import subprocess
import sys
import tempfile
from pathlib import Path

from .offline_cache import cache_size
from .server import PROJECT_ROOT, Server, free_port, service_env

LIGHTHOUSE = PROJECT_ROOT / ".tools" / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = "/usr/bin/chromium"
PAGES = {"handbook_home": "/", "handbook_long_page": "/thu-tuc/sinh-hoat-dinh-ky/",
         "public_letter_form": "/dich-vu/mau-don/don-xin-vang/"}
RUNS = 3
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
GOAL = 95
AUDITS = ("largest-contentful-paint", "first-contentful-paint", "total-blocking-time", "cumulative-layout-shift",
          "total-byte-weight")


def serve_as_make_run(instance: Path):
    """`python -m forms_service init --demo-if-empty` then `… serve`, as `make run` does."""
    data_dir = instance / "data"
    port = free_port()
    env = service_env(instance, data_dir) | {"HOST": "127.0.0.1", "PORT": str(port)}
    subprocess.run([sys.executable, "-m", "forms_service", "init", "--demo-if-empty"], cwd=PROJECT_ROOT, env=env,
                   check=True, stdout=subprocess.DEVNULL)
    log = instance / "serve.log"
    with open(log, "wb") as log_file:
        process = subprocess.Popen([sys.executable, "-m", "forms_service", "serve"], cwd=PROJECT_ROOT, env=env,
                                   stdout=log_file, stderr=subprocess.STDOUT)
    server = Server(process, port, log)
    server.wait_ready("/healthz")
    return server


def audit(url: str, report: Path) -> dict:
    subprocess.run([str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={report}",
                    f"--only-categories={','.join(CATEGORIES)}", "--form-factor=mobile",
                    "--throttling-method=simulate",
                    "--chrome-flags=--headless=new --no-sandbox --disable-gpu --no-first-run"],
                   env=os.environ | {"CHROME_PATH": CHROMIUM}, check=True, timeout=240)
    result = json.loads(report.read_text())
    scores = {name: round(result["categories"][name]["score"] * 100) for name in CATEGORIES}
    figures = {name: result["audits"][name]["displayValue"] for name in AUDITS if name in result["audits"]}
    failing = [a["id"] for a in result["audits"].values()
               if a.get("score") is not None and a["score"] < 0.9 and a.get("scoreDisplayMode") == "binary"]
    return {"scores": scores, "figures": figures, "failing_binary_audits": failing,
            "goal_met": all(score >= GOAL for score in scores.values())}


def median_of_runs(url: str, work: Path, name: str, count: int = RUNS) -> dict:
    """`count` audits of one page: the median score of each category, the figures of the median run."""
    runs = [audit(url, work / f"{name}-{run}.json") for run in range(count)]
    scores = {category: statistics.median(run["scores"][category] for run in runs) for category in CATEGORIES}
    middle = sorted(runs, key=lambda run: run["scores"]["performance"])[count // 2]
    return {"scores": scores, "runs": [run["scores"] for run in runs], "figures": middle["figures"],
            "failing_binary_audits": sorted({a for run in runs for a in run["failing_binary_audits"]}),
            "goal_met": all(score >= GOAL for score in scores.values())}


def fetch(base: str):
    def get(path: str) -> bytes:
        with urllib.request.urlopen(base + path, timeout=60) as response:  # noqa: S310 - our own local server
            return response.read()
    return get


def measure_all(runs: int = RUNS) -> dict:
    """{"lighthouse": {page: median of `runs`}, "offline_cache": size of the offline cache}."""
    if not LIGHTHOUSE.exists():
        raise RuntimeError(f"{LIGHTHOUSE} is missing: `make bench` installs it (npm, lighthouse@12.2.3)")
    work = Path(tempfile.mkdtemp(prefix="sotay-lighthouse-"))
    server = serve_as_make_run(work)
    try:
        cache = cache_size(fetch(server.base))
        pages = {name: median_of_runs(server.base + path, work, name, runs) for name, path in PAGES.items()}
        return {"lighthouse": pages, "offline_cache": cache}
    finally:
        server.process.terminate()
        server.process.wait(timeout=20)


def measure() -> dict:
    return measure_all()["lighthouse"]


if __name__ == "__main__":
    print(json.dumps(measure_all(), ensure_ascii=False, indent=2))
