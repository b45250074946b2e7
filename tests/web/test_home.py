"""Each role's home page: its actions first, each with how many wait, then what waits;
every action leads to a page the person may open."""
from __future__ import annotations

import re
from datetime import datetime

import pytest

from ..conftest import tinydb_only

pytestmark = pytest.mark.calendar

EXPECTED_ACTIONS = {
    "dangvien": ["Viết đơn xin vắng sinh hoạt", "Đơn của tôi", "Phiếu nhận xét về tôi", "Giấy giới thiệu của tôi"],
    "bithu": ["Sổ theo dõi sinh hoạt", "Lên lịch buổi sinh hoạt", "Đơn xin vắng gửi chi bộ", "Phiếu cần nhận xét",
              "Giấy giới thiệu đảng viên về chi bộ", "Danh sách đảng viên của chi bộ", "Quản lý tài khoản"],
    "capuy": ["Đơn xin vắng chờ xác nhận", "Xin ý kiến nhận xét", "Phiếu nhận xét đã nhận",
              "Giấy giới thiệu và báo thay đổi", "Nhập danh sách đảng viên từ tệp Excel",
              "Danh sách đảng viên của đơn vị", "Quản lý tài khoản"],
    "xaphuong": ["Giám sát thực hiện Quy định 213", "Giấy giới thiệu chờ tiếp nhận",
                 "Đơn xin vắng sinh hoạt trong xã, phường", "Nhập danh sách đảng viên, tài khoản, chi bộ",
                 "Chi bộ trong xã, phường: thêm, đổi tên, sáp nhập", "Danh sách đảng viên trong xã, phường", "Quản lý tài khoản"],
    "quantri": ["Tài khoản, đơn vị, nhập danh sách", "Quy định của địa phương (bật, tắt theo tỉnh và năm)",
                "Giám sát thực hiện Quy định 213", "Phòng tập huấn", "Quản lý tài khoản"],
}


def _actions(page: str) -> list[tuple[str, str]]:
    section = page.split("<h2>Việc của đồng chí</h2>", 1)[1].split("</ul>", 1)[0]
    return re.findall(r'<a href="([^"]+)">([^<]+)</a>', section)


@pytest.mark.parametrize("username", sorted(EXPECTED_ACTIONS))
def test_home_page_lists_the_roles_actions_and_each_opens(client, username):
    client.sign_in(username)
    page = client.get("/dich-vu/").get_data(as_text=True)
    assert '<a href="/dich-vu/">Trang của tôi</a>' in page
    actions = _actions(page)
    for expected, (url, text) in zip(EXPECTED_ACTIONS[username], actions, strict=True):
        assert text.startswith(expected)
        assert client.get(url.replace("&amp;", "&")).status_code == 200, url
    assert "<h2>Đang chờ đồng chí</h2>" in page


def test_each_waiting_action_says_how_many_wait(client, repos):
    client.sign_in("capuy")
    page = client.get("/dich-vu/").get_data(as_text=True)
    waiting = len(repos.letters.waiting_for_workplace(repos.accounts.get("capuy").unit_id))
    assert re.search(r"Đơn xin vắng chờ xác nhận</a> <span class=\"count\">(\d+) đang chờ", page).group(1) == str(waiting)


def test_commune_officer_reads_the_communes_letters_by_year(client, repos):
    client.sign_in("xaphuong")
    officer = repos.accounts.get("xaphuong")
    org = repos.units.structure()
    cells = org.children(officer.unit_id)
    from forms_service.domain import clock
    year = clock.today().year
    letters = [x for cell in cells for x in repos.letters.for_cell(cell.id, year)]
    page = client.get(f"/dich-vu/don-xin-vang/xa-phuong/?nam={year}").get_data(as_text=True)
    assert letters, "the demo has letters in the commune"
    for letter in letters:
        assert letter.code in page
    assert client.get(f"/dich-vu/don-xin-vang/{letters[0].code}").status_code == 200
    empty = client.get(f"/dich-vu/don-xin-vang/xa-phuong/?nam={year - 3}").get_data(as_text=True)
    assert letters[0].code not in empty and "chưa có đơn nào" in empty


def test_other_roles_cannot_open_the_communes_letter_list_or_the_admin_page(client):
    client.sign_in("bithu")
    assert client.get("/dich-vu/don-xin-vang/xa-phuong/").status_code == 403
    assert client.get("/dich-vu/quan-tri/").status_code == 403


def test_member_sees_only_the_state_of_their_comment(client, repos):
    client.sign_in("dangvien")
    page = client.get("/dich-vu/phieu-nhan-xet/cua-toi").get_data(as_text=True)
    assert "Tình trạng" in page
    member_id = repos.accounts.get("dangvien").member_id
    member = repos.members.get(member_id)
    from forms_service.domain import clock
    comments = [c for c in repos.comments.for_workplace(member.workplace_id, clock.today().year)
                if c.member_id == member_id]
    if comments:
        assert comments[0].state_label in page
    assert "Phiếu nhận xét" in page and "/dien" not in page


@tinydb_only  # the file store's ceiling; a database has none
def test_the_administrator_is_told_when_the_file_store_has_outgrown_its_kind(client, repos, monkeypatch):
    from forms_service.storage.tinydb import check

    client.sign_in("quantri")
    assert "Kho dữ liệu đã quá lớn" not in client.get("/dich-vu/").get_data(as_text=True)
    monkeypatch.setattr(check, "CEILING_BYTES", repos.store.size() - 1)   # the demo's file, one byte past it
    page = client.get("/dich-vu/").get_data(as_text=True)
    assert "Kho dữ liệu đã quá lớn" in page and "copy-store --to sqlite:///" in page
    client.post_form("/dich-vu/dang-xuat", {}, page="/dich-vu/")
    client.sign_in("bithu")
    assert "Kho dữ liệu đã quá lớn" not in client.get("/dich-vu/").get_data(as_text=True)


def test_the_administrator_sees_how_many_mails_wait_and_since_when(client, app, repos):
    from dataclasses import replace

    from forms_service.services.notify import deliver
    from forms_service.services.smtp import MailSettings
    from .letters_helpers import submit_letter
    from .test_letters_email import free_port
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=free_port())  # a mail server that is down
    repos.members.save(replace(repos.members.get("dv-001"), email="an@example.vn"))
    client.sign_in("dangvien")
    submit_letter(client)
    assert deliver(repos, MailSettings.from_config(app.config)) == (0, 1)
    client.post_form("/dich-vu/dang-xuat", {}, page="/dich-vu/")
    client.sign_in("quantri")
    queued_at = datetime.fromisoformat(repos.outbox.waiting()[0]["queued_at"])
    page = client.get("/dich-vu/").get_data(as_text=True)
    assert f"1 thư đang chờ gửi, thư cũ nhất từ {queued_at:%H:%M ngày %d/%m/%Y}" in page
