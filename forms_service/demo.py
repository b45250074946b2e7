"""The demo province for training rooms and tests: load it, or put it back as it was."""
from __future__ import annotations

import shutil
from pathlib import Path
from typing import Callable

from .domain.demo import DEMO_FILE, demo_data, demo_meeting_dates
from .services.demo import load_demo
from .storage import Repositories


def reset_demo(data_dir: Path, open_repos: Callable[[Path], Repositories]) -> Repositories:
    """Back to the starting state, for the next training session."""
    data_dir = Path(data_dir)
    if data_dir.exists():
        shutil.rmtree(data_dir)
    repos = open_repos(data_dir)
    load_demo(repos)
    return repos


__all__ = ["DEMO_FILE", "demo_data", "demo_meeting_dates", "load_demo", "reset_demo"]
