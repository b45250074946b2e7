"""services.introductions: a move to another commune goes through that commune — a new
letter (Mẫu 1-213) to it, the member on the old cell's list until it receives them and
refers them to a cell (khoản 1 Điều 4 Quy định số 213-QĐ/TW). On both stores."""
from __future__ import annotations

import pytest

from forms_service.domain import clock
from forms_service.domain.introductions import ChangeKind, IntroductionState
from forms_service.domain.members import Exemption
from forms_service.services import introductions

pytestmark = pytest.mark.calendar

NEW_HOME = "Tổ 3, ấp Mỹ Thạnh, xã Mỹ Lợi Đông"


def move(repos, member_id="dv-001", commune="xa-my-loi-dong", token="move-1"):
    member = repos.members.get(member_id)
    return introductions.record_change(repos, "capuy", member, ChangeKind.MOVED_HOUSE, clock.today(), "chuyển nhà",
                                       token, new_commune_id=commune, new_address=NEW_HOME)


def cell_of(repos, cell_id):
    return [m.id for m in repos.members.of_cell(cell_id)]


def test_a_move_issues_a_letter_to_the_new_commune_and_keeps_the_old_cell(repos):
    moved, fresh = move(repos)
    assert fresh and moved.residence_cell_id == "chi-bo-khom-1" and moved.address == NEW_HOME
    assert "dv-001" in cell_of(repos, "chi-bo-khom-1")
    [letter] = [i for i in repos.introductions.waiting_for_commune("xa-my-loi-dong") if i.member_id == "dv-001"]
    assert letter.state == IntroductionState.ISSUED and letter.proposed_cell_id is None
    assert letter.workplace_id == "dang-uy-so-giao-duc" and letter.issued_on == clock.today() and letter.number
    assert repos.introductions.latest_for_member("dv-001") == letter
    assert [(m.id, i.code) for m, i in introductions.leaving(repos, "chi-bo-khom-1")] == [("dv-001", letter.code)]
    [change] = [e for e in repos.audit.entries(target="dv-001") if e["action"] == "bao_thay_doi_dang_vien"]
    assert change["gioi_thieu"] == letter.code and change["den"] == "xa-my-loi-dong"
    assert [e["target"] for e in repos.audit.entries() if e["action"] == "gioi_thieu_sinh_hoat_noi_cu_tru"
            and e["dang_vien"] == "dv-001"] == [letter.code]


def test_the_new_commune_receives_the_member_into_the_cell_it_chooses(repos):
    move(repos)
    letter = repos.introductions.latest_for_member("dv-001")
    introductions.receive_letter(repos, "xaphuong2", letter.code, clock.today(), "chi-bo-ap-my-thanh", "")
    assert "dv-001" in cell_of(repos, "chi-bo-ap-my-thanh") and "dv-001" not in cell_of(repos, "chi-bo-khom-1")
    assert introductions.leaving(repos, "chi-bo-khom-1") == []
    assert repos.members.get("dv-001").history[-1]["before"]["residence_cell_id"] == "chi-bo-khom-1"


def test_within_the_same_commune_the_commune_still_refers_the_member(repos):
    move(repos, commune="phuong-hoa-an-tay")
    letter = repos.introductions.latest_for_member("dv-001")
    assert letter.commune_id == "phuong-hoa-an-tay" and letter.state == IntroductionState.ISSUED
    assert "dv-001" in cell_of(repos, "chi-bo-khom-1") and "dv-001" not in cell_of(repos, "chi-bo-khom-2")
    introductions.receive_letter(repos, "xaphuong", letter.code, clock.today(), "chi-bo-khom-2", "")
    assert "dv-001" in cell_of(repos, "chi-bo-khom-2")


def test_a_move_posted_twice_makes_one_letter(repos):
    move(repos)
    again, fresh = move(repos)
    assert not fresh and again.address == NEW_HOME
    assert len([i for i in repos.introductions.waiting_for_commune("xa-my-loi-dong") if i.member_id == "dv-001"]) == 1
    assert len([e for e in repos.audit.entries(target="dv-001") if e["action"] == "bao_thay_doi_dang_vien"]) == 1


def test_a_member_exempt_from_introduction_moves_without_a_letter(repos):
    member = repos.members.get("dv-003")
    introductions.exempt(repos, "capuy", member, Exemption.FROM_INTRODUCTION, "mục 1.2: đơn vị sẵn sàng chiến đấu",
                         clock.today())
    moved, _ = move(repos, member_id="dv-003")
    assert moved.address == NEW_HOME and moved.residence_cell_id is None
    assert repos.introductions.latest_for_member("dv-003") is None
    assert [e for e in repos.audit.entries(target="dv-003") if e["action"] == "bao_thay_doi_dang_vien"]
