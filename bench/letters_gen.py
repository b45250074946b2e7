"""Absence letters generated straight into the store, in LetterRepository's layout.

Sending a million letters through the repository would take days (each one rewrites
several files with fsync). Here every file is written once:

- letters/<cell>.<year>.json                 the letters (Letter.to_record + "v")
- idx-letter-shard/bNNN.json (1024 buckets)  code -> shard key
- letter-tokens/bNNN.json (1024 buckets)     send token -> code
- grp-letters-member/<member>.json           member -> codes (each with its shard key)
- grp-letters-workplace-waiting/<wp>.json    letters waiting for the workplace (state da_gui)
- grp-letters-cell-waiting/<cell>.json       letters waiting for the cell (WAITING_FOR_CELL)
- counters/letters-<year>.json               the last number used, so new codes never collide
- register-summary/<commune>.<year>.json     the oversight numbers, from the domain's own count

`check_letters` reads samples back through the repositories, and the record shape is
compared with Letter.to_record, so a change in the repository makes the bench fail
instead of measuring a store the service would not write.
"""
from __future__ import annotations

import os
import random
import time
from collections import defaultdict
from datetime import date, datetime, timedelta

from forms_service.domain.clock import ZONE
from forms_service.domain.letters import WAITING_FOR_CELL, Action, LetterState, letter_code, new_letter, transition
from forms_service.domain.register import cell_year_numbers
from forms_service.storage import open_store
from forms_service.storage.tinydb.indexes import bucket_of
from forms_service.storage.tinydb.letter_repository import LetterRepository
from forms_service.storage.tinydb.token_repository import TOKEN_BUCKETS
from forms_service.storage.record_versions import CURRENT, stamp

from .province import Province, write_table

LOCATOR_BUCKETS = 1024
REASONS = [("cong_tac", "Đi công tác theo quyết định của cơ quan"), ("om_dau", "Điều trị tại bệnh viện tỉnh"),
           ("gia_dinh", "Việc gia đình: đám cưới con"), ("hoc_tap", "Học lớp trung cấp lý luận chính trị"),
           ("di_xa", "Thăm người thân ở thành phố Hồ Chí Minh")]
# Past years' letters have all been decided; this year's, some still wait.
PAST_STATES = [(LetterState.AGREED, 90), (LetterState.NOT_AGREED, 3), (LetterState.DECLINED, 3),
               (LetterState.WITHDRAWN, 4)]
THIS_YEAR_STATES = [(LetterState.SUBMITTED, 6), (LetterState.CONFIRMED, 6), (LetterState.AGREED, 80),
                    (LetterState.NOT_AGREED, 2), (LetterState.DECLINED, 2), (LetterState.WITHDRAWN, 4)]
PATH = {LetterState.SUBMITTED: [], LetterState.CONFIRMED: [Action.CONFIRM],
        LetterState.AGREED: [Action.CONFIRM, Action.AGREE], LetterState.NOT_AGREED: [Action.CONFIRM, Action.NOT_AGREE],
        LetterState.DECLINED: [Action.DECLINE], LetterState.WITHDRAWN: [Action.WITHDRAW]}


def _template_letters(province: Province, today: date) -> dict:
    """One real Letter per (state, meeting month) built by the domain itself; generated
    records are copies of these with their own code, member, cell and dates."""
    member = province.members[0]
    meeting = province.meetings_of[member.residence_cell_id][0]
    templates = {}
    for state, actions in PATH.items():
        at = datetime(meeting.date.year, meeting.date.month, 1, 9, 0)
        letter = new_letter("VS-0000-00000", member.id, member.full_name, member.residence_cell_id,
                            member.workplace_id, [meeting], [], "cong_tac", "x", at, "mau")
        for action in actions:
            letter = transition(letter, action, at + timedelta(days=2), "mau", "Lý do" if action in (
                Action.DECLINE, Action.NOT_AGREE) else "")
        templates[state] = stamp("letters", letter.to_record())
    return templates


