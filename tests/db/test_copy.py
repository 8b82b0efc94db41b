"""Copying a whole database between SQLite and PostgreSQL, verified by counts and checksum."""

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select
from sqlmodel import SQLModel

import db.database_copy
from db.checklists.changes import generate_checklist
from db.database_copy import CopyFailed, CopyRefused, copy_database, database_checksum
from db.engine import Database
from db.models import Meeting, Note, Organisation, Topic, Visit
from db.note_changes import save_live_document
from db.opening import open_database
from db.search import search
from tests.helpers.clock import TODAY
from tui.cli import main

LIVE_NOTES = "Gặp Thứ trưởng Lê Quốc Hùng ở Đà Nẵng — “chữ ký” ✓ 🇻🇳 ﷺ"
NOTE_WITH_NEWLINES = "First line\nsecond line\r\n\n\tindented third\n"


@pytest.fixture
def laptop(demo_database: Database) -> Database:
    """The demo data with a generated checklist, live notes in unicode and a multi-line note."""
    with demo_database.reading() as session:
        upcoming = session.scalar(select(Visit.id).where(Visit.starts_on > TODAY))
        meeting = session.scalar(select(Meeting.id).order_by(Meeting.id))
    assert upcoming is not None and meeting is not None
    generate_checklist(demo_database, upcoming, today=TODAY)
    save_live_document(demo_database, meeting, LIVE_NOTES, None)
    demo_database.write(
        lambda session: session.add(Note(meeting_id=meeting, text=NOTE_WITH_NEWLINES))
    )
    return demo_database


@pytest.fixture
def server_database(postgres_server) -> Database:
    database = open_database(postgres_server.new_database())
    yield database
    database.close()


def test_round_trip_sqlite_postgresql_sqlite_keeps_the_checksum(
    laptop, server_database, tmp_path, monkeypatch
):
    monkeypatch.setattr(db.database_copy, "BATCH_SIZE", 7)
    before = database_checksum(laptop)
    seen = []

    there = copy_database(laptop, server_database, progress=lambda *step: seen.append(step))
    back = open_database(tmp_path / "back.db")
    again = copy_database(server_database, back)

    assert there.checksum == again.checksum == before
    assert database_checksum(server_database) == database_checksum(back) == before
    assert there.rows == again.rows
    assert there.rows["checklistitem"] > 0 and there.rows["note"] > 0
    assert [table for table, _ in seen] == list(there.rows)
    for copy in (server_database, back):
        found = search(copy, "hung")
        assert "Lê Quốc Hùng" in [hit.title for _, hits in found.groups for hit in hits]
        assert search(copy, "da nang").total >= 1
    back.close()


def test_the_checksum_tells_a_changed_record(laptop):
    before = database_checksum(laptop)
    laptop.write(lambda session: session.get(Topic, 1).__setattr__("name", "Changed"))
    assert database_checksum(laptop) != before


def test_new_rows_on_the_server_get_fresh_ids_after_a_copy(laptop, server_database):
    copy_database(laptop, server_database)
    with server_database.reading() as session:
        highest = {
            model: session.scalar(select(func.max(model.id))) for model in (Organisation, Note)
        }

    def add(session):
        organisation = Organisation(name="New partner")
        note = Note(meeting_id=1, text="after the copy")
        session.add_all([organisation, note])
        session.flush()
        return organisation.id, note.id

    organisation_id, note_id = server_database.write(add)
    assert organisation_id > highest[Organisation] and note_id > highest[Note]


def test_a_target_with_records_is_refused_and_left_unchanged(laptop, server_database):
    server_database.write(lambda session: session.add(Topic(name="Already here")))
    before = database_checksum(server_database)
    with pytest.raises(
        CopyRefused, match=r"already holds records \(1 in topic\); .*empty database"
    ):
        copy_database(laptop, server_database)
    assert database_checksum(server_database) == before


def test_a_copy_onto_itself_is_refused(laptop):
    same = open_database(laptop.path)
    with pytest.raises(CopyRefused, match="both the source and the target"):
        copy_database(laptop, same)
    same.close()


