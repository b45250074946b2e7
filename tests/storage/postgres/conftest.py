from __future__ import annotations

import pytest

from forms_service.storage.postgres.migrate import migrate


@pytest.fixture
def migrated_database(postgres_database) -> str:
    """An empty database of this test's own with the whole schema applied."""
    migrate(postgres_database)
    return postgres_database
