"""The file under the app: old, newer and damaged databases; a full disk; a read-only file.

- A database created at EACH earlier schema revision, holding data, is upgraded on opening
  and loses no row (test_migrations.py does this for 0001 in detail).
- A database from a newer bilateral and damaged files (truncated, random bytes, a garbled
  page) are refused with a clear message by the CLI and by the app, which offer nothing
  destructive (the app only "Quit"), and the file stays byte-identical.
- Disk full (SQLite's max_page_count, set on every pooled connection through a test hook)
  and a read-only database (see `_Refusal`): live notes say NOT SAVED, keep the text on
  screen, and save it once the condition clears; a form stays open with the typed values
  and a message, and saves on the next ctrl+s.
"""

import os
import random
import sqlite3
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from click.testing import CliRunner
from sqlalchemy import event
from textual.widgets import Input, TextArea

from db.meetings import list_meetings
from db.migrate import upgrade
from db.notes import live_documents
from db.opening import open_database
from db.proposals import list_proposals
from db.schema import alembic_config, current_revision, head_revision
from screens.dialogs import MessageScreen
from screens.forms import FormScreen
from tests.helpers.files import opened
from tests.pilot import notices, press, running, screen_text, show

NOW = "2025-10-01 10:00:00"
ROWS = f"""
INSERT INTO organisation (id, name, short_name, kind, country, is_own, description,
                          created_at, updated_at)
VALUES (1, 'Ministry of the Interior [/]', 'BMI', 'ministry', 'AT', 0, 'Wien', '{NOW}', '{NOW}'),
       (2, 'Bộ Công an', 'MPS', 'ministry', 'VN', 1, '', '{NOW}', '{NOW}');
INSERT INTO person (id, full_name, sort_name, title, position, organisation_id,
                    form_of_address, languages, protocol_notes, created_at, updated_at)
VALUES (1, 'Lê Quốc Hùng', 'le', 'General', '', 2, '', 'vi', '', '{NOW}', '{NOW}');
INSERT INTO meeting (id, title, kind, starts_at, date_precision, place, status, summary,
                     created_at, updated_at)
VALUES (1, 'Working session', 'working session', '2025-01-01 00:00:00', 'year', 'Vienna',
        'held', 'agreed', '{NOW}', '{NOW}');
INSERT INTO meetingpartner (meeting_id, organisation_id) VALUES (1, 1);
INSERT INTO attendance (meeting_id, person_id, side, role) VALUES (1, 1, 'theirs', '');
INSERT INTO note (id, meeting_id, kind, text, taken_at, updated_at)
VALUES (1, 1, 'note', 'e-Government since 1997 — đối tác', '{NOW}', '{NOW}');
INSERT INTO proposal (id, title, description, kind, proposed_by, partner_id, status, owner,
                      next_step, created_at, updated_at)
VALUES (1, 'Agreement on Crime Prevention', '', 'agreement', 'us', 1, 'under negotiation',
        '', '', '{NOW}', '{NOW}');
"""


def _earlier_revisions() -> list[str]:
    script = ScriptDirectory.from_config(alembic_config())
    ordered = [r.revision for r in reversed(list(script.walk_revisions()))]
    return ordered[: ordered.index(head_revision())]


def _contents(path: Path) -> dict[str, list[tuple]]:
    """Every row of the tables the first revision had, as plain tuples of its columns."""
    connection = sqlite3.connect(path)
    try:
        found = {}
        for table, columns in (
            ("organisation", "id, name, short_name, country, is_own, description"),
            ("person", "id, full_name, organisation_id, languages"),
            ("meeting", "id, title, starts_at, place, status, summary"),
            ("meetingpartner", "meeting_id, organisation_id"),
            ("attendance", "meeting_id, person_id, side"),
            ("note", "id, meeting_id, text"),
            ("proposal", "id, title, kind, status, partner_id"),
        ):
            found[table] = connection.execute(
                f"SELECT {columns} FROM {table} ORDER BY 1"
            ).fetchall()
        return found
    finally:
        connection.close()