def generate_letters(province: Province, count: int, years: int, seed: int = 7) -> dict:
    """Write `count` letters spread over the province's members and the last `years` years."""
    started = time.perf_counter()
    rng = random.Random(seed)
    root = province.root
    today = date.today()
    templates = _template_letters(province, today)
    first_year = today.year - years + 1
    locator, tokens = defaultdict(list), defaultdict(list)
    by_member, workplace_waiting, cell_waiting = defaultdict(list), defaultdict(list), defaultdict(list)
    written = 0
    for year in range(first_year, today.year + 1):
        in_year = count // years + (1 if year - first_year < count % years else 0)
        states, weights = zip(*(THIS_YEAR_STATES if year == today.year else PAST_STATES))
        chosen_states = rng.choices(states, weights, k=in_year)
        shards = defaultdict(list)
        for number, state in enumerate(chosen_states, start=1):
            member = province.members[rng.randrange(len(province.members))]
            cell = member.residence_cell_id
            meeting = province.meetings_of[cell][2 * (year - first_year) + (0 if rng.random() < 0.5 else 1)]
            if year == today.year and meeting.date > today:
                submitted = datetime.combine(today - timedelta(days=rng.randint(1, 10)), datetime.min.time())
            else:
                submitted = datetime.combine(meeting.date - timedelta(days=rng.randint(2, 20)), datetime.min.time())
            # aware, in Việt Nam's time, as the domain stamps every letter
            submitted = submitted.replace(hour=rng.randint(7, 21), minute=rng.randint(0, 59), tzinfo=ZONE)
            code = letter_code(year, number)
            kind, text = REASONS[rng.randrange(len(REASONS))]
            record = dict(templates[state])
            stamp_at = submitted.isoformat(timespec="seconds")
            decided = (submitted + timedelta(days=2)).isoformat(timespec="seconds")
            record.update(code=code, member_id=member.id, member_name=member.full_name, cell_id=cell,
                          workplace_id=member.workplace_id, meeting_ids=[meeting.id],
                          meeting_dates=[meeting.date.isoformat()], reason_kind=kind, reason_text=text,
                          submitted_at=stamp_at, late=False,
                          history=[dict(entry, at=stamp_at if i == 0 else decided, by="mau")
                                   for i, entry in enumerate(record["history"])])
            if record["workplace_decided_at"]:
                record["workplace_decided_at"] = decided
            if record["cell_decided_at"]:
                record["cell_decided_at"] = decided
            key = LetterRepository.shard_key(cell, year)
            shards[key].append(record)
            locator[bucket_of(code, LOCATOR_BUCKETS)].append({"k": code, "v": key})
            token = f"sinh-{code}"
            tokens[bucket_of(token, TOKEN_BUCKETS)].append({"k": token, "v": code})
            by_member[member.id].append({"id": code, "v": key})
            if state == LetterState.SUBMITTED:
                workplace_waiting[member.workplace_id].append({"id": code, "v": key})
            elif state in WAITING_FOR_CELL:   # as the domain says (a declined letter waits for the cell too)
                cell_waiting[cell].append({"id": code, "v": key})
        for key, docs in shards.items():
            write_table(root / "letters" / f"{key}.json", docs)
        write_table(root / "counters" / f"letters-{year}.json", [{"n": in_year}])
        written += in_year
    for folder, groups in (("idx-letter-shard", locator), ("tokens", tokens),
                           ("grp-letters-member", by_member), ("grp-letters-workplace-waiting", workplace_waiting),
                           ("grp-letters-cell-waiting", cell_waiting)):
        for name, docs in groups.items():
            write_table(root / folder / f"{name}.json", docs)
    _write_register_summaries(province, first_year, today.year)
    os.sync()
    return {"letters": written, "seconds": round(time.perf_counter() - started, 1)}


def _write_register_summaries(province: Province, first_year: int, last_year: int) -> None:
    members_of = defaultdict(list)
    for member in province.members:
        members_of[member.residence_cell_id].append(member)
    org = open_store(province.root).units.structure()
    for year in range(first_year, last_year + 1):
        per_commune = defaultdict(list)
        for cell in province.cells:
            numbers = cell_year_numbers(cell, year, members_of[cell], province.meetings_of[cell])
            per_commune[org.commune_of(cell)].append(stamp("register-summary", numbers.to_record()))
        for commune, docs in per_commune.items():
            write_table(province.root / "register-summary" / f"{commune}.{year}.json", docs)


def check_letters(province: Province, samples: int = 20) -> None:
    """Read generated letters back through the real repository; raise if the layout disagrees."""
    assert CURRENT["letters"] == 1, "letters schema changed: update the generator"
    repos = open_store(province.root)
    rng = random.Random(3)
    shards = repos.store.shards("letters")
    for shard in rng.sample(shards, min(samples, len(shards))):
        docs = shard.all()
        doc = docs[rng.randrange(len(docs))]
        letter = repos.letters.get(doc["code"])
        assert letter is not None and letter.to_record() | {"v": 1} == doc, f"{doc['code']} not read back"
        assert letter.code in {x.code for x in repos.letters.for_member(letter.member_id)}
    for workplace in province.workplaces[:5]:
        for letter in repos.letters.waiting_for_workplace(workplace):
            assert letter.state == LetterState.SUBMITTED
