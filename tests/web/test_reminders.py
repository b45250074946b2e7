"""Reminders with the clock travelled: each one due exactly when it should be, kept and mailed
once across runs, retried after a failed send (a real SMTP server, aiosmtpd), and shown on the
person's home page."""
from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
import time_machine

from forms_service.domain import clock
from forms_service.domain.reminders import letter_due_at, member_recipient, officer_recipient
from forms_service.services.notify import send_reminders
from forms_service.services.smtp import MailSettings

from ..demo_calendar import AHEAD, YEAR, meeting_ahead
from .letters_helpers import submit_letter
from .test_letters_email import free_port, inbox  # noqa: F401 (the fixture: a real SMTP server)

pytestmark = pytest.mark.calendar


def run_reminders(app, repos):
    """`python -m forms_service send-reminders`, on the test's app and store."""
    added, done, failed = send_reminders(repos, MailSettings.from_config(app.config))
    return [r.key for r in added], (done, failed)


def at(day, hour=8):
    return time_machine.travel(datetime.combine(day, time(hour), tzinfo=clock.ZONE), tick=False)


def test_a_member_is_reminded_7_days_and_1_day_before_the_meeting_once_each(app, repos, inbox, client):
    meeting = meeting_ahead(repos)
    mine = f"{meeting.id}~dv-001~"

    def new_for_dv001(day):
        with at(day):
            keys, _ = run_reminders(app, repos)
        return sorted(k.rsplit("~", 1)[1] for k in keys if mine in k)

    assert new_for_dv001(AHEAD - timedelta(days=8)) == []
    assert new_for_dv001(AHEAD - timedelta(days=7)) == ["7"]
    assert new_for_dv001(AHEAD - timedelta(days=7)) == []   # the same day again: nothing new
    assert new_for_dv001(AHEAD - timedelta(days=2)) == []
    assert new_for_dv001(AHEAD - timedelta(days=1)) == ["1"]
    assert new_for_dv001(AHEAD + timedelta(days=1)) == []
    to_an = [m for m in inbox.messages if m[0] == ["an@example.vn"]]
    assert len(to_an) == 2 and all(m[1] == "Nhắc việc: sinh hoạt chi bộ nơi cư trú sắp tới" for m in to_an)
    assert f"Nhắc sinh hoạt chi bộ nơi cư trú ngày {AHEAD:%d/%m/%Y}" in to_an[0][2]
    assert repos.outbox.waiting() == []
    with at(AHEAD - timedelta(days=1)):
        client.sign_in("dangvien")
        home = client.get("/dich-vu/").get_data(as_text=True)
    assert "Nhắc việc" in home and f"Nhắc sinh hoạt chi bộ nơi cư trú ngày {AHEAD:%d/%m/%Y}" in home


def test_workplace_officers_are_reminded_of_a_letter_waiting_before_its_meeting(app, repos, inbox, client):
    client.sign_in("dangvien")
    code = submit_letter(client)
    letter = repos.letters.get(code)
    # 3 days after it was sent, or the day before the meeting if that comes first
    due = letter_due_at(letter, letter.submitted_at)
    assert letter.submitted_at <= due <= letter.submitted_at + timedelta(days=3)
    assert due.date() < AHEAD or due == letter.submitted_at  # before the meeting, or at once if sent on its eve
    key = f"don_cho_xac_nhan~{code}"
    with time_machine.travel(due, tick=False):
        assert key not in run_reminders(app, repos)[0]
    with time_machine.travel(due + timedelta(minutes=1), tick=False):
        assert key in run_reminders(app, repos)[0]
        assert key not in run_reminders(app, repos)[0]
        [reminder] = [r for r in repos.reminders.shown(officer_recipient("dang-uy-so-giao-duc", "cap_uy_noi_cong_tac"),
                                                         clock.today()) if r.key == key]
        client.sign_in("capuy")  # days on, the member's session has ended
        assert reminder.text in client.get("/dich-vu/").get_data(as_text=True)
    mails = [m for m in inbox.messages if m[1] == "Nhắc việc: đơn xin vắng chờ xác nhận"]
    assert [m[0] for m in mails if code in m[2]] == [["vp-sgd@example.vn"]]


