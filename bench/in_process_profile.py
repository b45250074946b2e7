"""Where the time of the journey and of the province oversight page goes, in-process.

`python -m bench.in_process_profile 1000` generates the bench's province with 1 000 letters
into a SQLite store in a temporary folder (`… 1000 postgresql://…` loads it into that
database too and profiles there), then, through Flask's test client (no network, no
gunicorn), times 40 journeys and 10 province oversight pages (wall and CPU of this
process), profiles the same again with cProfile, and prints the share of each library in
the profiled time, the store calls by cumulative time, and what one operation sends to the
database (a ping for each connection the pool lends, each statement, BEGIN and COMMIT: on
PostgreSQL each is a round trip). A profile counts work, so it
is worth reading on a busy machine where the bench's times are not.
"""
from __future__ import annotations

import cProfile
import io
import os
import pstats
import re
import shutil
import sys
import tempfile
import time
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

from .letter_load import CHECK, MEETING, WRITE, hidden_token
from .letters_gen import generate_letters
from .province import PASSWORD, generate_province, sqlite_url

CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
RUNS = {"journey": 40, "oversight_province": 10}
LIBRARIES = ("sqlalchemy", "psycopg", "sqlite3", "jinja2", "wtforms", "werkzeug", "flask", "json")


def signed_in(app, username: str):
    client = app.test_client()
    page = client.get("/dich-vu/dang-nhap").get_data(as_text=True)
    answer = client.post("/dich-vu/dang-nhap", data={"username": username, "password": PASSWORD,
                                                       "csrf_token": CSRF.search(page).group(1)})
    if answer.status_code != 302:
        raise RuntimeError(f"sign-in as {username} answered {answer.status_code}")
    return client


def operations(app, member: str) -> dict:
    """name -> a function doing the operation once (n: its number)."""
    writer, admin = signed_in(app, member), signed_in(app, "quantri")
    form = writer.get(WRITE).get_data(as_text=True)
    meeting, csrf = MEETING.findall(form)[-1], CSRF.search(form).group(1)

    def journey(n: int) -> None:
        written = writer.post(WRITE, data={"csrf_token": csrf, "meetings": meeting, "reason_kind": "cong_tac",
                                           "reason_text": f"Đi công tác ({n})", "other_date": ""})
        token = hidden_token(writer.get(CHECK).get_data(as_text=True))
        sent = writer.post(CHECK, data={"csrf_token": csrf, "token": token})
        if (written.status_code, sent.status_code) != (302, 302):
            raise RuntimeError(f"journey answered {written.status_code}, {sent.status_code}")

    def oversight_province(n: int) -> None:
        page = admin.get(f"/dich-vu/giam-sat/?nam={date.today().year}")
        if page.status_code != 200:
            raise RuntimeError(f"oversight answered {page.status_code}")
    return {"journey": journey, "oversight_province": oversight_province}


def library_of(filename: str, function: str) -> str:
    for part in ("forms_service/storage", "forms_service/web", "forms_service"):
        if part in filename:
            return part
    return next((name for name in LIBRARIES if name in filename or name in function), "other")


def report(name: str, operation, runs: int) -> str:
    operation(-1)   # warm
    began, cpu = time.perf_counter(), time.process_time()
    for n in range(runs):
        operation(n)
    lines = [f"{name}: {1000 * (time.perf_counter() - began) / runs:.1f} ms wall, "
             f"{1000 * (time.process_time() - cpu) / runs:.1f} ms CPU each (without the profiler)"]
    profiler = cProfile.Profile()
    profiler.enable()
    for n in range(runs):
        operation(n)
    profiler.disable()
    stats = pstats.Stats(profiler)
    shares = defaultdict(float)
    for (filename, _, function), (_, _, own, _, _) in stats.stats.items():
        shares[library_of(filename, function)] += own
    lines.append("  own time: " + ", ".join(f"{part} {100 * seconds / stats.total_tt:.0f} %"
                                           for part, seconds in sorted(shares.items(), key=lambda kv: -kv[1])))
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(r"forms_service/(storage|services)", 12)
    lines += [line for line in out.getvalue().splitlines() if "forms_service" in line or "ncalls" in line]
    return "\n".join(lines)


def sent_per_operation(engine, operation, runs: int) -> dict[str, float]:
    """What one operation makes the driver send, on average over `runs`: PING for each
    connection lent by the pool (it pings before lending), each statement by its first word,
    BEGIN where psycopg opens a transaction by itself (SQLite's BEGIN is a statement of the
    store), COMMIT where there was a transaction to commit."""
    from sqlalchemy import event
    seen = Counter()

    def lent(*_):
        seen["PING"] += 1

    def statement(_connection, _cursor, text, *_):
        seen[text.split()[0].upper()] += 1

    def begin(connection):
        driver = connection.connection.dbapi_connection
        if hasattr(driver, "autocommit") and not driver.autocommit:
            seen["BEGIN"] += 1

    def commit(connection):
        driver = connection.connection.dbapi_connection
        info = getattr(driver, "info", None)
        if (info.transaction_status != 0) if hasattr(info, "transaction_status") else driver.in_transaction:
            seen["COMMIT"] += 1
    listeners = [("checkout", lent), ("before_cursor_execute", statement), ("begin", begin), ("commit", commit)]
    for name, listener in listeners:
        event.listen(engine, name, listener)
    try:
        for n in range(runs):
            operation(1000 + n)
    finally:
        for name, listener in listeners:
            event.remove(engine, name, listener)
    return {name: round(count / runs, 1) for name, count in sorted(seen.items())}


def main(letters: int, database: str | None) -> None:
    folder = Path(tempfile.mkdtemp(prefix="sotay-profile-"))
    try:
        profile(folder, letters, database)
    finally:   # the generated store is hundreds of MB at 100 000 letters and more
        shutil.rmtree(folder, ignore_errors=True)


def profile(folder: Path, letters: int, database: str | None) -> None:
    province = generate_province(sqlite_url(folder / "store.db"), communes=60, cells_per_commune=20,
                                 workplaces=100, members=24_000, years=10)
    generate_letters(province, letters, 10)
    store = province.url
    if database:
        from .postgres_load import load_store
        load_store(store, database)
        store = database
    os.environ.update(SOTAY_DATABASE_URL=store, SOTAY_INSTANCE=str(folder / "instance"),
                      SOTAY_DATA_DIR=str(folder / "instance" / "data"), SOTAY_SECRET_KEY=os.urandom(16).hex())
    from forms_service import create_app
    app = create_app()
    done = operations(app, province.member_usernames[province.members[7].id])
    print(f"{letters} letters on {store.split(':')[0]}")
    for name, runs in RUNS.items():
        print(report(name, done[name], runs))
        sent = sent_per_operation(app.extensions["repos"].db.engine, done[name], 10)
        print(f"  sent to the database per {name}: {sent} ({sum(sent.values()):.1f} in all)")
    app.extensions["repos"].close()


if __name__ == "__main__":
    main(int(sys.argv[1]), sys.argv[2] if len(sys.argv) > 2 else None)
