"""Today read ahead at start-up, before the database layer loads: the very rows Today reads from
the open database, or nothing at all (then the app waits for the database as before)."""

import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import text, update

from db import encryption, markings
from db.checklists.changes import set_done
from db.checklists.queries import get_checklist
from db.demo import load_demo
from db.encryption import PASSPHRASE_ENV
from db.engine import Database
from db.file_encryption import encrypt_database
from db.markings import set_marking_levels
from db.meeting_input import CommitmentInput
from db.meetings import list_meetings
from db.models import Meeting, Visit
from db.note_changes import add_commitment
from db.opening import open_database
from db.partners import list_partners
from db.proposal_changes import create_proposal
from db.proposal_input import ProposalInput
from db.proposals import get_proposal
from db.schema import HEAD_REVISION
from db.today import today_view
from db.today_read_ahead import SCHEMA_REVISION, read_today_ahead
from db.today_sql import DEFAULT_LEVELS
from db.visits import list_visits
from tests.helpers.clock import TODAY
from tests.helpers.processes import printed

BOTH_BACKENDS = True

LEVELS = ["OFFEN", "VS-NfD", "GEHEIM", "STRENG GEHEIM"]


@pytest.fixture
def varied(demo_database: Database, checklist_visit: int) -> Database:
    """The demo with more to show: renamed levels and records marked up to the highest, a
    ticked checklist item, action items of a partner and of a meeting's partners, proposals
    overdue and stale (one known since a month only)."""
    database = demo_database
    set_marking_levels(database, LEVELS)
    vienna = list_meetings(database, "vienna").rows[0].id
    german_ministry = list_partners(database, "interior").rows[0].id
    for words, side, partner, due in (
        ("Send the draft text", "theirs", None, TODAY - timedelta(days=3)),
        ("Book the interpreter", "ours", german_ministry, TODAY + timedelta(days=2)),
        ("Reply on the dates", "ours", None, TODAY),
    ):
        add_commitment(
            database,
            vienna,
            CommitmentInput(text=words, side=side, partner_id=partner, due=due.isoformat()),
        )
    create_proposal(
        database,
        ProposalInput(title="Late reply", due="20.11.2026", partner_id=german_ministry, marking=2),
        today=TODAY,
    )
    create_proposal(database, ProposalInput(title="Old offer", since="Oct 2024"), today=TODAY)
    first_item = get_checklist(database, checklist_visit, today=TODAY).sections[0].items[0].id
    set_done(database, first_item, True)

    def mark(session) -> None:  # noqa: ANN001 - a write session
        session.execute(update(Visit).where(Visit.id == checklist_visit).values(marking=3))
        session.execute(update(Meeting).where(Meeting.id == vienna).values(marking=1))

    database.write(mark)
    return database


def test_the_demo_reads_the_same_ahead(demo_database: Database):
    board = read_today_ahead(demo_database.url, TODAY)
    assert board == today_view(demo_database, TODAY)
    assert len(board.visits) == 1 and board.proposals and len(board.meetings) == 5


def test_varied_records_read_the_same_ahead_markings_and_all(varied: Database):
    for day in (TODAY, TODAY + timedelta(days=43), TODAY - timedelta(days=200)):
        assert read_today_ahead(varied.url, day) == today_view(varied, day), day
    board = read_today_ahead(varied.url, TODAY)
    assert board is not None
    (visit,) = board.visits
    assert visit.marking == "STRENG GEHEIM" == list_visits(varied, today=TODAY).rows[0].marking
    assert visit.progress[0] == 1 and visit.progress[1] > 20
    assert [(a.text, a.partner, a.overdue) for a in board.action_items] == [
        ("Reply on the dates", "BMI (AT)", False),
        ("Book the interpreter", "BMI (DE)", False),
        ("Send the draft text", "BMI (AT)", True),
    ]
    shown = {p.title: p for p in board.proposals}
    late, old = shown["Late reply"], shown["Old offer"]
    assert (late.overdue, late.stale, late.partner) == (True, False, "BMI (DE)")
    assert late.marking == "GEHEIM"
    assert late.marking == get_proposal(varied, late.id, TODAY).marking
    assert (old.overdue, old.stale, old.last_moved) == (False, True, "Oct 2024")
    assert "VS-NfD" in {m.marking for m in board.meetings}


def test_a_database_at_another_revision_reads_nothing_ahead(database: Database):
    database.write(
        lambda session: session.execute(text("UPDATE alembic_version SET version_num = '0014'"))
    )
    assert read_today_ahead(database.url, TODAY) is None


def test_missing_empty_damaged_or_locked_files_read_nothing_ahead(tmp_path: Path):
    missing = tmp_path / "missing.db"
    assert read_today_ahead(missing, TODAY) is None
    assert not missing.exists(), "reading ahead never creates a file"
    empty = tmp_path / "empty.db"
    empty.touch()
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"SQLite format 3\x00" + bytes(range(256)) * 16)
    for path in (empty, garbage, tmp_path):
        assert read_today_ahead(path, TODAY) is None, path
    assert empty.stat().st_size == 0

    locked = tmp_path / "locked.db"
    open_database(locked).close()
    holder = sqlite3.connect(locked, isolation_level=None)
    holder.execute("PRAGMA locking_mode = EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        assert read_today_ahead(locked, TODAY) is None
    finally:
        holder.close()
    assert read_today_ahead(locked, TODAY) is not None


def test_a_server_out_of_reach_reads_nothing_ahead(tmp_path: Path):
    assert read_today_ahead(f"postgresql://nobody@/nowhere?host={tmp_path}", TODAY) is None


def test_an_encrypted_file_reads_ahead_once_its_passphrase_is_known(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(encryption, "_known", {})
    monkeypatch.delenv(PASSPHRASE_ENV, raising=False)
    path = tmp_path / "bilateral.db"
    plain = open_database(path)
    load_demo(plain, today=TODAY)
    plain.close()
    passphrase = "Hồ Gươm, 7 o'clock"
    encrypt_database(path, passphrase)
    encryption.forget_passphrase(path)
    assert read_today_ahead(path, TODAY) is None  # nobody is asked: it waits for the opening
    opened = open_database(path, passphrase=passphrase)  # remembers it, as the app's start does
    try:
        expected = today_view(opened, TODAY)
    finally:
        opened.close()
    assert read_today_ahead(path, TODAY) == expected
    encryption.forget_passphrase(path)
    monkeypatch.setenv(PASSPHRASE_ENV, passphrase)
    assert read_today_ahead(path, TODAY) == expected


READ_AHEAD = """
import sys
from datetime import date
from db.today_read_ahead import read_today_ahead
board = read_today_ahead(sys.argv[1], date.fromisoformat(sys.argv[2]))
loaded = {name.split(".")[0] for name in sys.modules}
print(len(board.visits), sorted(loaded & {"sqlalchemy", "sqlmodel", "alembic"}))
"""


def test_reading_ahead_loads_no_database_layer(demo_database: Database):
    assert printed(READ_AHEAD, demo_database.url, TODAY.isoformat()) == "1 []"


def test_the_statements_are_written_for_the_newest_schema():
    assert SCHEMA_REVISION == HEAD_REVISION, (
        "a new migration: check db.today_sql's statements against it, then name it in "
        "db.today_read_ahead.SCHEMA_REVISION"
    )
    assert DEFAULT_LEVELS == markings.DEFAULT_LEVELS
