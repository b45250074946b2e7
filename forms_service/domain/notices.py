"""Ready texts to paste into the cell's Zalo or SMS group: a meeting notice, or a page worth passing on.

Plain text only (Zalo and SMS show no markup), short lines, the date written with its weekday, which older
members read more easily than a bare dd/mm/yyyy. Whether the notice asks for an absence letter is the
province's practice (domain.local_rules), given here as a plain answer."""
from __future__ import annotations

from datetime import date

from .meetings import Meeting

WEEKDAYS = ("thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật")


def spoken_date(on: date) -> str:
    """date(2026, 12, 12) -> "thứ Bảy, ngày 12/12/2026"."""
    return f"{WEEKDAYS[on.weekday()]}, ngày {on:%d/%m/%Y}"


def meeting_notice_text(meeting: Meeting, cell_name: str, letter_asked: bool, link: str) -> str:
    """The notice of a meeting. `link` is the public page a member opens from the message: the absence
    letter form where the province asks for a letter, the handbook's page on the meeting otherwise."""
    when = spoken_date(meeting.date)
    lines = [f"{cell_name} thông báo: sinh hoạt với đảng viên đang công tác ở nơi cư trú.",
             "Thời gian: " + (f"{meeting.time}, {when}" if meeting.time else when) + ".",
             f"Địa điểm: {meeting.place or 'chi ủy sẽ báo sau'}."]
    if meeting.topic:
        lines.append(f"Nội dung: {meeting.topic}.")
    if letter_asked:
        lines.append("Đồng chí nào không dự được, làm đơn xin vắng nêu rõ lý do, nhờ cấp ủy nơi công tác xác nhận "
                     f"rồi gửi chi ủy trước ngày {meeting.date:%d/%m/%Y}. Mẫu đơn (tải hoặc điền trên mạng): {link}")
    else:
        lines.append(f"Đồng chí nào không dự được, báo trước cho chi ủy. Xem thêm: {link}")
    return "\n".join(lines)


def page_share_text(title: str, link: str) -> str:
    """A handbook or form page passed on: what it is, and where."""
    return f"Sổ tay 213 – {title}\n{link}"
