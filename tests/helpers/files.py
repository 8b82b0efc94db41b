"""Database files looked at from outside the app: opened for a check, their integrity and
their permissions."""

import os
import sqlite3
import stat
from collections.abc import Iterator
from contextlib import contextmanager

from db.engine import Database
from db.opening import open_database


@contextmanager
def opened(target: str | os.PathLike[str]) -> Iterator[Database]:
    """The database at `target` opened (as the app opens it) for the test to read; closed
    again after."""
    database = open_database(target)
    try:
        yield database
    finally:
        database.close()


def integrity(path: str | os.PathLike[str]) -> str:
    """SQLite's `integrity_check` of the file: "ok", or what is wrong."""
    connection = sqlite3.connect(path)
    try:
        return connection.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        connection.close()


def mode(path: str | os.PathLike[str]) -> int:
    """The file's permission bits (0o600: private to the user)."""
    return stat.S_IMODE(os.stat(path).st_mode)
