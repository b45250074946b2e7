"""Service tests run on a real store: a fresh copy of the demo province per test."""
from __future__ import annotations

import shutil

import pytest

from forms_service.storage import open_store


@pytest.fixture
def repos(demo_store, tmp_path):
    return open_store(shutil.copytree(demo_store, tmp_path / "data"))
