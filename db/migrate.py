"""Schema migrations: upgrade older databases (after a backup), refuse newer ones.

Alembic is imported only when a database is not at HEAD_REVISION already: importing it and
reading the migration scripts took ~0.5 s of every start.
"""

from datetime import datetime
from pathlib import Path

from db.backups import Opened, aside_path, copy_verified
from db.engine import Database
from db.errors import DatabaseUnreadable
from db.schema import (
    alembic_config,
    current_revision,
    head_revision,
    known_revisions,
    too_new_error,
)


def backup_path(path: Path, when: datetime | None = None) -> Path:
    """Where the copy taken before an upgrade goes: `<name>.bak-<timestamp>` beside it."""
    return aside_path(path, "bak", when)


def backup_sqlite(path: Path, opened: Opened | None = None) -> Path:
    """Copy a SQLite database aside before an upgrade (online backup API, checked, 0600);
    the copy of an encrypted database is encrypted with its passphrase. `opened`: it is open
    in this process (db.backups.copy_verified)."""
    target = backup_path(path)
    copy_verified(path, target, opened)
    return target


def upgrade(database: Database, revision: str = "head") -> None:
    """Run the migrations up to `revision` on this database."""
    from alembic import command

    config = alembic_config()
    with database.engine.connect() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def bring_up_to_date(database: Database) -> Path | None:
    """Upgrade the schema to head; return the backup taken first, if any."""
    from sqlalchemy import inspect

    head = head_revision()
    current = current_revision(database)
    if current == head:
        return None
    if current is not None and current not in known_revisions():
        raise too_new_error(current)
    backup = None
    with database.engine.connect() as connection:
        tables = set(inspect(connection).get_table_names())
    if current is None and tables:
        raise DatabaseUnreadable(
            f"{database.path or database.url} holds tables but is not a bilateral database; "
            "it was left untouched."
        )
    if current is not None and database.path is not None:
        backup = backup_sqlite(database.path, Opened(database.passphrase))
    upgrade(database)
    return backup
