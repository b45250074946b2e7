"""PostgreSQL: the database for a province in production and for more than one app server.

Only this package imports psycopg. What exists so far is the schema, as numbered SQL
migrations in `migrations/`, and the runner that applies them (`migrate.py`,
`python -m forms_service migrate`). The service itself still runs on the embedded store.
"""
