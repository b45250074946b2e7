"""The SQL store's own tests run on both of its engines: a SQLite file and PostgreSQL."""
from __future__ import annotations

import pytest
import sqlalchemy

from forms_service.storage.sql.dialect import database_url
from forms_service.storage.sql.migrate import migrate

from ...conftest import sqlite_url


@pytest.fixture(params=["sqlite", "postgres"])
def engine_name(request) -> str:
    return request.param


@pytest.fixture
def empty_database(engine_name, tmp_path, request) -> str:
    """The URL of an empty database of this test's own (a SQLite file not made yet, or a database)."""
    if engine_name == "sqlite":
        return sqlite_url(tmp_path)
    return request.getfixturevalue("postgres_database")


@pytest.fixture
def migrated_database(empty_database) -> str:
    """An empty database of this test's own with the whole schema applied."""
    migrate(empty_database)
    return empty_database


@pytest.fixture
def connect():
    """`connect(url)`: a plain SQLAlchemy connection to the database, beside the store (as an
    administrator's console would be); closed at the end of the test."""
    engines = []

    def connection_to(url: str) -> sqlalchemy.Connection:
        engine = sqlalchemy.create_engine(database_url(url))
        engines.append(engine)
        return engine.connect()
    yield connection_to
    for engine in engines:
        engine.dispose()
