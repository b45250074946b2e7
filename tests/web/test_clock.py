"""One clock: Việt Nam's. A comment sent at 00:30 in Đồng Tháp (17:30 UTC the day before)
and one sent at 23:30 are both dated the local day, on the page and in the record."""
from __future__ import annotations

from datetime import date, datetime, time

import pytest
import time_machine

from forms_service.domain import clock

from .test_comments_pages import _ask, _code_of, _fill_data

pytestmark = pytest.mark.calendar


@pytest.mark.parametrize("hour_minute", [(0, 30), (23, 30)])
def test_a_comment_sent_late_at_night_or_just_after_midnight_is_dated_the_local_day(client, repos, hour_minute):
    day = date(clock.today().year, 3, 5) if clock.today().month > 3 else clock.today()
    moment = datetime.combine(day, time(*hour_minute), tzinfo=clock.ZONE)
    with time_machine.travel(moment, tick=False):
        assert clock.today() == day and clock.now().utcoffset().total_seconds() == 7 * 3600
        _ask(client, "dv-007")
        code = _code_of(repos, "dv-007")
        client.post_form("/dich-vu/dang-xuat", {}, page="/dich-vu/")
        client.sign_in("bithu")
        _, data = _fill_data(client, code)
        client.post_form(f"/dich-vu/phieu-nhan-xet/{code}/dien", data)
        client.post_form(f"/dich-vu/phieu-nhan-xet/{code}/kiem-tra", {})
    comment = repos.comments.get(code)
    assert comment.submitted_on == day
    assert comment.history[-1]["at"] == moment.isoformat()  # stored with its offset, +07:00
