"""Service tests run on a real store, the default one (TinyDB): a fresh copy of the demo province per test."""
from __future__ import annotations

import pytest

from forms_service.storage import open_store


@pytest.fixture
def repos(demo_location):
    store = open_store(demo_location)
    yield store
    store.close()
