"""The texts a secretary pastes into the cell's Zalo or SMS group."""
from __future__ import annotations

from datetime import date

from forms_service.domain.meetings import Meeting
from forms_service.domain.notices import meeting_notice_text, page_share_text, spoken_date

MEETING = Meeting(id="chi-bo-khom-1~20261212-1", cell_id="chi-bo-khom-1", date=date(2026, 12, 12), time="19:30",
                  place="Nhà văn hóa khóm 1", topic="Góp ý phiếu nhận xét cuối năm")
LINK = "https://sotay.example/dich-vu/mau-don/don-xin-vang/"


def test_the_date_is_written_with_its_weekday():
    assert spoken_date(date(2026, 12, 12)) == "thứ Bảy, ngày 12/12/2026"
    assert spoken_date(date(2026, 12, 13)) == "Chủ nhật, ngày 13/12/2026"


def test_a_meeting_notice_carries_time_date_place_agenda_and_link():
    text = meeting_notice_text(MEETING, "Chi bộ Khóm 1", letter_asked=True, link=LINK)
    assert text.startswith("Chi bộ Khóm 1 thông báo")
    assert "Thời gian: 19:30, thứ Bảy, ngày 12/12/2026." in text
    assert "Địa điểm: Nhà văn hóa khóm 1." in text
    assert "Nội dung: Góp ý phiếu nhận xét cuối năm." in text
    assert text.rstrip().endswith(LINK)


def test_the_letter_sentence_only_where_the_province_asks_for_letters():
    asked = meeting_notice_text(MEETING, "Chi bộ Khóm 1", letter_asked=True, link=LINK)
    not_asked = meeting_notice_text(MEETING, "Chi bộ Khóm 1", letter_asked=False, link="https://sotay.example/x/")
    assert "làm đơn xin vắng" in asked and "trước ngày 12/12/2026" in asked
    assert "đơn" not in not_asked and "báo trước cho chi ủy" in not_asked


def test_a_meeting_without_time_place_or_topic_still_reads_well():
    bare = Meeting(id="x~20261212-1", cell_id="x", date=date(2026, 12, 12))
    text = meeting_notice_text(bare, "Chi bộ Khóm 1", letter_asked=False, link=LINK)
    assert "Thời gian: thứ Bảy, ngày 12/12/2026." in text
    assert "Địa điểm: chi ủy sẽ báo sau." in text and "Nội dung" not in text


def test_a_page_passed_on_names_the_handbook_and_the_page():
    assert page_share_text("Xin vắng sinh hoạt", "https://s.vn/thu-tuc/xin-vang/") == (
        "Sổ tay 213 – Xin vắng sinh hoạt\nhttps://s.vn/thu-tuc/xin-vang/")
