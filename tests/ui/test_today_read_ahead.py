"""Today's rows on screen at start-up before the database has opened: read ahead without the
database layer, then replaced, unchanged, by the rows of the open database."""

import threading
from collections.abc import Iterator

import pytest
from textual.pilot import Pilot

import db.opening
import db.today_read_ahead
from tests.pilot import make_app, screen_text, settle

# The app behaves the same on SQLite and on PostgreSQL.
BOTH_BACKENDS = True

VISITS = "Visits in the next 90 days (1)"
RETURN_VISIT = "Return visit"


@pytest.fixture
def held_back(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """Opening the database waits until the test sets the event."""
    release = threading.Event()
    opening = db.opening.open_database

    def held(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202 - as db.opening.open_database
        release.wait()
        return opening(*args, **kwargs)

    monkeypatch.setattr(db.opening, "open_database", held)
    yield release
    release.set()


async def _read_ahead_done(pilot: Pilot) -> None:
    """Wait for the start-up's read ahead (from the first frame on) to have drawn its rows."""
    reading = []
    for _attempt in range(50):
        reading = [worker for worker in pilot.app.workers if worker.group == "read-ahead"]
        if reading:
            break
        await pilot.pause()
    for worker in reading:
        await worker.wait()
    await pilot.pause()


async def test_todays_rows_are_drawn_before_the_database_opens(app_paths, demo_database, held_back):
    app = make_app(app_paths)
    async with app.run_test(size=(120, 40)) as pilot:
        await _read_ahead_done(pilot)
        assert not app.context.is_ready
        before = screen_text(pilot)
        assert VISITS in before and RETURN_VISIT in before
        held_back.set()
        await settle(pilot)
        assert app.context.is_ready
        assert screen_text(pilot) == before


async def test_without_rows_read_ahead_today_waits_for_the_database(
    app_paths, demo_database, held_back, monkeypatch
):
    monkeypatch.setattr(db.today_read_ahead, "read_today_ahead", lambda target, today: None)
    app = make_app(app_paths)
    async with app.run_test(size=(120, 40)) as pilot:
        await _read_ahead_done(pilot)
        assert VISITS not in screen_text(pilot)
        held_back.set()
        await settle(pilot)
        assert VISITS in screen_text(pilot)
