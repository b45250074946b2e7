"""`check` on the file store: what can go wrong in one JSON file, looked at.

- the file parses (a file that does not is reported; nothing can mend it but a backup);
- every record upgrades to its collection's current shape and reads as its domain object;
- the counters stand at or above every code and official number in use, or the next one
  handed out would be one already given (`--repair` raises them);
- every kept document's file is there and matches its recorded SHA-256 (`--repair` forgets
  a printed copy that does not, and queues the document to be printed again; a scan cannot
  be printed again, so it is only reported).

`outgrown` says when the file has grown past CEILING_BYTES; past it, the store should move to
SQLite or PostgreSQL. Measured by `python -m bench.tinydb_ceiling 1000 5000 10000` on the
project's 2-core machine, loaded to about 10 by other work (median of 7 sends; 3 000 members):
3.4 MB (1 000 letters) 16 ms of CPU, 53 ms on the clock; 7.2 MB (5 000) 82 ms CPU, 268 ms;
11.8 MB (10 000) 132 ms CPU, 593 ms, and each other worker then spends about as long again
reading the new file (410 ms at 7.2 MB). At 10 MB a send passes 200 ms of CPU with the
reload it costs the other workers.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ...domain.accounts import Account
from ...domain.attendance_register import SCAN_PREFIX, CellYearNumbers
from ...domain.comments import Comment
from ...domain.front_committee import FrontOpinion
from ...domain.introductions import Introduction
from ...domain.letters import Letter
from ...domain.local_rules import RuleSwitch
from ...domain.meetings import Meeting
from ...domain.members import Member
from ...domain.numbering import term_of
from ...domain.org import Unit
from ...domain.reminders import Reminder
from ..contract import StoreError
from ..number_counters import number_counter
from ..record_versions import upgrade
from .counters import TABLE as COUNTERS, position
from .introduction_repository import number_position
from .kept_repository import TABLE as KEPT, read_kept
from .store import Store

CEILING_BYTES = 10 * 1024 * 1024
READERS = {"units": Unit.from_record, "members": Member.from_record, "accounts": Account.from_record,
           "letters": Letter.from_record, "comments": Comment.from_record, "introductions": Introduction.from_record,
           "meetings": Meeting.from_record, "front-opinions": FrontOpinion.from_record,
           "reminders": Reminder.from_record, "rule-switches": RuleSwitch.from_record,
           "register-summary": lambda record: CellYearNumbers.from_record(
               {k: v for k, v in record.items() if k != "commune_id"})}
CODED = ("letters", "comments", "introductions")
PRINTED = ("pdf", "docx")   # made again from the record; a scan (jpg, png) cannot be
LEADING_NUMBER = re.compile(r"^[0-9]+")
CODE = re.compile(r"^([A-Z]{1,4})-(\d{4})-(\d+)$")


@dataclass
class CheckReport:
    differences: list[str] = field(default_factory=list)
    repaired: bool = False


def outgrown(store: Store) -> str | None:
    """In Vietnamese, that the file has grown past what it is made for and how to move; None below it."""
    size = store.size()
    if size <= CEILING_BYTES:
        return None
    return (f"Kho dữ liệu một tệp ({store.path}) đã lớn {size / 1024 / 1024:.0f} MB, quá mức "
            f"{CEILING_BYTES / 1024 / 1024:.0f} MB mà kiểu kho này phục vụ nhanh: mỗi lần lưu phải ghi lại cả tệp, "
            f"nên trang sẽ chậm dần. Hãy chuyển sang SQLite (hoặc PostgreSQL): chạy "
            f"`python -m forms_service copy-store --to sqlite:///{store.root}/kho.db` (hoặc --to một địa chỉ "
            f"postgresql://…), rồi đặt SOTAY_DATABASE_URL bằng địa chỉ đó và khởi động lại dịch vụ.")


def _unreadable(store: Store, report: CheckReport) -> None:
    for table, read in READERS.items():
        for doc in store.records(table):
            try:
                read(upgrade(table, dict(doc)))
            except (KeyError, TypeError, ValueError) as error:
                name = doc.get("code") or doc.get("id") or doc.get("username") or doc.get("key") or "?"
                report.differences.append(f"bảng {table}, bản ghi {name}: không đọc được ({error!r})")


def _counters_in_use(store: Store) -> dict[str, tuple[int, int]]:
    """counter name -> (the highest number in use, the last number the counter gave): the
    codes (VS-2026-00123), the kept scans' codes (DG-2026-00001) and the introductions'
    official numbers per committee and term."""
    highest: dict[str, int] = {}
    for table in CODED:
        for code in (CODE.match(str(doc.get("code"))) for doc in store.records(table)):
            if code:   # a record without a code of ours is reported as unreadable
                highest[f"{table}-{code[2]}"] = max(highest.get(f"{table}-{code[2]}", 0), int(code[3]))
    for code in (CODE.match(str(doc.get("code"))) for doc in store.records(KEPT)):
        if code and code[1] == SCAN_PREFIX:   # the other kept codes are their records' own
            counter = f"kept-{code[1].lower()}-{code[2]}"
            highest[counter] = max(highest.get(counter, 0), int(code[3]))
    found = {counter: (n, position(store, counter)) for counter, n in highest.items()}
    of_term: dict[tuple, int] = {}
    for doc in store.records("introductions"):
        number = LEADING_NUMBER.match(str(doc.get("number") or ""))
        if not number:
            continue
        try:
            introduction = Introduction.from_record(upgrade("introductions", dict(doc)))
        except (KeyError, TypeError, ValueError):
            continue   # reported as unreadable
        key = (introduction.workplace_id, term_of(introduction.workplace_id, introduction.issued_on))
        of_term[key] = max(of_term.get(key, 0), int(number.group()))
    for (issuer_id, term), n in of_term.items():
        found[number_counter(issuer_id, term)] = (n, number_position(store, issuer_id, term))
    return found


def _low_counters(store: Store, report: CheckReport) -> list[tuple[str, int]]:
    low = []
    for counter, (n, current) in sorted(_counters_in_use(store).items()):
        if current < n:
            report.differences.append(f"bộ đếm {counter}: đang ở {current}, mã lớn nhất đã dùng là {n}")
            low.append((counter, n))
    return low


def _broken_kept(store: Store, report: CheckReport) -> list[dict]:
    broken = []
    for doc in store.records(KEPT):
        try:
            read_kept(store.root, doc)
        except StoreError as error:
            report.differences.append(f"bản in lưu sẵn {doc['code']} ({doc['format']}): {error}")
            broken.append(doc)
    return broken


def check_file(repos, repair: bool = False) -> CheckReport:
    store: Store = repos.store
    report = CheckReport()
    try:
        store.table_names()
    except StoreError as error:
        report.differences.append(str(error))
        return report
    _unreadable(store, report)
    low = _low_counters(store, report)
    broken = _broken_kept(store, report)
    if repair and report.differences:
        with store.transaction():
            for counter, n in low:
                store.put(COUNTERS, lambda doc: doc["name"], {"name": counter, "n": n})
            for doc in broken:
                if doc["format"] in PRINTED:
                    store.table(KEPT).remove(lambda kept, doc=doc: (kept["code"], kept["format"]) == (doc["code"], doc["format"]))
                    repos.kept.queue(doc["code"])
        report.repaired = True
    return report