@pytest.mark.parametrize("revision", _earlier_revisions())
def test_a_database_of_each_earlier_revision_is_upgraded_losing_nothing(tmp_path, revision):
    path = tmp_path / f"at-{revision}.db"
    database = open_database(path, migrate=False)
    upgrade(database, revision)
    database.close()
    connection = sqlite3.connect(path)
    connection.executescript(ROWS)
    connection.commit()
    connection.close()
    before = _contents(path)

    with opened(path) as database:
        assert current_revision(database) == head_revision()
        assert _contents(path) == before
        assert list_meetings(database, "vienna").rows[0].title == "Working session"
        assert list_proposals(database, "crime", view="all").rows[0].status == "under negotiation"
    assert len(list(tmp_path.glob(f"at-{revision}.db.bak-*"))) == 1


# -- refused files ------------------------------------------------------------------------


def _newer(path: Path) -> None:
    open_database(path).close()
    connection = sqlite3.connect(path)
    connection.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    connection.commit()
    connection.close()


def _truncated(path: Path) -> None:
    database = open_database(path)
    from db.demo import load_demo

    load_demo(database)
    database.close()
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])


def _random_bytes(path: Path) -> None:
    path.write_bytes(random.Random(7).randbytes(40_960))


def _garbled_page(path: Path) -> None:
    open_database(path).close()
    data = bytearray(path.read_bytes())
    # Keep the 100-byte header, scribble over the rest of the first page (the schema).
    data[100:4096] = random.Random(8).randbytes(3996)
    path.write_bytes(bytes(data))


DAMAGED = {
    "newer": (_newer, "newer version of bilateral"),
    "truncated": (_truncated, "left untouched"),
    "random bytes": (_random_bytes, "left untouched"),
    "garbled schema page": (_garbled_page, "left untouched"),
}


