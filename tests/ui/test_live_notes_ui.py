"""Live notes with more than one note-taker, and the side panel kept current, with Pilot."""

from textual.widgets import Input, Static

from db.meeting_changes import create_meeting
from db.meeting_input import MeetingInput
from db.meetings import list_meetings
from db.note_changes import save_live_document
from db.notes import live_documents
from screens.meetings.detail import MeetingScreen
from screens.notes.live import LiveNotesScreen
from tests.pilot import notices, press, running, screen_text, settle, show, taking_notes
from tui.config import Config

ME = "anna"


def _notes_by(database, meeting_id: int, author: str, text: str) -> None:
    database.actor = author
    save_live_document(database, meeting_id, text, None)


async def test_the_meeting_page_says_whose_notes_are_whose(app_paths, demo_database):
    meeting = create_meeting(demo_database, MeetingInput(title="Okapi talks"))
    _notes_by(demo_database, meeting, "anna", "Anna wrote: three pillars")
    _notes_by(demo_database, meeting, "bob", "Bob wrote: draft by December")
    async with running(app_paths, Config(me=ME)) as pilot:
        app = pilot.app
        await show(pilot, MeetingScreen(app.context, meeting))
        text = screen_text(pilot)
    anna, bob = text.index("Notes by anna · saved "), text.index("Notes by bob · saved ")
    assert anna < text.index("Anna wrote: three pillars") < bob
    assert bob < text.index("Bob wrote: draft by December")


async def test_live_notes_name_the_other_note_takers(app_paths, demo_database):
    vienna = list_meetings(demo_database, "vienna").rows[0].id
    _notes_by(demo_database, vienna, "bob", "Bob's notes")
    async with taking_notes(app_paths, vienna, Config(me=ME)) as pilot:
        assert "Also taking notes: bob" in screen_text(pilot)
        assert "Bob's notes" not in screen_text(pilot)  # anna types into her own document


def _talking_points(screen: LiveNotesScreen) -> str:
    points = screen.query_one("#talking-points", Static).content
    return "\n".join(part.plain for part in points.renderables)


async def test_a_marked_commitment_is_at_once_among_the_talking_points(app_paths, demo_database):
    vienna = list_meetings(demo_database, "vienna").rows[0].id
    async with taking_notes(app_paths, vienna, Config(me=ME)) as pilot:
        app = pilot.app
        notes = app.screen
        assert "Send the gecko report" not in _talking_points(notes)
        await press(pilot, *"Send the gecko report", "ctrl+k")
        app.screen.query_one("#owner", Input).value = "BMI"
        await press(pilot, "ctrl+s")
        assert app.screen is notes
        assert "Send the gecko report" in _talking_points(notes)


async def test_notes_saved_meanwhile_from_another_window_are_kept_beside(app_paths, demo_database):
    vienna = list_meetings(demo_database, "vienna").rows[0].id
    async with taking_notes(app_paths, vienna, Config(me=ME)) as pilot:
        app = pilot.app
        await pilot.press(*"from this window")
        assert await app.screen.flush()
        # The same note-taker saves the same document from another window.
        demo_database.actor = ME
        (held,) = live_documents(demo_database, vienna)
        other = held.text + "\nfrom the other window"
        save_live_document(demo_database, vienna, other, held.seen)
        await pilot.press(*" and more")
        assert await app.screen.flush()
        await settle(pilot)
        assert "Your notes were also changed in another window" in notices(pilot)
        await pilot.press(*", still here")
        assert await app.screen.flush()
    texts = sorted(d.text for d in live_documents(demo_database, vienna))
    assert texts == sorted(["from this window and more, still here", other])


async def test_opening_the_notes_in_a_second_window_changes_nothing(app_paths, demo_database):
    vienna = list_meetings(demo_database, "vienna").rows[0].id
    _notes_by(demo_database, vienna, ME, "earlier notes")
    async with taking_notes(app_paths, vienna, Config(me=ME)) as pilot:
        app = pilot.app
        first = app.screen
        app.push_screen(LiveNotesScreen(app.context, vienna))  # a second window, only reading
        await settle(pilot)
        await press(pilot, "escape")
        assert app.screen is first
        await pilot.press(*" and more")
        assert await first.flush()
        await settle(pilot)
        assert "another window" not in notices(pilot)
    assert [d.text for d in live_documents(demo_database, vienna)] == ["earlier notes and more"]


async def test_a_decision_marked_in_the_notes_shows_once_on_the_meeting_page(
    app_paths, demo_database
):
    meeting = create_meeting(demo_database, MeetingInput(title="Okapi talks"))
    async with taking_notes(app_paths, meeting, Config(me=ME)) as pilot:
        app = pilot.app
        await press(pilot, *"Both sides agree on the okapi plan", "ctrl+d")
        await press(pilot, "escape")
        await show(pilot, MeetingScreen(app.context, meeting))
        text = screen_text(pilot)
    assert text.count("Both sides agree on the okapi plan") == 1
    assert "Notes (1)" in text


async def test_reopened_notes_keep_counting_from_when_they_were_begun(app_paths, demo_database):
    from datetime import datetime, timedelta

    vienna = list_meetings(demo_database, "vienna").rows[0].id
    demo_database.actor = ME
    save_live_document(demo_database, vienna, "Begun a while ago", None)
    # The app's clock: 20 minutes after the document was begun (the real time).
    later = datetime.now() + timedelta(minutes=20)
    from tui.app import BilateralApp

    app = BilateralApp(app_paths, Config(me=ME), now=lambda: later)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await show(pilot, LiveNotesScreen(app.context, vienna))
        assert "00:20:0" in screen_text(pilot)  # not 00:00:00


async def test_at_80_columns_the_editor_takes_the_whole_width(app_paths, demo_database):
    vienna = list_meetings(demo_database, "vienna").rows[0].id
    async with taking_notes(app_paths, vienna, Config(me=ME), size=(80, 24)) as pilot:
        app = pilot.app
        assert app.screen.query_one("#notes-editor").size.width >= 76
        assert "Still open with this partner" in screen_text(pilot)
