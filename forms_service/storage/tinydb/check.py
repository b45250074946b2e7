"""`check`: every index rebuilt from the records and compared with the index files.

The records are the truth; an index only helps a page find them. So the check reads
every record, works out what each index file should hold, and reports each file that
differs (missing, extra or wrong entries). With `repair`, the differing files are
rewritten in one transaction. Counters are raised to the highest code in use, so that a
code is never handed out twice. The quick check (at start) only finishes the changes of
a process that died half-way (journal.py).
"""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from typing import NamedTuple

from ...domain.comments import Comment
from ...domain.introductions import Introduction, IntroductionState
from ...domain.letters import WAITING_FOR_CELL, WAITING_FOR_WORKPLACE, Letter
from ...domain.members import Member
from ..record_versions import stamp, upgrade


@dataclass
class CheckReport:
    differences: list[str] = field(default_factory=list)
    repaired: bool = False
    finished: list[str] = field(default_factory=list)  # files of changes rolled forward


def _records(store, collection: str):
    for shard in store.shards(collection):
        for doc in shard.all():
            yield shard.path.stem, doc


class _Indexed(NamedTuple):
    """What the letters' indexes need of a letter. Only this is kept of each one while the
    check reads them all: whole letters (their history, their dates) of a province would take
    several hundred megabytes."""
    code: str
    member_id: str
    workplace_id: str
    cell_id: str
    state: str


def _indexed(letter: Letter) -> _Indexed:
    return _Indexed(letter.code, letter.member_id, letter.workplace_id, letter.cell_id, letter.state)


def _expected(repos) -> list[tuple[object, dict[str, list[dict]]]]:
    store = repos.store
    letters = [(key, _indexed(Letter.from_record(upgrade("letters", d)))) for key, d in _records(store, "letters")]
    comments = [(key, Comment.from_record(upgrade("comments", d))) for key, d in _records(store, "comments")]
    introductions = [(key, Introduction.from_record(upgrade("introductions", d)))
                     for key, d in _records(store, "introductions")]
    members = [(key, Member.from_record(upgrade("members", d))) for key, d in _records(store, "members")]
    latest: dict[str, Introduction] = {}
    for _, intro in sorted(introductions, key=lambda pair: (pair[1].issued_on, pair[1].code)):
        latest[intro.member_id] = intro
    accounts = repos.accounts.all()
    lr, cr, ir, mr = repos.letters, repos.comments, repos.introductions, repos.members
    return [
        (lr.locator, lr.locator.files_for((x.code, key) for key, x in letters)),
        (lr.by_member, lr.by_member.files_for((x.member_id, x.code, key) for key, x in letters)),
        (lr.workplace_waiting, lr.workplace_waiting.files_for(
            (x.workplace_id, x.code, key) for key, x in letters if x.state in WAITING_FOR_WORKPLACE)),
        (lr.cell_waiting, lr.cell_waiting.files_for(
            (x.cell_id, x.code, key) for key, x in letters if x.state in WAITING_FOR_CELL)),
        (cr.locator, cr.locator.files_for((x.code, key) for key, x in comments)),
        (cr.by_cell, cr.by_cell.files_for((f"{x.cell_id}.{x.year}", x.code, None) for _, x in comments)),
        (ir.locator, ir.locator.files_for((x.code, key) for key, x in introductions)),
        (ir.latest, ir.latest.files_for((member_id, x.code) for member_id, x in latest.items())),
        (ir.commune_waiting, ir.commune_waiting.files_for(
            (x.commune_id, x.code, None) for _, x in introductions if x.state == IntroductionState.ISSUED)),
        (mr.locator, mr.locator.files_for((x.id, key) for key, x in members)),
        (mr.by_cell, mr.by_cell.files_for((x.residence_cell_id, x.id, stamp("members", x.to_record()))
                                          for _, x in members if x.residence_cell_id)),
        (repos.accounts.by_unit, repos.accounts.by_unit.files_for(
            (a.unit_id, a.username, None) for a in accounts if a.unit_id)),
    ], {**_counters("letters", (x.code for _, x in letters)), **_counters("comments", (x.code for _, x in comments)),
        **_counters("introductions", (x.code for _, x in introductions))}


def _counters(name: str, codes) -> dict[str, int]:
    """counter name -> the highest number in use (codes look like VS-2026-00123)."""
    highest: dict[str, int] = {}
    for code in codes:
        _, year, number = code.rsplit("-", 2)
        key = f"{name}-{year}"
        highest[key] = max(highest.get(key, 0), int(number))
    return highest


def _canonical(docs) -> Counter:
    return Counter(json.dumps(doc, ensure_ascii=False, sort_keys=True) for doc in docs)


def check(repos, repair: bool = False) -> CheckReport:
    store = repos.store
    report = CheckReport(finished=store.recover())
    indexes, counters = _expected(repos)
    wrong: list[tuple[object, str, list[dict]]] = []
    for index, files in indexes:
        present = {shard.path.stem: shard for shard in store.shards(index.collection)}
        for name in sorted(set(files) | set(present)):
            want = files.get(name, [])
            have = present[name].all() if name in present else []
            if _canonical(want) != _canonical(have):
                missing = sum((_canonical(want) - _canonical(have)).values())
                extra = sum((_canonical(have) - _canonical(want)).values())
                report.differences.append(f"chỉ mục {index.collection}/{name}: thiếu {missing} mục, thừa {extra} mục")
                wrong.append((index, name, want))
    low_counters = []
    for name, highest in sorted(counters.items()):
        docs = store.shard("counters", name).all()
        current = max((doc["n"] for doc in docs), default=0)
        if current < highest:
            report.differences.append(f"bộ đếm {name}: đang ở {current}, mã lớn nhất đã dùng là {highest}")
            low_counters.append((name, highest))
    if repair and (wrong or low_counters):
        with store.transaction():
            for index, name, want in wrong:
                with store.shard(index.collection, name).table() as table:
                    table.truncate()
                    table.insert_multiple(want)
            for name, highest in low_counters:
                with store.shard("counters", name).table() as table:
                    table.truncate()
                    table.insert({"n": highest})
        report.repaired = True
    return report