@pytest.mark.parametrize("kind", list(DAMAGED))
def test_the_cli_refuses_a_bad_file_clearly_and_leaves_it_as_it_was(tmp_path, kind):
    from tui.cli import main

    make, message = DAMAGED[kind]
    path = tmp_path / "bilateral.db"
    make(path)
    before = path.read_bytes()
    siblings = sorted(p.name for p in tmp_path.iterdir())

    result = CliRunner().invoke(main, ["--db", str(path), "demo"])

    assert result.exit_code != 0
    assert message in result.output and "Traceback" not in result.output
    assert path.read_bytes() == before
    # No backup, nothing written. (A read-only look at a WAL-mode file leaves empty -wal and
    # -shm files behind: harmless, nothing is in them.)
    after = sorted(p.name for p in tmp_path.iterdir() if not p.name.endswith(("-wal", "-shm")))
    assert after == siblings
    wal = path.with_name(path.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0


@pytest.mark.parametrize("kind", ["newer", "truncated", "random bytes"])
async def test_the_app_refuses_a_bad_file_offering_only_to_quit(app_paths, db_path, kind):
    make, message = DAMAGED[kind]
    make(db_path)
    before = db_path.read_bytes()
    async with running(app_paths) as pilot:
        app = pilot.app
        assert isinstance(app.screen, MessageScreen)
        text = screen_text(pilot)
        assert "The database cannot be opened" in text and message in text
        assert "Quit" in text
        for destructive in ("Delete", "Repair", "Reset", "Overwrite", "Start empty", "demo"):
            assert destructive not in text
        await press(pilot, "enter")
    assert app.return_code == 2
    assert db_path.read_bytes() == before


# -- disk full and read-only ----------------------------------------------------------------


class _Refusal:
    """Make every pooled connection refuse writes, as a full disk or a read-only file would.

    Disk full: `PRAGMA max_page_count` at the current size, so a write needing a new page
    fails with SQLite's own "database or disk is full". Read-only: `chmod 0444` does not
    stop root, and these tests run as root, so `PRAGMA query_only` stands in for it: writes
    fail with "attempt to write a readonly database", as for a read-only file.
    """

    def __init__(self, database, kind: str) -> None:
        self.kind = kind
        self.active = True
        with database.reading() as session:
            self.pages = session.connection().exec_driver_sql("PRAGMA page_count").scalar()
        event.listen(database.engine, "checkout", self.on_checkout)

    def on_checkout(self, dbapi_connection, _record, _proxy) -> None:  # noqa: ANN001
        if self.kind == "full":
            limit = self.pages if self.active else 1_073_741_823
            dbapi_connection.execute(f"PRAGMA max_page_count = {limit}")
        else:
            dbapi_connection.execute(f"PRAGMA query_only = {int(self.active)}")


LARGE = "Lê Quốc Hùng: [bold]three pillars[/] \x1b[31m red? \n" * 400  # needs new pages


async def _wait_until(pilot, condition, rounds: int = 60) -> None:
    for _ in range(rounds):
        if condition():
            return
        await pilot.pause(0.1)


@pytest.mark.parametrize(("kind", "reason"), [("full", "disk is full"), ("ro", "readonly")])
async def test_live_notes_keep_the_text_while_the_disk_refuses_and_save_it_after(
    app_paths, demo_database, kind, reason
):
    from screens.notes.live import LiveNotesScreen

    meeting = list_meetings(demo_database, "vienna").rows[0].id
    async with running(app_paths) as pilot:
        app = pilot.app
        refusal = _Refusal(app.context.database(), kind)
        await show(pilot, LiveNotesScreen(app.context, meeting))
        editor = app.screen.query_one(TextArea)
        editor.insert(LARGE)
        await _wait_until(pilot, lambda: "NOT SAVED" in screen_text(pilot))
        text = screen_text(pilot)
        assert "✗ NOT SAVED" in text and reason in text
        assert editor.text == LARGE
        assert live_documents(demo_database, meeting) == ()
        # Leaving is refused too: the text stays on screen.
        await press(pilot, "escape")
        assert app.screen.query_one(TextArea).text == LARGE
        assert "could not be saved" in notices(pilot)

        refusal.active = False  # space (or permission) returns; the retry saves
        await _wait_until(pilot, lambda: live_documents(demo_database, meeting) != ())
        await _wait_until(pilot, lambda: "✓ saved" in screen_text(pilot))
        assert "✓ saved" in screen_text(pilot)
    (saved,) = live_documents(demo_database, meeting)
    assert saved.text == LARGE.replace("\x1b[31m", "")


@pytest.mark.parametrize(("kind", "reason"), [("full", "disk is full"), ("ro", "readonly")])
async def test_a_form_stays_open_with_its_values_while_the_disk_refuses(
    app_paths, demo_database, kind, reason
):
    async with running(app_paths) as pilot:
        app = pilot.app
        refusal = _Refusal(app.context.database(), kind)
        await press(pilot, "o")
        await press(pilot, "a")
        form = app.screen
        assert isinstance(form, FormScreen)
        title = "Training on forensics " + "x" * 400
        form.query_one("#title", Input).value = title
        form.query_one("#description", TextArea).insert("long " * 2000)
        await press(pilot, "ctrl+s")
        assert app.screen is form
        assert reason in screen_text(pilot) + notices(pilot)
        assert form.query_one("#title", Input).value == title
        assert list_proposals(demo_database, "forensics", view="all").total == 0
        refusal.active = False
        await press(pilot, "ctrl+s")
        assert app.screen is not form
    assert list_proposals(demo_database, "forensics", view="all").total == 1


def test_files_are_left_as_they_were_by_a_refused_open(tmp_path):
    """The preflight reads a damaged file read-only: not even its mode changes."""
    path = tmp_path / "junk.db"
    _random_bytes(path)
    os.chmod(path, 0o640)
    with pytest.raises(Exception, match="left untouched"):
        open_database(path)
    assert os.stat(path).st_mode & 0o777 == 0o640
