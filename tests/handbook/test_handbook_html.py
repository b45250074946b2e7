"""Every built handbook page is valid HTML for the Nu HTML Checker (vnu.jar, installed by `make test` into .tools/).

The checker is a Java program that takes seconds to start, so it runs once over all pages. One deliberately broken
page goes into the same run, to prove the checker reads and reports what it is given.
"""
import json
import subprocess
from pathlib import Path

from .conftest import REPO

VNU = REPO / ".tools" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
BROKEN = (
    '<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>Hỏng</title></head>'
    '<body><table><tr role="row"><td>1</td></tr></table></body></html>'
)


def _errors_by_page(paths: list[Path]) -> dict[str, list[str]]:
    proc = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=900,
    )
    report = json.loads(proc.stderr)  # vnu writes its JSON report to stderr
    errors: dict[str, list[str]] = {}
    for message in report["messages"]:
        page = message.get("url", "").removeprefix("file:")
        errors.setdefault(page, []).append(f"{message.get('lastLine')}: {message['message']}")
    return errors


def test_every_built_page_has_no_html_error(site, tmp_path):
    assert VNU.exists(), f"{VNU} is missing: run `make test` (it installs vnu-jar with npm into .tools/)"
    pages = [site.site / page for page in site.pages()]
    assert len(pages) >= 30, pages
    broken = tmp_path / "hong.html"
    broken.write_text(BROKEN, encoding="utf-8")

    errors = _errors_by_page([*pages, broken])

    assert any(path.endswith("hong.html") for path in errors), "the checker did not report the broken page"
    errors = {path: found for path, found in errors.items() if not path.endswith("hong.html")}
    assert not errors, json.dumps(errors, ensure_ascii=False, indent=1)[:5000]
