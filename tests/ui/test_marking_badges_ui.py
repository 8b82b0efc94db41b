"""Handling markings as a user sees them: a badge on a marked record's page, the level in the
Marking column of its list, and on its search hit."""

from dataclasses import dataclass

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session
from sqlmodel import col
from textual.widgets import DataTable

from db.engine import Database
from db.models import Meeting, Note
from screens.meetings.detail import MeetingScreen
from screens.meetings.list import MeetingsScreen
from screens.search import SearchScreen
from tests.pilot import press, running, screen_text, show

BERLIN_TALKS = "Working session with State Secretary Christoph de Vries"
VIENNA_TALKS = "Working session with the Austrian Ministry of the Interior"


@dataclass(frozen=True)
class Marked:
    berlin: int  # CONFIDENTIAL
    vienna: int  # RESTRICTED, with one note CONFIDENTIAL


@pytest.fixture
def marked(demo_database: Database) -> Marked:
    def mark(session: Session) -> Marked:
        berlin = session.scalars(select(Meeting.id).where(col(Meeting.title) == BERLIN_TALKS)).one()
        vienna = session.scalars(
            select(Meeting.id).where(
                col(Meeting.title) == VIENNA_TALKS, col(Meeting.place) == "Vienna"
            )
        ).one()
        note = select(Note.id).where(
            col(Note.meeting_id) == vienna, col(Note.text).contains("three pillars")
        )
        session.execute(update(Meeting).where(col(Meeting.id) == berlin).values(marking=2))
        session.execute(update(Meeting).where(col(Meeting.id) == vienna).values(marking=1))
        session.execute(update(Note).where(col(Note.id).in_(note)).values(marking=2))
        return Marked(berlin or 0, vienna or 0)

    return demo_database.write(mark)


async def test_a_confidential_meeting_shows_its_badge_on_its_page(app_paths, marked: Marked):
    async with running(app_paths) as pilot:
        await show(pilot, MeetingScreen(pilot.app.context, marked.berlin))
        assert f"[CONFIDENTIAL] {BERLIN_TALKS}" in screen_text(pilot)


async def test_a_note_marked_above_its_meeting_shows_its_own_badge(app_paths, marked: Marked):
    async with running(app_paths, size=(120, 60)) as pilot:
        await show(pilot, MeetingScreen(pilot.app.context, marked.vienna))
        text = screen_text(pilot)
        assert f"[RESTRICTED] {VIENNA_TALKS}" in text
        # Only the note above the meeting's level has a badge of its own.
        assert text.count("[RESTRICTED]") == 1 and text.count("[CONFIDENTIAL]") == 1
        [line] = [line for line in text.splitlines() if "[CONFIDENTIAL]" in line]
        assert "three pillars" in line


async def test_an_unmarked_meeting_shows_no_badge(app_paths, demo_database):
    async with running(app_paths) as pilot:
        await press(pilot, "m", "enter")
        assert isinstance(pilot.app.screen, MeetingScreen)
        text = screen_text(pilot)
        assert "[UNCLASSIFIED]" not in text and "[RESTRICTED]" not in text


@pytest.mark.parametrize(("size", "shown"), [((120, 40), "CONFIDENTIAL"), ((80, 24), "CONFID")])
async def test_the_meetings_list_shows_the_marking_even_at_80_columns(
    app_paths, marked: Marked, size, shown
):
    async with running(app_paths, size=size) as pilot:
        await press(pilot, "m")
        screen = pilot.app.screen
        assert isinstance(screen, MeetingsScreen)
        table = screen.query_one(DataTable)
        markings = {key.value: str(table.get_row(key)[-1]) for key in table.rows}
        assert markings.pop(str(marked.berlin)) == "CONFIDENTIAL"
        assert markings.pop(str(marked.vienna)) == "RESTRICTED"
        assert set(markings.values()) == {""}
        # The de Vries meeting: the one with BMI (DE), its title cut short at 80 columns.
        [line] = [line for line in screen_text(pilot).splitlines() if "BMI (DE)" in line]
        assert shown in line


async def test_a_search_hit_shows_its_records_marking(app_paths, marked: Marked):
    async with running(app_paths, size=(130, 45)) as pilot:
        await press(pilot, "slash")
        assert isinstance(pilot.app.screen, SearchScreen)
        await press(pilot, *"de vries")
        assert f"[CONFIDENTIAL] {BERLIN_TALKS}" in screen_text(pilot)
