"""The year's ZIP of comments: 200 returned comments, kept by `render` on every core,
stream out of the store as 200 readable PDFs, each the kept copy byte for byte."""
from __future__ import annotations

import io
import zipfile

import pytest

from forms_service.domain import clock
from forms_service.domain.comments import comment_form
from forms_service.domain.members import Member
from forms_service.services import comments as comment_service
from forms_service.services.render_batch import render_missing
from tests.document_text import pdf_text

# the ZIP's size, not its dates, is what this test is about: it runs once, on today's date
pytestmark = [pytest.mark.calendar, pytest.mark.slow]

COUNT = 200


def _returned_comments(repos, workplace: str, count: int) -> list[str]:
    """`count` more members of the workplace, asked, filled in and sent as a cell would."""
    like = next(m for m in repos.members.of_workplace(workplace) if m.residence_cell_id).to_record()
    for i in range(count):
        repos.members.save(Member.from_record({**like, "id": f"dv-zip-{i:03d}", "full_name": f"Trần Văn Mẫu {i:03d}",
                                               "email": "", "phone": ""}))
    members = [repos.members.get(f"dv-zip-{i:03d}") for i in range(count)]
    asked, _ = comment_service.request(repos, "capuy", workplace, clock.today().year, members, token="zip-200")
    spec = comment_form()
    for comment in asked:
        ratings = {c.id: c.levels[0][0] for c in spec.criteria(comment.variant)}
        comment_service.save(repos, "bithu", comment.code, ratings, spec.proposals[0][0], "", "Lê Thị Bí Thư")
        comment_service.send(repos, "bithu", comment.code)
    return [c.code for c in asked]


def test_the_zip_of_200_streams_200_valid_kept_pdfs(client, repos):
    year = clock.today().year
    workplace = repos.accounts.get("capuy").unit_id
    codes = _returned_comments(repos, workplace, COUNT)
    assert set(codes) <= set(repos.kept.waiting())
    kept, failed = render_missing(repos, "http://sotay.test", year, "phieu-nhan-xet")
    assert failed == [] and kept >= COUNT
    client.sign_in("capuy")
    response = client.get(f"/dich-vu/phieu-nhan-xet/nam-{year}.zip")
    assert response.status_code == 200 and response.is_streamed
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    assert archive.testzip() is None
    ours = {name.split(" ", 1)[0]: name for name in archive.namelist() if "Trần Văn Mẫu" in name}
    assert sorted(ours) == sorted(codes)
    for code, name in ours.items():
        content = archive.read(name)
        assert content == repos.kept.get(code, "pdf").content
        assert code in pdf_text(content)
