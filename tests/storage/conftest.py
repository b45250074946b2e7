"""Storage tests run once on each backend (the `backend` parameter of `empty_store_location`)."""
from __future__ import annotations

import pytest

from forms_service.storage import open_store

from ..conftest import STORE_BACKENDS


@pytest.fixture
def repos(empty_store_location):
    """An empty store of this test's own."""
    store = open_store(empty_store_location)
    yield store
    store.close()


@pytest.fixture
def another_worker(repos, empty_store_location):
    """The same store opened again, as another worker process or app server would open it."""
    store = open_store(empty_store_location)
    yield store
    store.close()


@pytest.fixture(params=STORE_BACKENDS)
def backend(request) -> str:
    """The stores' own tests run on each store: TinyDB, SQLite and PostgreSQL."""
    return request.param
