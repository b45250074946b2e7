"""The organisation's structure as stored: the units a page names, and the way from a
residence cell up to its commune and province."""
from __future__ import annotations

from ..domain.org import OrgStructure
from ..storage import Repositories


def structure(repos: Repositories) -> OrgStructure:
    return repos.units.structure()