def test_a_copy_that_does_not_verify_is_rolled_back(laptop, tmp_path):
    target = tmp_path / "tampered.db"
    open_database(target).close()
    # A trigger that alters what arrives: the counts match, the content does not.
    with sqlite3.connect(target) as connection:
        connection.execute(
            "CREATE TRIGGER tamper AFTER INSERT ON topic "
            "BEGIN UPDATE topic SET name = name || '!' WHERE id = new.id; END"
        )
    tampered = open_database(target)
    with pytest.raises(CopyFailed, match=r"topic has the same \d+ rows but different content"):
        copy_database(laptop, tampered)
    with tampered.reading() as session:
        assert session.scalar(select(func.count()).select_from(Organisation)) == 0
    tampered.close()


def test_a_row_the_server_refuses_fails_the_copy_in_words(laptop, server_database):
    # SQLite keeps a NUL character that an older program wrote; PostgreSQL text cannot hold one.
    with sqlite3.connect(laptop.path) as connection:
        connection.execute("UPDATE note SET text = ? WHERE id = 1", ("before\x00after",))
    with pytest.raises(CopyFailed, match="A row of note could not be written .*nothing was copied"):
        copy_database(laptop, server_database)
    with server_database.reading() as session:
        assert session.scalar(select(func.count()).select_from(Organisation)) == 0


def _copy(source: str | Path, target: str | Path):
    return CliRunner().invoke(main, ["copy", "--from", str(source), "--to", str(target)])


def test_the_command_copies_there_and_back(laptop, postgres_server, tmp_path):
    server = postgres_server.new_database().replace("postgresql+psycopg://", "postgresql://")
    there = _copy(laptop.path, server)
    assert there.exit_code == 0, there.output
    assert "  organisation           8 rows" in there.output
    back = _copy(server, tmp_path / "back.db")
    assert back.exit_code == 0, back.output
    last = back.output.splitlines()[-1]
    assert last == there.output.splitlines()[-1]
    assert (
        last.startswith("Copied ") and f" rows in {len(SQLModel.metadata.tables)} tables; " in last
    )
    assert last.endswith("… matches.")
    checksum = database_checksum(laptop)
    assert checksum[:16] in last
    copied = open_database(tmp_path / "back.db")
    assert database_checksum(copied) == checksum
    copied.close()


@pytest.mark.parametrize(
    ("source", "target", "message"),
    [
        ("laptop", "laptop", "is both the source and the target"),
        ("missing", "new", "There is no database at"),
        ("laptop", "unreachable", "Cannot reach the database server"),
        ("laptop", "laptop copy", "already holds"),
    ],
)
def test_the_command_refuses_in_words(laptop, tmp_path, source, target, message):
    copied = tmp_path / "copied.db"
    assert _copy(laptop.path, copied).exit_code == 0
    places = {
        "laptop": laptop.path,
        "laptop copy": copied,
        "missing": tmp_path / "missing.db",
        "new": tmp_path / "new.db",
        "unreachable": f"postgresql://nobody@/nowhere?host={tmp_path / 'no-server'}",
    }
    result = _copy(places[source], places[target])
    assert result.exit_code == 1
    assert message in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "missing.db").exists() and not (tmp_path / "new.db").exists()


def test_a_failed_copy_to_a_new_file_leaves_no_file_behind(laptop, tmp_path, monkeypatch):
    monkeypatch.setattr(db.database_copy, "_mismatches", lambda *_: ["topic differs"])
    new = tmp_path / "new copy.db"
    result = _copy(laptop.path, new)
    assert result.exit_code == 1 and "does not match the source" in result.output
    assert f"The new file {new} was removed again." in result.output
    assert sorted(tmp_path.glob("new copy.db*")) == []
    # A file that was there before stays, failed copy or not.
    existing = tmp_path / "existing.db"
    open_database(existing).close()
    before = existing.read_bytes()
    result = _copy(laptop.path, existing)
    assert result.exit_code == 1 and "removed" not in result.output
    assert existing.exists() and existing.read_bytes() == before
