"""Reliability runs through real gunicorn workers on loopback (short versions; the bench
runs the same checks longer)."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import DEMO_PASSWORD

@pytest.fixture
def store_copy(demo_store, tmp_path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(demo_store, target)
    return target


@pytest.fixture
def password() -> str:
    return DEMO_PASSWORD
