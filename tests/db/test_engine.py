"""Opening databases: SQLite settings, private files, refused and damaged files, busy writers."""

import os
import sqlite3
import threading

import pytest
from sqlalchemy import text

from db.errors import DatabaseUnreadable, SchemaTooNew
from db.models import Topic
from db.opening import open_database
from tests.helpers.files import mode


def test_sqlite_runs_with_wal_full_sync_foreign_keys_and_busy_timeout(database):
    with database.reading() as session:
        assert session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert session.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
        assert session.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert session.execute(text("PRAGMA busy_timeout")).scalar() >= 1000


def test_database_and_its_side_files_are_private_to_the_user(tmp_path):
    usual = os.umask(0o022)  # the usual umask, which would leave them readable by all
    try:
        database = open_database(tmp_path / "new" / "private.db")
        database.write(lambda session: session.add(Topic(name="extradition")))
        for name in ("private.db", "private.db-wal", "private.db-shm"):
            assert mode(tmp_path / "new" / name) == 0o600, name
        database.close()
    finally:
        os.umask(usual)


def test_foreign_keys_are_enforced(database):
    from sqlalchemy.exc import IntegrityError

    from db.models import Person

    with pytest.raises(IntegrityError):
        database.write(lambda s: s.add(Person(full_name="Nobody", organisation_id=999)))


def test_a_second_writer_waits_for_the_first_instead_of_failing(database, db_path):
    """BEGIN IMMEDIATE + busy timeout: a concurrent write lands once the lock is released."""
    blocker = sqlite3.connect(db_path, isolation_level=None, check_same_thread=False)
    blocker.execute("BEGIN IMMEDIATE")
    blocker.execute("INSERT INTO topic(name) VALUES ('held by the other process')")
    release = threading.Timer(0.5, blocker.execute, args=("COMMIT",))
    release.start()
    database.write(lambda s: s.add(Topic(name="written while the other held the lock")))
    release.join()
    blocker.close()
    with database.reading() as session:
        names = set(session.execute(text("SELECT name FROM topic")).scalars())
    assert names == {"held by the other process", "written while the other held the lock"}


def test_a_file_that_is_not_a_database_is_refused_and_left_untouched(tmp_path):
    junk = tmp_path / "junk.db"
    content = os.urandom(8192)
    junk.write_bytes(content)
    with pytest.raises(DatabaseUnreadable, match="left untouched"):
        open_database(junk)
    assert junk.read_bytes() == content


def test_a_foreign_sqlite_database_is_not_taken_over(tmp_path):
    other = tmp_path / "other.db"
    connection = sqlite3.connect(other)
    connection.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY)")
    connection.commit()
    connection.close()
    before = other.read_bytes()
    with pytest.raises(DatabaseUnreadable, match="not a bilateral database"):
        open_database(other)
    assert other.read_bytes() == before


def test_a_database_from_a_newer_bilateral_is_refused_untouched(database, db_path):
    database.write(lambda s: s.execute(text("UPDATE alembic_version SET version_num = '9999'")))
    database.close()
    before = db_path.read_bytes()
    with pytest.raises(SchemaTooNew, match="newer version of bilateral"):
        open_database(db_path)
    assert db_path.read_bytes() == before
    assert not list(db_path.parent.glob("*.bak-*"))
