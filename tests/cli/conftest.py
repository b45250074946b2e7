"""The commands work on whichever store is configured: the command tests run on the default
store (TinyDB) and on PostgreSQL (copy-store on all three, in its own file)."""
from __future__ import annotations

import pytest


@pytest.fixture(params=["tinydb", "postgres"])
def backend(request) -> str:
    return request.param
