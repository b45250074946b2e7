"""The Nu HTML Checker (vnu.jar, installed by `make test` into .tools/ with npm), run once over
many files: the checker is a Java program that takes seconds to start.

One deliberately broken page goes into every run, to prove the checker reads and reports what
it is given."""
from __future__ import annotations

import json
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
VNU = REPO / ".tools" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
BROKEN_NAME = "hong.html"
BROKEN = (
    '<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>Hỏng</title></head>'
    '<body><table><tr role="row"><td>1</td></tr></table></body></html>'
)


def html_errors(paths: list[Path], scratch: Path) -> dict[str, list[str]]:
    """File path -> "line: message" of every error vnu finds in `paths` (and not in the
    broken page it is given beside them, whose errors it must report)."""
    assert VNU.exists(), f"{VNU} is missing: run `make test` (it installs vnu-jar with npm into .tools/)"
    broken = scratch / BROKEN_NAME
    broken.write_text(BROKEN, encoding="utf-8")
    proc = subprocess.run(["java", "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, paths),
                           str(broken)], capture_output=True, text=True, timeout=900)
    report = json.loads(proc.stderr)  # vnu writes its JSON report to stderr
    errors: dict[str, list[str]] = {}
    for message in report["messages"]:
        page = message.get("url", "").removeprefix("file:")
        errors.setdefault(page, []).append(f"{message.get('lastLine')}: {message['message']}")
    assert any(path.endswith(BROKEN_NAME) for path in errors), "the checker did not report the broken page"
    return {path: found for path, found in errors.items() if not path.endswith(BROKEN_NAME)}