def test_the_cell_secretary_is_reminded_of_a_letter_waiting_for_the_cell(app, repos, inbox, client):
    from forms_service.domain.local_rules import WORKPLACE_CONFIRMS_FIRST
    from forms_service.services.local_rules import switch
    switch(repos, "quantri", "Quản trị hệ thống", WORKPLACE_CONFIRMS_FIRST, "tinh-dong-thap", YEAR, False,
           commune_id="phuong-hoa-an-tay")  # the letter goes straight to the cell
    client.sign_in("dangvien")
    code = submit_letter(client)
    letter = repos.letters.get(code)
    key = f"don_cho_chi_bo~{code}"
    with time_machine.travel(letter_due_at(letter, letter.submitted_at) + timedelta(minutes=1), tick=False):
        keys = run_reminders(app, repos)[0]
        assert key in keys and f"don_cho_xac_nhan~{code}" not in keys
        client.sign_in("bithu")
        home = client.get("/dich-vu/").get_data(as_text=True)
        assert f"Đơn xin vắng {code}" in home and "đang chờ chi ủy cho ý kiến" in home
    mails = [m for m in inbox.messages if m[1] == "Nhắc việc: đơn xin vắng chờ chi ủy" and code in m[2]]
    assert [m[0] for m in mails] == [["khom1@example.vn"]]


def test_the_meeting_reminder_asks_a_letter_only_in_the_communes_whose_practice_asks_one(app, repos):
    with at(AHEAD - timedelta(days=1)):
        run_reminders(app, repos)
        today = clock.today()
        khom_1 = repos.reminders.shown(member_recipient("dv-001"), today)  # a ward of former Đồng Tháp
        tien_giang = [m for m in repos.members.of_cell("chi-bo-ap-tan-hoa") if m.attends_residence_meetings]
        others = [r for m in tien_giang for r in repos.reminders.shown(member_recipient(m.id), today)]
    assert any("gửi đơn xin vắng trước buổi sinh hoạt" in r.text for r in khom_1)
    assert others and all("báo cho chi ủy chi bộ nơi cư trú" in r.text and "đơn" not in r.text
                          for r in others if r.kind == "hop_chi_bo")


def test_cell_secretaries_are_reminded_14_days_before_the_comment_deadline(app, repos, inbox, client):
    deadline = clock.today() + timedelta(days=30)
    client.sign_in("capuy")
    bad = client.post_form("/dich-vu/phieu-nhan-xet/xin-y-kien",
                           {"year": str(YEAR), "who": "dv-001", "deadline": f"{clock.today() - timedelta(days=1):%d/%m/%Y}"})
    assert bad.get_data(as_text=True).count("Hạn gửi lại phiếu phải từ hôm nay trở đi.") == 2
    client.post_form("/dich-vu/phieu-nhan-xet/xin-y-kien", {"year": str(YEAR), "who": "dv-001",
                                                            "deadline": f"{deadline:%d/%m/%Y}"})
    [comment] = [c for c in repos.comments.for_workplace("dang-uy-so-giao-duc", YEAR) if c.member_id == "dv-001"]
    assert comment.deadline == deadline
    key = f"han_nhan_xet~{comment.code}"
    with at(deadline - timedelta(days=15)):
        assert key not in run_reminders(app, repos)[0]
    with at(deadline - timedelta(days=14)):
        assert key in run_reminders(app, repos)[0]
        client.sign_in("bithu")  # days on, the officer's session has ended
        home = client.get("/dich-vu/").get_data(as_text=True)
        assert f"gửi lại chậm nhất ngày {deadline:%d/%m/%Y}" in home
    with at(deadline - timedelta(days=3)):
        assert key not in run_reminders(app, repos)[0]
    mails = [m for m in inbox.messages if comment.code in m[2]]
    assert [(m[0], m[1]) for m in mails] == [(["khom1@example.vn"], "Nhắc việc: hạn gửi phiếu nhận xét đảng viên")]


def test_a_failed_send_stays_in_the_outbox_and_goes_on_the_next_run(app, repos, inbox):
    meeting = meeting_ahead(repos)
    working_port = app.config["SMTP_PORT"]
    app.config.update(SMTP_PORT=free_port())  # nobody listens there
    with at(AHEAD - timedelta(days=7)):
        keys, (done, failed) = run_reminders(app, repos)
    key = f"hop_chi_bo~{meeting.id}~dv-001~7"
    # a reminder to nobody with an address is done with at once; dv-001's failed and waits
    assert key in keys and failed >= 1 and inbox.messages == []
    assert key in [m["about"] for m in repos.outbox.waiting()]
    app.config.update(SMTP_PORT=working_port)
    with at(AHEAD - timedelta(days=6)):
        keys_again, (done, failed) = run_reminders(app, repos)
    assert keys_again == [] and failed == 0 and done >= 1
    assert [m[0] for m in inbox.messages].count(["an@example.vn"]) == 1
    assert repos.outbox.waiting() == []
    assert repos.reminders.get(member_recipient("dv-001"), key) is not None
