"""The README stays short enough to read in ten minutes, and every part moved out of it has a home."""
from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LINK = re.compile(r"\]\(([^)#\s]+)(#[^)]*)?\)")


def test_the_readme_is_at_most_200_lines():
    assert len((ROOT / "README.md").read_text(encoding="utf-8").splitlines()) <= 200


def test_every_link_of_the_readme_and_its_companions_leads_to_a_file():
    pages = [ROOT / "README.md", ROOT / "ARCHITECTURE.md", ROOT / "deploy" / "README.md",
             ROOT / "bench" / "README.md", ROOT / "forms_service" / "documents" / "README.md",
             ROOT / "data" / "rules" / "README.md"]
    missing = [f"{page.relative_to(ROOT)} → {target}" for page in pages
               for target, _ in LINK.findall(page.read_text(encoding="utf-8"))
               if not target.startswith(("http://", "https://")) and not (page.parent / target).exists()]
    assert missing == []
