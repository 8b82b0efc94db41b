"""Opening a database: the one way in, bringing its schema up to date first."""

import os

from sqlalchemy.exc import DBAPIError

from db.engine import Database, database_url, failure_reason, make_engine, safe_url, sqlite_path
from db.errors import DatabaseUnavailable, DatabaseUnreadable


def open_database(
    target: str | os.PathLike[str], *, migrate: bool = True, passphrase: str | None = None
) -> Database:
    """Open (creating if needed) the database at a path or URL, bringing its schema up to date.

    An encrypted file opens with `passphrase`, else with one found by
    `db.encryption.passphrase_for` (remembered, $BILATERAL_PASSPHRASE, or asked for).
    Raises DatabaseUnreadable for a damaged file or one that is not ours (WrongPassphrase and
    PassphraseNeeded among them), and db.errors.SchemaTooNew for a database written by a
    newer bilateral.
    """
    url = database_url(target)
    path = sqlite_path(url)
    if path is not None and path.exists() and path.is_dir():
        raise DatabaseUnreadable(f"{path} is a directory, not a database file.")
    key = None
    if path is not None:
        from db.encryption import is_encrypted, passphrase_for

        if is_encrypted(path):
            key = passphrase_for(path, passphrase)
    up_to_date = False
    if path is not None and migrate:
        from db.schema import HEAD_REVISION, preflight_sqlite

        up_to_date = preflight_sqlite(path, key) == HEAD_REVISION
    engine = make_engine(url, key)
    database = Database(engine=engine, url=url, path=path, announces=migrate, passphrase=key)
    try:
        if migrate and not up_to_date:
            from db.migrate import bring_up_to_date

            bring_up_to_date(database)
    except DBAPIError as error:
        engine.dispose()
        if path is None:
            raise DatabaseUnavailable(
                f"Cannot reach the database server at {safe_url(url)}: {failure_reason(error)}."
            ) from error
        raise DatabaseUnreadable(
            f"Cannot read the database {path}: {error.orig}. "
            "It may be damaged or not a bilateral database; it was left untouched."
        ) from error
    except Exception:
        engine.dispose()
        raise
    return database
