"""Is a store whole? Every file parses, the repositories read it, the indexes agree."""
from __future__ import annotations

import json
from pathlib import Path

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


def index_problems(root: Path) -> list[str]:
    """Everything the repositories' indexes point at exists, and every member is indexed."""
    repos = open_store(root)
    problems = []
    org = repos.units.structure()
    for shard in repos.store.shards("idx-member-workplace"):
        for doc in shard.all():
            member = repos.members.get(doc["k"])
            if member is None or member.workplace_id != doc["v"]:
                problems.append(f"member index {doc['k']} -> {doc['v']} points at nothing")
    for shard in repos.store.shards("members"):
        for doc in shard.all():
            if repos.members.get(doc["id"]) is None:
                problems.append(f"member {doc['id']} is not in the index")
            cell = doc.get("residence_cell_id")
            if cell and org.get(cell) is None:
                problems.append(f"member {doc['id']} lives in an unknown cell {cell}")
    repos.accounts.all()  # every account parses into the domain type
    return problems + letter_index_problems(repos)


def letter_index_problems(repos) -> list[str]:
    """Each stored letter is found through the code index, and the year's counter is
    past every number used (else a new letter would reuse a code)."""
    if not hasattr(repos, "letters"):
        return []
    problems, highest = [], {}
    for shard in repos.store.shards("letters"):
        for doc in shard.all():
            if repos.letters.locator.get(doc["code"]) != shard.path.stem:
                problems.append(f"letter {doc['code']} in {shard.path.stem} is not indexed there")
            _, year, number = doc["code"].split("-")
            highest[year] = max(highest.get(year, 0), int(number))
    for year, number in highest.items():
        counter = repos.store.shard("counters", f"letters-{year}").all()
        if not counter or counter[0]["n"] < number:
            problems.append(f"counter letters-{year} is behind the highest code {number}")
    return problems
