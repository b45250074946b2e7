"""Change a kept document's bytes behind the store's back, as a hand edit or a damaged disk
would: the bytes change, their recorded digest does not."""
from __future__ import annotations

from pathlib import Path

from forms_service.storage import is_database_url


def change_kept_bytes_behind_its_back(location: str, code: str, format_: str = "pdf") -> None:
    if not is_database_url(location):
        kept_file = next((Path(location) / "kept").glob(f"*/{code.lower()}.{format_}"))
        kept_file.write_bytes(kept_file.read_bytes() + b"\n")
        return
    import sqlalchemy

    from forms_service.storage.sql.dialect import database_url
    engine = sqlalchemy.create_engine(database_url(location))
    try:
        with engine.begin() as connection:
            if connection.dialect.name == "postgresql":   # the table's own check refuses such a row: lifted first
                connection.exec_driver_sql("ALTER TABLE kept_documents DROP CONSTRAINT kept_digest")
            where = {"code": code, "format": format_}
            content = connection.execute(sqlalchemy.text(
                "SELECT content FROM kept_documents WHERE code = :code AND format = :format"), where).scalar_one()
            connection.execute(sqlalchemy.text("UPDATE kept_documents SET content = :content "
                                               "WHERE code = :code AND format = :format"),
                               {**where, "content": bytes(content) + b"\n"})
    finally:
        engine.dispose()
