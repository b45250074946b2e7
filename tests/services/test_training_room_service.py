"""The training room on every store: made, played, reset and removed, each in one unit of
work, and never touching a record outside the room; each seat's progress from the store."""
from __future__ import annotations

import pytest

from forms_service.domain import clock
from forms_service.domain.attendance_register import Attendance, absences_of
from forms_service.domain.members import Exemption
from forms_service.domain.org import UnitKind
from forms_service.domain.training_room import Seat, case_calendar, max_seats
from forms_service.services import letters, training_room
from forms_service.services.training_room import TrainingRoomError
from forms_service.storage import StoreError

from ..conftest import STORE_BACKENDS

pytestmark = pytest.mark.calendar
PASSWORD = "lophoc-2026"
every_store = pytest.mark.parametrize("backend", STORE_BACKENDS)


def outside_the_room(repos) -> dict:
    """Everything of the province a page can reach, as plain data."""
    org = repos.units.structure()
    cells = [u.id for u in org.of_kind(UnitKind.RESIDENCE_CELL) if not u.id.startswith("hv")]
    workplaces = [u.id for u in org.of_kind(UnitKind.WORKPLACE) if not u.id.startswith("hv")]
    year = clock.today().year
    return {
        "units": sorted(u for u in org.units if not u.startswith("hv")),
        "accounts": sorted((a.username, a.password_hash, a.session_stamp) for a in repos.accounts.all()
                           if not a.username.startswith("hv")),
        "members": sorted(m.id for w in workplaces for m in repos.members.of_workplace(w)),
        "meetings": sorted((m.id, str(m.extra)) for c in cells for m in repos.meetings.for_cell(c)),
        "letters": sorted((x.code, str(x.state)) for c in cells for x in repos.letters.for_cell(c, year)),
        "comments": sorted((x.code, str(x.state)) for c in cells for x in repos.comments.for_cell(c, year)),
        "summaries": sorted(str(n) for c in org.of_kind(UnitKind.COMMUNE) if c.id != "hv-xa"
                            for n in repos.attendance_numbers.summary(c.id, year)),
    }


def late_letter(repos, seat: Seat):
    """The trainee of `seat` plays the first step of the late-letter case: a letter for the
    meeting held two days ago."""
    member = repos.members.get(seat.member_id("a"))
    recent = next(m for m in repos.meetings.for_cell(seat.cell_id) if m.date == case_calendar(clock.today()).recent)
    letter, _ = letters.submit(repos, seat.username("dangvien"), member, [recent.id], [], "cong_tac",
                               "được cử đi xử lý sự cố ở công trình", token=f"thu-{seat.name}")
    return letter


@every_store
def test_make_play_reset_remove_touch_nothing_outside_the_room(repos):
    before = outside_the_room(repos)
    training_room.make(repos, "quantri", 3, PASSWORD)
    assert outside_the_room(repos) == before
    assert [s.name for s in training_room.room(repos).seats] == ["hv01", "hv02", "hv03"]
    stamp = repos.accounts.get("hv02-bithu").session_stamp

    letter = late_letter(repos, Seat(2))
    assert letter.late
    assert [p.letters_sent for p in training_room.progress(repos)] == [0, 1, 0]

    assert training_room.reset(repos, "quantri") == 3
    assert outside_the_room(repos) == before
    assert repos.letters.get(letter.code) is None
    assert [p.letters_sent for p in training_room.progress(repos)] == [0, 0, 0]
    account = repos.accounts.get("hv02-bithu")
    assert account.session_stamp != stamp                      # every session of the room ends
    from werkzeug.security import check_password_hash
    assert check_password_hash(account.password_hash, PASSWORD)  # the class password stays

    removed = training_room.remove(repos, "quantri")
    assert removed["accounts"] == 12 and removed["members"] == 15
    assert outside_the_room(repos) == before
    assert training_room.room(repos).seats == [] and repos.accounts.get("hv01-bithu") is None
    assert not repos.check().differences


@every_store
def test_each_seat_is_ready_for_every_case(repos):
    training_room.make(repos, "quantri", 2, PASSWORD)
    calendar = case_calendar(clock.today())
    seat = Seat(2)
    meetings = repos.meetings.for_cell(seat.cell_id)
    assert [m.date for m in meetings] == [calendar.first_held, calendar.recent, calendar.ahead]
    assert calendar.first_held < calendar.recent < clock.today() < calendar.ahead
    exempt = repos.members.get(seat.member_id("c"))
    assert exempt.exemption == Exemption.FROM_RESIDENCE_ACTIVITY and exempt.exemption_from == calendar.exempt_from
    # the member absent twice: the first absence excused by an agreed letter, the second still to record
    absent = seat.member_id("d")
    first = absences_of(absent, meetings)
    assert [(a.meeting.date, a.status) for a in first] == [(calendar.first_held, Attendance.EXCUSED)]
    # the workplace has asked the cell for its comment on the member absent twice and on the exempt one
    requested = {c.member_id for c in repos.comments.for_cell(seat.cell_id, calendar.recent.year)}
    assert requested == {absent, exempt.id}
    # the seats do not see each other
    assert {m.id for m in repos.members.of_cell(seat.cell_id)} == {seat.member_id(k) for k in "abcde"}
    assert [a.username for a in repos.accounts.of_unit(seat.cell_id)] == ["hv02-bithu", "hv02-mattran"]


