"""The daily backup taken while the app has its database open keeps the app's locks: another
process opening and closing the same file afterwards must not take the WAL away from under it
(closing any file descriptor of a database drops every POSIX lock the process holds on it,
and the last process to close then deletes the WAL the app is still writing into: the app's
later saves vanish)."""

import subprocess
import sys
from datetime import date

from sqlalchemy import text

from db.backups import Opened, back_up_today
from db.models import Organisation
from db.opening import open_database

ANOTHER_PROCESS = """
import sys
from sqlalchemy import text
from db.opening import open_database
database = open_database(sys.argv[1])
with database.reading() as session:
    session.execute(text("SELECT count(*) FROM organisation")).all()
database.close()
"""
READ_BACK = """
import sqlite3, sys
print(sqlite3.connect(sys.argv[1]).execute("SELECT name FROM organisation").fetchall())
"""


def test_a_backup_taken_while_open_leaves_the_app_s_writes_to_other_processes(tmp_path):
    path = tmp_path / "department.db"
    database = open_database(path)
    try:
        database.write(lambda session: session.add(Organisation(name="Before the backup")))
        with database.reading() as session:  # a connection of the app stays open, as in the app
            session.execute(text("SELECT 1")).all()
        back_up_today(path, tmp_path / "backups", date(2026, 12, 2), Opened(None))
        subprocess.run([sys.executable, "-c", ANOTHER_PROCESS, str(path)], check=True)
        database.write(lambda session: session.add(Organisation(name="After the backup")))
        shown = subprocess.run(
            [sys.executable, "-c", READ_BACK, str(path)], check=True, capture_output=True, text=True
        ).stdout
    finally:
        database.close()
    assert "After the backup" in shown
    assert (
        not (tmp_path / "department.db-wal").exists()
        or (tmp_path / "department.db-wal").stat().st_nlink == 1
    )
