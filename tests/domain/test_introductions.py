"""Exemptions as Hướng dẫn 33 words them, and a move that goes through the new commune
(khoản 1 Điều 4 Quy định số 213-QĐ/TW): the domain rules, on plain records."""
from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime

import pytest

from forms_service.domain.introductions import (ChangeKind, IntroductionError, IntroductionState, apply_change,
                                                exemption_grounds, is_moving_out, issue, move_needs_letter, receive,
                                                record_exemption)
from forms_service.domain.members import EXEMPTION_LABELS, Exemption

from .helpers_attendance_register import member

AUGUST = date(2026, 8, 20)
# "HD 33, mục 1.1" puts the document before its section: Vietnamese cites the section first
ENGLISH_ORDER = re.compile(r"HD\s*33,\s*mục|\(HD 33")


def test_the_grounds_are_in_the_guidance_words_and_who_decides_is_unconfirmed():
    grounds = exemption_grounds()
    study = grounds["residence_activity"]["groups"][2]
    assert "học tập trung 12 tháng trong năm" in study
    assert "trở lên" not in " ".join(grounds["residence_activity"]["groups"])
    assert grounds["residence_activity"]["section"] == "mục 1.1 Hướng dẫn số 33-HD/BTCTW"
    assert grounds["introduction"]["section"] == "mục 1.2 Hướng dẫn số 33-HD/BTCTW"
    assert "chưa đối chiếu được văn bản gốc" in grounds["who_decides"]
    assert "cần đối chiếu văn bản gốc" in grounds["who_decides_short"]


def test_the_exemption_labels_cite_the_section_first():
    for exemption in (Exemption.FROM_RESIDENCE_ACTIVITY, Exemption.FROM_INTRODUCTION):
        assert not ENGLISH_ORDER.search(EXEMPTION_LABELS[exemption])
    assert EXEMPTION_LABELS[Exemption.FROM_RESIDENCE_ACTIVITY].endswith("(mục 1.1 Hướng dẫn số 33-HD/BTCTW)")
    assert EXEMPTION_LABELS[Exemption.FROM_INTRODUCTION].endswith("(mục 1.2 Hướng dẫn số 33-HD/BTCTW)")


def test_the_history_does_not_name_who_decided_and_says_it_is_unconfirmed():
    recorded = record_exemption(member(), Exemption.FROM_RESIDENCE_ACTIVITY, "mục 1.1 nhóm 3: học tập trung",
                                on=AUGUST, applies_from=date(2026, 9, 1))
    line = recorded.history[-1]["change"]
    assert "mục 1.1 Hướng dẫn số 33-HD/BTCTW" in line and "từ ngày 01/09/2026" in line
    assert "ai quyết định miễn: cần đối chiếu văn bản gốc" in line
    assert "quyết định miễn theo" not in line and not ENGLISH_ORDER.search(line)


def test_a_member_exempt_from_introduction_is_refused_a_letter_in_vietnamese_order():
    exempt = member(exemption=Exemption.FROM_INTRODUCTION)
    with pytest.raises(IntroductionError) as refused:
        issue("GT-2026-00001", "1-GGT/ĐU", exempt, "xa-my-loi-dong", None, AUGUST, "capuy")
    assert "(mục 1.2 Hướng dẫn số 33-HD/BTCTW)" in str(refused.value)


def test_the_errors_of_an_exemption_name_their_field():
    with pytest.raises(IntroductionError) as no_ground:
        record_exemption(member(), Exemption.FROM_RESIDENCE_ACTIVITY, " ", on=AUGUST, applies_from=AUGUST)
    with pytest.raises(IntroductionError) as no_date:
        record_exemption(member(), Exemption.FROM_RESIDENCE_ACTIVITY, "mục 1.1 nhóm 2", on=AUGUST)
    assert (no_ground.value.field, no_date.value.field) == ("ground", "applies_from")


def move(who=None, commune="xa-my-loi-dong", address="Tổ 3, ấp Mỹ Thạnh, xã Mỹ Lợi Đông"):
    return apply_change(who or member(), ChangeKind.MOVED_HOUSE, AUGUST, "", new_commune_id=commune,
                        new_address=address)


def test_a_move_keeps_the_cell_and_records_the_new_address():
    moved = move()
    assert moved.residence_cell_id == "chi-bo-khom-1"  # until the new commune refers the member to a cell
    assert moved.address == "Tổ 3, ấp Mỹ Thạnh, xã Mỹ Lợi Đông"
    assert moved.history[-1]["before"] == {"address": ""}
    assert "đảng ủy xã, phường nơi cư trú mới" in moved.history[-1]["change"]


@pytest.mark.parametrize("commune, address, field", [(None, "Tổ 3, ấp Mỹ Thạnh", "new_commune"),
                                                     ("xa-my-loi-dong", "  ", "new_address")])
def test_a_move_needs_the_new_commune_and_address(commune, address, field):
    with pytest.raises(IntroductionError) as refused:
        move(commune=commune, address=address)
    assert refused.value.field == field and str(refused.value).startswith("Vui lòng")


def test_a_move_is_a_letter_except_for_a_member_exempt_from_introduction():
    assert move_needs_letter(member())
    assert move_needs_letter(member(exemption=Exemption.FROM_RESIDENCE_ACTIVITY))
    assert not move_needs_letter(member(exemption=Exemption.FROM_INTRODUCTION))


def test_the_old_cell_keeps_a_moving_member_until_the_new_commune_receives_them():
    moved = move()
    letter = issue("GT-2026-00007", "7-GGT/ĐU", moved, "xa-my-loi-dong", None, AUGUST, "capuy")
    assert is_moving_out(moved, letter)
    received, arrived = receive(letter, moved, date(2026, 8, 25), "chi-bo-ap-my-thanh", "", "xaphuong2",
                                at=datetime(2026, 8, 25, 9, 0))
    assert received.state == IntroductionState.RECEIVED and arrived.residence_cell_id == "chi-bo-ap-my-thanh"
    assert not is_moving_out(arrived, received)


def test_a_letter_to_the_member_s_own_cell_is_not_a_move():
    own = issue("GT-2026-00008", "8-GGT/ĐU", member(), "phuong-hoa-an-tay", "chi-bo-khom-1", AUGUST, "capuy")
    assert not is_moving_out(member(), own)
    assert not is_moving_out(member(), None)
    assert not is_moving_out(replace(member(), residence_cell_id=None),
                             issue("GT-2026-00009", "9-GGT/ĐU", member(), "xa-my-loi-dong", None, AUGUST, "capuy"))
