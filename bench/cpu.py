"""CPU time of a process tree, read from /proc: what a server spent on the journeys.

A tree is a root process (gunicorn's master, PostgreSQL's postmaster) and its descendants
(the workers, the backends), each counted with utime + stime + cutime + cstime. A process
that ends is reaped by its parent and its time moves into the parent's cutime/cstime, so
the sum over the tree never loses a finished worker nor counts one twice.
"""
from __future__ import annotations

import os
from pathlib import Path

TICK_S = 1 / os.sysconf("SC_CLK_TCK")


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(p) for p in (task / "children").read_text().split()]
        except OSError:   # the task ended meanwhile
            continue
    return found


def _own_seconds(pid: int) -> float:
    """utime + stime + cutime + cstime of one process (0 when it has just ended)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0.0
    fields = stat[stat.rindex(")") + 2:].split()   # after "pid (comm) ": state is field 3
    return sum(int(value) for value in fields[11:15]) * TICK_S


def tree_seconds(root: int) -> float:
    """CPU seconds used so far by `root` and every process under it."""
    total, waiting, seen = 0.0, [root], set()
    while waiting:
        pid = waiting.pop()
        if pid in seen:
            continue
        seen.add(pid)
        total += _own_seconds(pid)
        waiting += _children(pid)
    return total


def sample(roots: dict[str, int | None]) -> dict[str, float | None]:
    """{name: CPU seconds so far} for each named tree (None where no process is known)."""
    return {name: (tree_seconds(pid) if pid else None) for name, pid in roots.items()}
