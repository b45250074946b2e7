"""Every built handbook page is valid HTML for the Nu HTML Checker (tests/vnu.py)."""
import json

from tests.vnu import html_errors


def test_every_built_page_has_no_html_error(site, tmp_path):
    pages = [site.site / page for page in site.pages()]
    assert len(pages) >= 30, pages

    errors = html_errors(pages, tmp_path)

    assert not errors, json.dumps(errors, ensure_ascii=False, indent=1)[:5000]
