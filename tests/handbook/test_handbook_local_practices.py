"""The course pages do not present Đồng Tháp's demands as general rules: wherever they speak
of a letter confirmed by the workplace, or of absence reasons written in "nhận xét khác", the
same paragraph says it is the former Đồng Tháp province's ("Đồng Tháp cũ") demand reported by Báo Đồng Tháp, and
the model invitation and text message do not ask every member for a letter."""
import html
import re

import pytest

COURSE_PAGES = ["khoa-hoc/tai-lieu-phat-tay/index.html", "khoa-hoc/index.html",
                "khoa-hoc/huong-dan-nguoi-huong-dan/index.html", "khoa-hoc/giay-moi-va-thong-bao/index.html",
                "khoa-hoc/chuong-trinh-bien-ban-mau/index.html"]
BLOCK = re.compile(r"<(p|li)\b[^>]*>(.*?)</\1>", re.S)


def blocks(site, page: str) -> list[str]:
    text = (site.site / page).read_text(encoding="utf-8")
    article = text[text.index("<article"):text.index("</article>")]
    return [" ".join(html.unescape(re.sub(r"<[^>]+>", " ", inner)).split()) for _, inner in BLOCK.findall(article)]


def states_a_dong_thap_demand(block: str) -> bool:
    letter = "đơn" in block and "xác nhận của cấp ủy cơ sở nơi công tác" in block
    remarks = "nhận xét khác" in block and "lý do" in block
    return letter or remarks


@pytest.mark.parametrize("page", COURSE_PAGES)
def test_a_dong_thap_demand_is_named_as_such_where_a_course_page_states_it(site, page):
    stated = [b for b in blocks(site, page) if states_a_dong_thap_demand(b)]
    assert stated, "the page speaks of the practice"
    for block in stated:
        # the province of the article, before its merger on 1/7/2025, and the article itself
        assert "Đồng Tháp cũ" in block and "Báo Đồng Tháp, 02/3/2024" in block, block
    assert not any(re.search(r"nhận xét khác\W*\(Điều 4\)", b) for b in blocks(site, page))


def test_the_model_invitation_and_text_message_ask_to_tell_the_cell_not_for_a_letter(site):
    found = blocks(site, "khoa-hoc/giay-moi-va-thong-bao/index.html")
    invitation = next(b for b in found if b.startswith("Trường hợp không dự được"))
    message = next(b for b in found if b.startswith("Tin nhắn ngắn"))
    for model in (invitation, message):
        assert "báo" in model and "lý do" in model and "đơn" not in model
    assert not any("Người vắng phải có đơn" in b for b in blocks(site, "khoa-hoc/huong-dan-nguoi-huong-dan/index.html"))
