"""Handling markings set as a user would: chosen in the meeting form, raised with F6 while
taking notes."""

from textual.widgets import Input, Select

from db.meetings import get_meeting, list_meetings
from db.notes import live_documents
from db.record_markings import marking_of
from screens.meetings.form import MeetingForm
from tests.pilot import notices, press, running, screen_text, taking_notes


async def test_a_meeting_marked_confidential_in_its_form_is_saved_so(app_paths, demo_database):
    async with running(app_paths) as pilot:
        app = pilot.app
        await press(pilot, "m", "a")
        form = app.screen
        assert isinstance(form, MeetingForm)
        assert form.query_one("#marking", Select).value == 0  # the lowest level unless chosen
        form.query_one("#title", Input).value = "Talks on the list of suspects"
        form.query_one("#marking", Select).focus()
        await press(pilot, "enter")  # the levels open, the one chosen highlighted
        await press(pilot, "down", "down", "enter")
        assert "CONFIDENTIAL" in screen_text(pilot)
        await press(pilot, "ctrl+s")
        assert "Meeting saved." in notices(pilot)
    meeting = list_meetings(demo_database, "list of suspects").rows[0]
    assert get_meeting(demo_database, meeting.id).marking == "CONFIDENTIAL"


async def test_f6_raises_the_marking_of_the_notes_and_the_top_line_shows_it(
    app_paths, demo_database
):
    vienna = list_meetings(demo_database, "vienna").rows[0].id
    async with taking_notes(app_paths, vienna) as pilot:
        app = pilot.app
        assert "UNCLASSIFIED" in screen_text(pilot).splitlines()[0]
        await press(pilot, "f6")
        assert "Nothing is saved yet to mark: type the notes first." in notices(pilot)

        await press(pilot, *"Webinger: three pillars since 1997", "f6")
        assert "These notes are now marked RESTRICTED." in notices(pilot)
        assert "RESTRICTED" in screen_text(pilot).splitlines()[0]
        app.clear_notifications()
        await press(pilot, "f6", "f6")
        assert "These notes are already CONFIDENTIAL, the highest marking." in notices(pilot)
        assert "CONFIDENTIAL" in screen_text(pilot).splitlines()[0]
    (document,) = live_documents(demo_database, vienna)
    assert document.text == "Webinger: three pillars since 1997"
    assert marking_of(demo_database, "note", document.id) == 2
