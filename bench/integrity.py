"""Is a store whole? Every file parses, the repositories read it, the indexes and summaries agree."""
from __future__ import annotations

import json
from pathlib import Path

from forms_service.domain.org import UnitKind
from forms_service.services.check import check_store
from forms_service.storage import open_store


def broken_files(root: Path) -> list[str]:
    """Store files that do not parse: *.json whole, *.jsonl line by line."""
    broken = []
    for path in sorted(Path(root).rglob("*.json")):
        try:
            json.loads(path.read_bytes())
        except ValueError as error:
            broken.append(f"{path.relative_to(root)}: {error}")
    for path in sorted(Path(root).rglob("*.jsonl")):
        for number, line in enumerate(path.read_bytes().splitlines(), start=1):
            try:
                json.loads(line)
            except ValueError as error:
                broken.append(f"{path.relative_to(root)} line {number}: {error}")
    return broken


def leftover_temp_files(root: Path) -> list[str]:
    """Temporary files of writes that were interrupted (harmless: never read)."""
    return [str(p.relative_to(root)) for p in Path(root).rglob(".*.tmp")]


def index_problems(root: Path | str) -> list[str]:
    """What `check` finds: every index and summary rebuilt from the records and compared
    with the stored one (the waiting lists, the member's letters, the registers, the
    comments and introductions, oversight's numbers, the counters), after finishing any
    change a killed worker left half-way; plus members in cells that do not exist."""
    repos = open_store(root)
    try:
        org = repos.units.structure()
        problems = [f"member {m.id} lives in an unknown cell {m.residence_cell_id}"
                    for workplace in org.of_kind(UnitKind.WORKPLACE)
                    for m in repos.members.of_workplace(workplace.id)
                    if m.residence_cell_id and org.get(m.residence_cell_id) is None]
        return problems + check_store(repos).differences
    finally:
        repos.close()
