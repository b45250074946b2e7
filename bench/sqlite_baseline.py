"""The baseline the issue asks for: plain Flask + sqlite3 (WAL, synchronous=FULL).

It receives the same form body as a letter submission, inserts one row durably and
answers like the service does (a redirect to the confirmation), so the load generator
drives both the same way. Run under gunicorn: `gunicorn bench.sqlite_baseline:app`;
BENCH_SQLITE_DB names the database file.
"""
from __future__ import annotations

import json
import os
import sqlite3

from flask import Flask, redirect, request

app = Flask(__name__)
DB_PATH = os.environ.get("BENCH_SQLITE_DB", "bench-baseline.sqlite3")


def connect() -> sqlite3.Connection:
    connection = sqlite3.connect(DB_PATH, timeout=30, isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=FULL")
    return connection


with connect() as _setup:
    _setup.execute("CREATE TABLE IF NOT EXISTS letters (code TEXT PRIMARY KEY, member_id TEXT, body TEXT)")


@app.post("/don")
def submit():
    form = request.form.to_dict()
    connection = connect()
    try:
        connection.execute("BEGIN IMMEDIATE")
        number = connection.execute("SELECT COALESCE(MAX(rowid), 0) FROM letters").fetchone()[0] + 1
        code = f"VS-B-{number:07d}"
        connection.execute("INSERT INTO letters VALUES (?, ?, ?)",
                           (code, form.get("member_id", ""), json.dumps(form, ensure_ascii=False)))
        connection.execute("COMMIT")
    finally:
        connection.close()
    return redirect(f"/don/{code}", 302)


@app.get("/don")
def form_page():
    return '<form method="post" action="/don"><input name="csrf_token" value="-"></form>'
