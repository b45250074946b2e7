"""The personal-data page tells who sees what in the service: each row names every role the service's access rules
let see that kind of record, so that the page cannot promise more privacy than the service gives."""
import re

from forms_service.domain import attendance_register, comments, introductions, letters
from forms_service.domain.access import RULES, Role

from .conftest import REPO

PAGE = REPO / "docs" / "khoa-hoc" / "bao-ve-thong-tin-ca-nhan.md"

# How the page names each role (in lower case).
NAMED_AS = {
    Role.MEMBER: "đảng viên",
    Role.CELL_SECRETARY: "bí thư chi bộ nơi cư trú",
    Role.WORKPLACE_OFFICER: "cấp ủy cơ sở nơi công tác",
    Role.COMMUNE_OFFICER: "đảng ủy xã, phường",
    Role.FRONT_COMMITTEE: "ban công tác mặt trận",
    Role.ADMIN: "quản trị hệ thống",
}

# First cell of the row in the page's "Trong dịch vụ biểu mẫu, ai thấy gì?" table → the action that opens that record.
ROWS = {
    "Đơn xin vắng": letters.LETTER_VIEW,
    "Phiếu nhận xét": comments.VIEW,
    "Sổ theo dõi": attendance_register.VIEW_ATTENDANCE_REGISTER,
    "Giấy giới thiệu": introductions.VIEW,
}


def _service_rows() -> dict[str, str]:
    section = PAGE.read_text(encoding="utf-8").split("## Trong dịch vụ biểu mẫu, ai thấy gì?", 1)
    assert len(section) == 2, "the page has no table of who sees what in the service"
    rows = {}
    for line in section[1].splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if line.startswith("|") and len(cells) == 2:
            rows[cells[0]] = cells[1].lower()
    return rows


def test_each_row_names_every_role_the_service_lets_see_it():
    rows = _service_rows()
    missing = {}
    for start, action in ROWS.items():
        row = next((text for first, text in rows.items() if first.startswith(start)), None)
        assert row is not None, start
        unnamed = [role.value for role in RULES[action] if NAMED_AS[role] not in row]
        if unnamed:
            missing[start] = unnamed
    assert not missing, missing


def test_the_front_committee_sees_none_of_those_records():
    """The page says the Front committee's account sees names only; the access rules must keep it so."""
    assert all(Role.FRONT_COMMITTEE not in RULES[action] for action in ROWS.values())
    front_row = next(text for first, text in _service_rows().items() if "Mặt trận thấy gì" in first)
    assert re.search(r"chỉ \*\*họ tên\*\*", front_row)
