"""Alembic environment: runs on the connection db.migrate hands it."""

from alembic import context
from sqlmodel import SQLModel

import db.models  # noqa: F401 - registers the tables on SQLModel.metadata

config = context.config
connection = config.attributes["connection"]
is_sqlite = connection.dialect.name == "sqlite"


def include_object(obj, name, type_, reflected, compare_to):  # noqa: ANN001
    # Full-text index tables are managed by hand, never by autogenerate.
    return not (type_ == "table" and name and ("_fts" in name or name == "search_document"))


if is_sqlite:
    # Batch migrations recreate tables: with foreign keys on, ON DELETE CASCADE children would go.
    connection.connection.dbapi_connection.execute("PRAGMA foreign_keys = OFF")
try:
    context.configure(
        connection=connection,
        target_metadata=SQLModel.metadata,
        render_as_batch=is_sqlite,
        include_object=include_object,
        transaction_per_migration=False,
    )
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()
finally:
    if is_sqlite:
        problems = connection.connection.dbapi_connection.execute(
            "PRAGMA foreign_key_check"
        ).fetchall()
        connection.connection.dbapi_connection.execute("PRAGMA foreign_keys = ON")
        if problems:
            raise RuntimeError(f"migration left broken references: {problems[:5]}")
