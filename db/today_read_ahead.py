"""Today's rows read straight from the database at start-up, before SQLAlchemy, SQLModel and
Alembic are loaded: the standard library's sqlite3 for a file (SQLCipher for an encrypted one
whose passphrase is known), psycopg for a server. The first screen draws them while the
database opens as usual; whatever stands in the way leaves the rows to that opening.
"""

import logging
import os
from collections.abc import Sequence
from contextlib import closing
from datetime import date
from typing import Any

from db.locations import database_url, sqlite_path
from db.today_shapes import TodayView
from db.today_sql import read_today

log = logging.getLogger("bilateral")

# The schema the statements of db.today_sql are written for (the tests hold it to the newest).
SCHEMA_REVISION = "0017"
# A file locked this long (a migration, another program) is left to the opening, which waits.
LOCKED_WAIT_S = 0.25
# libpq's shortest wait for a server that does not answer.
CONNECT_TIMEOUT_S = 2


def read_today_ahead(target: str | os.PathLike[str], today: date) -> TodayView | None:
    """What Today shows, or None when the database cannot be read so: not at the schema
    revision the statements are written for, missing, empty, damaged, locked, unreachable, or
    encrypted with no passphrase known yet."""
    try:
        return _read(database_url(target), today)
    except Exception as error:  # noqa: BLE001 - any failure leaves the rows to the full opening
        log.debug("Today's rows were not read ahead: %s", error)
        return None


def _read(url: str, today: date) -> TodayView | None:
    postgresql = url.startswith("postgresql")
    connection = _server(url) if postgresql else _file(url)
    if connection is None:
        return None
    with closing(connection):
        cursor = connection.cursor()
        # One snapshot for every statement, as a session reads.
        if not postgresql:
            cursor.execute("BEGIN")

        def query(statement: str, parameters: Sequence[object]) -> Sequence[Sequence[Any]]:
            cursor.execute(statement, tuple(parameters))
            rows: Sequence[Sequence[Any]] = cursor.fetchall()
            return rows

        revision = query("SELECT version_num FROM alembic_version", ())
        if [tuple(row) for row in revision] != [(SCHEMA_REVISION,)]:
            log.debug("Today's rows were not read ahead: the schema is at %s", revision)
            return None
        return read_today(query, today, postgresql=postgresql)


def _file(url: str) -> Any:
    """A read-only connection to the SQLite file (None for none, or an encrypted one whose
    passphrase nobody gave yet)."""
    path = sqlite_path(url)
    if path is None or not path.is_file():
        return None
    from db.encryption import connect, is_encrypted, passphrase_for

    passphrase = passphrase_for(path, ask=False) if is_encrypted(path) else None
    return connect(path, passphrase, read_only=True, timeout=LOCKED_WAIT_S)


def _server(url: str) -> Any:
    import psycopg

    # libpq reads the URL SQLAlchemy is given, without the driver's name.
    conninfo = "postgresql://" + url.split("://", 1)[1]
    connection = psycopg.connect(conninfo, connect_timeout=CONNECT_TIMEOUT_S)
    connection.read_only = True
    return connection
