"""Every address the handbook links to in the service (mkdocs.yml, extra.dich_vu) answers:
a page or a download for anyone, or the sign-in page for what needs an account."""
from __future__ import annotations

import pytest
import yaml

from forms_service.config import PROJECT_ROOT

pytestmark = pytest.mark.calendar


def _service_links() -> dict[str, str]:
    config = yaml.load((PROJECT_ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    return config["extra"]["dich_vu"]


def test_every_service_link_of_the_handbook_answers(client):
    links = _service_links()
    assert len(links) >= 10
    for name, path in links.items():
        response = client.get(path)
        if response.status_code == 302:
            assert "/dich-vu/dang-nhap" in response.headers["Location"], (name, path)
            continue
        assert response.status_code == 200, (name, path, response.status_code)
        if path.endswith(".pdf"):
            assert response.data.startswith(b"%PDF"), (name, path)
        elif path.endswith(".docx"):
            assert response.data.startswith(b"PK"), (name, path)