@every_store
def test_more_seats_than_the_room_allows_are_refused_and_nothing_is_made(repos):
    with pytest.raises(TrainingRoomError, match=f"tối đa {max_seats()} chỗ ngồi; đã yêu cầu 60"):
        training_room.make(repos, "quantri", 60)
    assert training_room.room(repos).seats == []
    with pytest.raises(TrainingRoomError, match="Chưa có phòng tập"):
        training_room.reset(repos, "quantri")
    training_room.make(repos, "quantri", 2, PASSWORD)
    with pytest.raises(TrainingRoomError, match="Đã có phòng tập 2 chỗ ngồi"):   # the trainees' work stays
        training_room.make(repos, "quantri", 3, PASSWORD)
    assert len(training_room.room(repos).seats) == 2


@every_store
def test_a_failed_reset_leaves_the_room_as_it_was(repos, monkeypatch):
    """Nothing half-reset: a failure half-way through the seeding saves none of the reset."""
    training_room.make(repos, "quantri", 2, PASSWORD)
    letter = late_letter(repos, Seat(1))

    def fails(*args, **kwargs):
        raise StoreError("ổ đĩa đầy")
    monkeypatch.setattr(training_room, "_seat", fails)
    with pytest.raises(StoreError):
        training_room.reset(repos, "quantri")
    assert repos.letters.get(letter.code) is not None
    assert [s.name for s in training_room.room(repos).seats] == ["hv01", "hv02"]


@pytest.mark.parametrize("backend", ["tinydb"])
def test_seat_cards_one_page_per_seat(repos):
    import io

    import pdfplumber

    from tests.document_text import pdf_text
    training_room.make(repos, "quantri", 4, PASSWORD)
    pdf = training_room.seat_cards(repos, "http://sotay.test/dich-vu/")
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        assert len(document.pages) == 4
        assert round(document.pages[0].width) == 420 and round(document.pages[0].height) == 595   # A5
    text = pdf_text(pdf)
    assert all(f"hv04-{suffix}" in text for suffix in ("bithu", "dangvien", "capuy", "mattran"))
    assert PASSWORD not in text and "http://sotay.test/dich-vu/" in text


@every_store
def test_removal_takes_the_rooms_reminders_mail_opinions_and_kept_copies_and_nothing_else(repos):
    """What the seeding does not make but a session does (a reminder, a mail, the Front's
    opinion, a kept printed copy) goes with the room; the same of the province stays."""
    from forms_service.domain.front_committee import FrontOpinion
    from forms_service.domain.reminders import Reminder, ReminderKind

    training_room.make(repos, "quantri", 1, PASSWORD)
    seat, today = Seat(1), clock.today()
    room_letter = late_letter(repos, seat)
    province_letter = repos.letters.for_member("dv-002")[0]

    def leave_traces(cell_id: str, member_id: str, code: str) -> list:
        reminders = [Reminder(key=f"nhac-{member_id}", kind=ReminderKind.MEETING, text="Sắp họp", path="/dich-vu/",
                              shown_until=today, member_id=member_id),
                     Reminder(key=f"nhac-{cell_id}", kind=ReminderKind.LETTER_WAITING_FOR_CELL, text="Đơn chờ",
                              path="/dich-vu/", shown_until=today, unit_id=cell_id, role="bi_thu_chi_bo")]
        repos.reminders.add_new(reminders)
        repos.outbox.add("thu_don_xin_vang", code, {"to": "a@example.test"})
        repos.front_committee.save(FrontOpinion(cell_id, member_id, today.year, "Gương mẫu ở khu dân cư", today, "mattran"))
        repos.kept.put(code, "pdf", b"%PDF-1.7 " + code.encode())
        return reminders

    room = leave_traces(seat.cell_id, seat.member_id("a"), room_letter.code)
    province = leave_traces("chi-bo-khom-1", "dv-002", province_letter.code)

    training_room.remove(repos, "quantri")

    assert [repos.reminders.get(r.recipient, r.key) for r in room] == [None, None]
    assert all(repos.reminders.get(r.recipient, r.key) for r in province)
    assert [m["about"] for m in repos.outbox.waiting()] == [province_letter.code]
    assert repos.front_committee.get(seat.cell_id, seat.member_id("a"), today.year) is None
    assert repos.front_committee.get("chi-bo-khom-1", "dv-002", today.year) is not None
    assert repos.kept.get(room_letter.code, "pdf") is None and repos.kept.get(province_letter.code, "pdf")
    assert repos.meetings.for_cell(seat.cell_id) == [] and repos.members.get(seat.member_id("a")) is None
    assert not repos.check().differences
