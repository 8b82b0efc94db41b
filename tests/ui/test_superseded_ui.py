"""Typing on in a list's filter stops the query of the previous keystroke in the database."""

import threading

from sqlalchemy import text
from textual.widgets import DataTable

from db.cancelling import Superseded
from db.meetings import list_meetings
from screens.meetings.list import MeetingsScreen
from tests.pilot import press, running, screen_text, settle, wait_for

# Hours of counting, unless something stops it.
SLOW_QUERY = (
    "WITH RECURSIVE counter(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM counter "
    "WHERE n < 1000000000000) SELECT count(*) FROM counter"
)


async def test_the_next_keystroke_stops_the_query_of_the_previous_one(
    app_paths, demo_database, monkeypatch
):
    superseded = threading.Event()
    usual_fetch = MeetingsScreen.fetch

    def fetch(screen, query, offset, **paging):
        if query != "v":
            return usual_fetch(screen, query, offset, **paging)
        try:
            with screen.context.database().reading() as session:
                session.execute(text(SLOW_QUERY)).all()
        except Superseded:
            superseded.set()
            raise
        raise AssertionError("the slow query ran to its end")

    monkeypatch.setattr(MeetingsScreen, "fetch", fetch)
    async with running(app_paths) as pilot:
        await press(pilot, "m", "slash")
        screen = pilot.app.screen
        assert isinstance(screen, MeetingsScreen)

        await pilot.press("v")
        await wait_for(pilot, lambda: screen.page_read.is_reading, "the slow query never started")
        await pilot.press("i")
        await wait_for(pilot, superseded.is_set, "the first keystroke's query ran on")
        await settle(pilot)

        wanted = [row.title for row in list_meetings(demo_database, "vi").rows]
        assert wanted and screen.query_one(DataTable).row_count == len(wanted)
        shown = screen_text(pilot)
        assert "matching “vi”" in shown and all(title[:25] in shown for title in wanted)
        assert not pilot.app._notifications  # noqa: SLF001 - no error told to the user
