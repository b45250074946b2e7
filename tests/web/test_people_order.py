"""Lists of people follow the Vietnamese order: by given name, letter by letter in the
Vietnamese alphabet (Đạt after Dung, before Giang; Hải before Hạnh), not by code point."""
from __future__ import annotations

import re

import pytest

from forms_service.domain.org import sort_people

pytestmark = pytest.mark.calendar

WORKPLACE = ["Nguyễn Văn An", "Trần Thị Bích", "Lê Minh Châu", "Phạm Thị Dung", "Võ Quốc Đạt", "Huỳnh Thị Giang",
             "Đặng Văn Hải", "Bùi Thị Hạnh"]


def _order(page: str) -> list[str]:
    found = [name for name in re.findall(r">([^<>]+)<", page) if name.strip() in WORKPLACE]
    return list(dict.fromkeys(name.strip() for name in found))


def test_the_vietnamese_order_itself():
    assert sort_people(WORKPLACE) == WORKPLACE
    assert sorted(WORKPLACE, key=lambda n: n.split()[-1]) != WORKPLACE  # what plain str order gave


def test_workplace_lists_of_comments_and_introductions_follow_it(client):
    client.sign_in("capuy")
    for path in ("/dich-vu/phieu-nhan-xet/", "/dich-vu/gioi-thieu/", "/dich-vu/phieu-nhan-xet/xin-y-kien"):
        names = _order(client.get(path).get_data(as_text=True))
        assert len(names) >= 5, (path, names)
        assert names == sort_people(names), (path, names)
