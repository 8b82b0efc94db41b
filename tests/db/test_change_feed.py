"""A session hears what other sessions save (who, which records), not its own changes nor
unsaved drafts; on SQLite also a change another program made, without a name."""

import contextlib
import queue
import sqlite3

import pytest

from db import change_feed
from db.change_feed import Change, ChangeFeed
from db.checklists.changes import set_done
from db.checklists.queries import get_checklist
from db.draft_changes import save_draft
from db.models import ChangeSignal
from db.opening import open_database
from tests.helpers.clock import TODAY

BOTH_BACKENDS = True
# Guards against a hanging test only: a change is heard within POLL_SECONDS.
GUARD_SECONDS = 30


@pytest.fixture
def heard(demo_database):
    """What a feed on the demo database hears, batch by batch."""
    batches: queue.Queue[list[Change]] = queue.Queue()
    feed = ChangeFeed(demo_database, batches.put)
    feed.start()
    # The feed is listening once it has read where the signals stand.
    while feed._listener is None:  # noqa: SLF001 - no other sign that it has started
        with contextlib.suppress(queue.Empty):
            batches.get(timeout=0.01)
    yield batches
    feed.stop()


@pytest.fixture
def other_session(demo_database):
    opened = open_database(demo_database.url)
    opened.actor = "anna"
    yield opened
    opened.close()


def first_item(database, visit_id: int) -> int:
    return get_checklist(database, visit_id, today=TODAY).sections[0].items[0].id


def test_another_session_s_tick_is_heard_with_who_and_what(
    demo_database, checklist_visit, heard, other_session
):
    set_done(other_session, first_item(demo_database, checklist_visit), True)
    assert heard.get(timeout=GUARD_SECONDS) == [Change("anna", frozenset({"checklistitem"}))]


def test_a_session_does_not_hear_its_own_changes_nor_anyone_s_drafts(
    demo_database, checklist_visit, heard, other_session
):
    set_done(demo_database, first_item(demo_database, checklist_visit), True)
    save_draft(other_session, "meeting:new", "New meeting", {"#title": "typed"})
    # Something that is heard, after them: nothing came before it.
    set_done(other_session, first_item(demo_database, checklist_visit), False)
    assert heard.get(timeout=GUARD_SECONDS) == [Change("anna", frozenset({"checklistitem"}))]


def test_on_sqlite_another_program_s_change_is_heard_without_a_name(backend, demo_database, heard):
    if backend != "sqlite":
        return  # PostgreSQL hears only the app's own announcements (the sqlite3 tool: SQLite)
    assert demo_database.path is not None
    with contextlib.closing(sqlite3.connect(demo_database.path)) as connection:
        connection.execute("UPDATE organisation SET short_name = 'X' WHERE id = 1")
        connection.commit()
    assert heard.get(timeout=GUARD_SECONDS) == []


def test_only_the_newest_signals_are_kept(backend, demo_database, checklist_visit, monkeypatch):
    monkeypatch.setattr(change_feed, "KEPT", 3)
    monkeypatch.setattr(change_feed, "PRUNE_EVERY", 2)
    item = first_item(demo_database, checklist_visit)
    for done in (True, False) * 4:
        set_done(demo_database, item, done)
    with demo_database.reading() as session:
        kept = session.query(ChangeSignal).count()
    # PostgreSQL announces by NOTIFY and keeps no rows; SQLite keeps at most KEPT + PRUNE_EVERY.
    assert kept == 0 if backend == "postgresql" else 0 < kept <= 5
