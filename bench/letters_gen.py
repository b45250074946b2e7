"""Absence letters generated straight into the province's SQL store (bench/province.py).

Sending a million letters through the repository would take hours (each one a unit of
work with a durable commit). Here each letter is a copy of a real Letter the domain built
(one per state), with its own code, member, cell and dates, written with the province's
store writer (`columns(record)` per row, executemany in big transactions), together with:

- its send token (token -> code), as the service keeps one per letter sent;
- the counters (the last number used in each year), so that new codes never collide;
- the oversight numbers of each cell and year, from the domain's own count.

`check_letters` reads samples back through the repositories, and the record shape is
compared with Letter.to_record, so a change in the repository makes the bench fail
instead of measuring a store the service would not write.
"""
from __future__ import annotations

import random
import time
from datetime import date, datetime, timedelta

from forms_service.domain.clock import ZONE
from forms_service.domain.letters import Action, LetterState, letter_code, new_letter, transition
from forms_service.domain.attendance_register import cell_year_numbers
from forms_service.storage import open_store
from forms_service.storage.record_versions import CURRENT, stamp

from .province import Province, commune_of_cell, store_writer

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
    today = date.today()
    templates = _template_letters(province, today)
    first_year = today.year - years + 1
    written, samples = 0, []
    with store_writer(province.url) as write:
        for year in range(first_year, today.year + 1):
            in_year = count // years + (1 if year - first_year < count % years else 0)
            states, weights = zip(*(THIS_YEAR_STATES if year == today.year else PAST_STATES))
            letters = [_letter(province, templates, rng, year, first_year, today, number, state)
                       for number, state in enumerate(rng.choices(states, weights, k=in_year), start=1)]
            write("letters", letters)
            write("tokens", [{"token": f"sinh-{letter['code']}", "result": letter["code"]} for letter in letters])
            write("counters", [{"name": f"letters-{year}", "n": in_year}])
            samples += [letter["code"] for letter in letters[:: max(in_year // 5, 1)]]
            written += in_year
        write("register-summary", _register_summaries(province, first_year, today.year))
    return {"letters": written, "seconds": round(time.perf_counter() - started, 1), "samples": samples}


def _letter(province: Province, templates: dict, rng: random.Random, year: int, first_year: int, today: date,
            number: int, state: LetterState) -> dict:
    member = province.members[rng.randrange(len(province.members))]
    cell = member.residence_cell_id
    meeting = province.meetings_of[cell][2 * (year - first_year) + (0 if rng.random() < 0.5 else 1)]
    if year == today.year and meeting.date > today:
        submitted = datetime.combine(today - timedelta(days=rng.randint(1, 10)), datetime.min.time())
    else:
        submitted = datetime.combine(meeting.date - timedelta(days=rng.randint(2, 20)), datetime.min.time())
    # aware, in Việt Nam's time, as the domain stamps every letter
    submitted = submitted.replace(hour=rng.randint(7, 21), minute=rng.randint(0, 59), tzinfo=ZONE)
    kind, text = REASONS[rng.randrange(len(REASONS))]
    record = dict(templates[state])
    stamp_at = submitted.isoformat(timespec="seconds")
    decided = (submitted + timedelta(days=2)).isoformat(timespec="seconds")
    record.update(code=letter_code(year, number), member_id=member.id, member_name=member.full_name, cell_id=cell,
                  workplace_id=member.workplace_id, meeting_ids=[meeting.id],
                  meeting_dates=[meeting.date.isoformat()], reason_kind=kind, reason_text=text,
                  submitted_at=stamp_at, late=False,
                  history=[dict(entry, at=stamp_at if i == 0 else decided, by="mau")
                           for i, entry in enumerate(record["history"])])
    if record["workplace_decided_at"]:
        record["workplace_decided_at"] = decided
    if record["cell_decided_at"]:
        record["cell_decided_at"] = decided
    return record


def _register_summaries(province: Province, first_year: int, last_year: int) -> list[dict]:
    """Each cell's numbers of each year, filed under its commune (as the copy carries them)."""
    members_of: dict[str, list] = {}
    for member in province.members:
        members_of.setdefault(member.residence_cell_id, []).append(member)
    return [{**stamp("register-summary", cell_year_numbers(cell, year, members_of.get(cell, []),
                                                           province.meetings_of[cell]).to_record()),
             "commune_id": commune_of_cell(cell)}
            for year in range(first_year, last_year + 1) for cell in province.cells]


def check_letters(province: Province, made: dict) -> None:
    """Read generated letters back through the real repository; raise if the store disagrees."""
    assert CURRENT["letters"] == 1, "letters schema changed: update the generator"
    repos = open_store(province.url)
    try:
        for code in made["samples"]:
            letter = repos.letters.get(code)
            assert letter is not None and letter.code == code, f"{code} not read back"
            assert letter.code in {x.code for x in repos.letters.for_member(letter.member_id)}
        for workplace in province.workplaces[:5]:
            for letter in repos.letters.waiting_for_workplace(workplace):
                assert letter.state == LetterState.SUBMITTED
    finally:
        repos.close()
