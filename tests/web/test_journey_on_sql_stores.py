"""The year's work through the web on each SQL store (SQLite and PostgreSQL): the other web
tests run on the default store (TinyDB), and the stores' own contract suite runs on all three;
this journey checks that the service's pages work on the SQL store too, end to end."""
from __future__ import annotations

import pytest

from forms_service.domain.attendance_register import Attendance, attendance_of
from forms_service.domain.letters import LetterState

from ..demo_calendar import YEAR, meeting_ahead
from .letters_helpers import decide, submit_letter
from .test_attendance_register_pages import _form_for
from .test_comments_pages import _ask, _code_of, _fill_data

pytestmark = [pytest.mark.calendar, pytest.mark.parametrize("backend", ["sqlite", "postgres"])]


def sign_out(client):
    client.post_form("/dich-vu/dang-xuat", {}, page="/dich-vu/")


def test_letter_meeting_and_comment_of_the_year(client, repos, backend):
    assert repos.db.dialect.startswith(backend)  # the app's store is the SQL store asked for

    client.sign_in("dangvien")
    code = submit_letter(client)
    sign_out(client)
    client.sign_in("capuy")
    assert decide(client, "noi-cong-tac", code, "xac_nhan").status_code == 302
    sign_out(client)
    client.sign_in("bithu")
    assert decide(client, "chi-bo", code, "dong_y", "Đồng ý").status_code == 302
    assert repos.letters.get(code).state == LetterState.AGREED

    meeting = meeting_ahead(repos)
    fields, page = _form_for(client, meeting.id)
    assert code in page  # the agreed letter is offered beside the member's name
    recorded = client.post_form(f"/dich-vu/so-theo-doi/buoi/{meeting.id}",
                                {fields["Nguyễn Văn An"]: "vang_co_don", fields["Trần Thị Bích"]: "co_mat",
                                 "roster": fields["roster"]})
    assert recorded.status_code == 302
    entries = attendance_of(repos.meetings.get(meeting.id))
    assert entries["dv-001"].status == Attendance.EXCUSED and entries["dv-001"].letter_code == code
    sign_out(client)

    assert _ask(client, "dv-001").status_code == 302
    comment = _code_of(repos, "dv-001")
    sign_out(client)
    client.sign_in("bithu")
    _, answers = _fill_data(client, comment)
    assert client.post_form(f"/dich-vu/phieu-nhan-xet/{comment}/dien", answers).status_code == 302
    assert client.post_form(f"/dich-vu/phieu-nhan-xet/{comment}/kiem-tra", {}).status_code == 302
    sign_out(client)
    client.sign_in("capuy")
    client.post_form(f"/dich-vu/phieu-nhan-xet/{comment}/da-nhan", {}, page=f"/dich-vu/phieu-nhan-xet/{comment}")
    assert repos.comments.get(comment).state == "da_nhan"
    pdf = client.get(f"/dich-vu/phieu-nhan-xet/{comment}.pdf")
    assert pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")
    sign_out(client)

    client.sign_in("dangvien")
    letter_pdf = client.get(f"/dich-vu/don-xin-vang/{code}/don.pdf")
    assert letter_pdf.status_code == 200 and letter_pdf.data.startswith(b"%PDF")
    assert any(c.code == comment for c in repos.comments.for_cell("chi-bo-khom-1", YEAR))
