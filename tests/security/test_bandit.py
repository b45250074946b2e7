"""Static analysis of the package: no bandit finding of medium severity or more, and
every `# nosec` says why."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from forms_service.config import PROJECT_ROOT

PACKAGE = PROJECT_ROOT / "forms_service"
BANDIT = Path(sys.executable).with_name("bandit")


def test_bandit_finds_nothing_of_medium_severity_or_more():
    done = subprocess.run([str(BANDIT), "-r", str(PACKAGE), "--severity-level", "medium", "--quiet",
                           "--format", "json"], capture_output=True, text=True, timeout=300)
    report = json.loads(done.stdout)
    findings = [f"{r['filename']}:{r['line_number']} {r['test_id']} {r['issue_severity']}: {r['issue_text']}"
                for r in report["results"]]
    assert findings == [], "\n".join(findings)
    assert report["errors"] == []


def test_every_nosec_carries_its_reason():
    bare = []
    for path in PACKAGE.rglob("*.py"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            match = re.search(r"#\s*nosec\b(.*)$", line)
            if match and len(re.sub(r"\bB\d{3}\b|[,\s:\-–]", "", match.group(1))) < 10:
                bare.append(f"{path.relative_to(PROJECT_ROOT)}:{number}: {line.strip()}")
    assert bare == [], "a # nosec without a reason:\n" + "\n".join(bare)
