"""The schema revision a database is at, and the migration scripts this program knows.

Alembic is imported only when a database is not at HEAD_REVISION already: importing it and
reading the migration scripts took ~0.5 s of every start.
"""

from pathlib import Path
from typing import TYPE_CHECKING

from db.engine import Database
from db.errors import DatabaseUnreadable, SchemaTooNew

if TYPE_CHECKING:
    from alembic.config import Config


MIGRATIONS = Path(__file__).parent / "migrations"


# The newest revision (tests/reliability/test_migrations.py checks it against the scripts).
HEAD_REVISION = "0017"


def alembic_config() -> "Config":
    """An Alembic configuration pointing at the shipped migration scripts."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revision() -> str:
    """The newest schema revision this program knows."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(database: Database) -> str | None:
    """The schema revision the database is at (None for a database never migrated)."""
    from alembic.runtime.migration import MigrationContext

    with database.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def known_revisions() -> set[str]:
    """Every schema revision this program knows."""
    from alembic.script import ScriptDirectory

    return {rev.revision for rev in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def too_new_error(revision: str) -> SchemaTooNew:
    return SchemaTooNew(
        f"This database was written by a newer version of bilateral (schema {revision}); "
        "this version cannot open it and left it untouched. Upgrade bilateral."
    )


def preflight_sqlite(path: Path, passphrase: str | None = None) -> str | None:
    """Check an existing file read-only before anything (even WAL mode) is written to it;
    return its schema revision. An encrypted file is read with its `passphrase`."""
    from db.encryption import connect, database_errors

    if not path.exists() or path.stat().st_size == 0:
        return None
    try:
        connection = connect(path, passphrase, read_only=True)
        try:
            tables = {
                name
                for (name,) in connection.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table'"
                )
            }
            revision = None
            if "alembic_version" in tables:
                row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
                revision = row[0] if row else None
        finally:
            connection.close()
    except database_errors() as error:
        raise DatabaseUnreadable(
            f"Cannot read the database {path}: {error}. "
            "It may be damaged or not a bilateral database; it was left untouched."
        ) from error
    if revision is None and tables - {"alembic_version"}:
        raise DatabaseUnreadable(
            f"{path} holds tables but is not a bilateral database; it was left untouched."
        )
    if revision not in (None, HEAD_REVISION) and revision not in known_revisions():
        raise too_new_error(revision)
    return revision
