"""Alembic's environment for the store: the connection is the one `migrate.py` opened on the
store's engine (no alembic.ini, no URL in a file); each revision runs in its own transaction
with its row in `alembic_version`."""
from __future__ import annotations

from alembic import context

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=None, transaction_per_migration=True,
                  render_as_batch=connection.dialect.name == "sqlite")
with context.begin_transaction():
    context.run_migrations()
