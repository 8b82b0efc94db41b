"""Meetings and live notes driven as a user would, with Pilot."""

from textual.widgets import DataTable, Input, TextArea

from db.meetings import get_meeting, list_meetings
from db.notes import live_documents, wrap_up
from db.partners import get_partner, list_partners
from screens.meetings.detail import MeetingScreen
from screens.meetings.form import MeetingForm
from screens.notes.live import LiveNotesScreen
from screens.notes.wrapup import WrapUpScreen
from screens.partners.detail import PartnerScreen
from screens.pickers import PickerScreen
from tests.helpers.clock import TODAY
from tests.pilot import notices, press, running, screen_text, settle, show, taking_notes


async def _pick(pilot, text: str) -> None:
    await settle(pilot)
    assert isinstance(pilot.app.screen, PickerScreen)
    await press(pilot, *text)
    await press(pilot, "enter")


async def test_create_meeting_take_notes_mark_and_wrap_up(app_paths, demo_database):
    async with running(app_paths) as pilot:
        app = pilot.app
        await press(pilot, "m", "a")
        form = app.screen
        assert isinstance(form, MeetingForm)
        form.query_one("#title", Input).value = "Working lunch on extradition"
        form.query_one("#starts", Input).value = "today 12:30"
        form.query_one("#place", Input).value = "Hanoi"
        await pilot.press("f2")
        await _pick(pilot, "ministry austria")
        await pilot.press("f3")
        await _pick(pilot, "webinger")
        await pilot.press("f3")
        await _pick(pilot, "hung")
        await settle(pilot)
        text = screen_text(pilot)
        assert "read as 26 Nov 2026 12:30" in text
        await press(pilot, "ctrl+s")
        assert "Meeting saved." in notices(pilot)

        meeting = list_meetings(demo_database, "working lunch").rows[0]
        detail = get_meeting(demo_database, meeting.id)
        assert {(a.name, a.side) for a in detail.attendance} == {
            ("Lê Quốc Hùng", "ours"),
            ("Peter Webinger", "theirs"),
        }

        await press(pilot, "slash", *"working lunch", "enter", "enter")
        assert isinstance(app.screen, MeetingScreen)
        await press(pilot, "n")
        assert isinstance(app.screen, LiveNotesScreen)
        assert "Cooperation Agreement on Crime" in screen_text(pilot)  # still open
        await pilot.press(*"They will send the draft text")
        await press(pilot, "ctrl+k")
        owner = app.screen.query_one("#owner", Input)
        owner.value = "BMI legal department"
        app.screen.query_one("#due", Input).value = "15.12.2026"
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, LiveNotesScreen)
        await press(pilot, "enter", *"Training in money laundering investigation", "ctrl+r")
        await press(pilot, "ctrl+s")
        editor = app.screen.query_one(TextArea)
        assert editor.text == (
            "14:30 ▲ COMMITMENT They will send the draft text\n"
            "14:30 ✚ PROPOSAL Training in money laundering investigation"
        )
        await press(pilot, "ctrl+w")
        assert isinstance(app.screen, WrapUpScreen)
        text = screen_text(pilot)
        assert "They will send the draft text" in text and "BMI legal department" in text
        assert "Training in money laundering investigation" in text

    marked = wrap_up(demo_database, meeting.id, TODAY)
    commitment = marked.commitments[0]
    austria = list_partners(demo_database, "ministry austria").rows[0].id
    assert (commitment.owner, commitment.due, commitment.partner_id) == (
        "BMI legal department",
        "15 Dec 2026",
        austria,
    )
    page = get_partner(demo_database, austria, TODAY)
    assert "They will send the draft text" in [a.text for a in page.action_items]
    assert "Training in money laundering investigation" in [p.title for p in page.open_proposals]
    assert [d.text for d in live_documents(demo_database, meeting.id)] == [editor.text]


async def test_partner_page_shows_the_marked_items_and_opens_its_meetings(app_paths, demo_database):
    from db.meeting_input import CommitmentInput
    from db.note_changes import add_commitment

    austria = list_partners(demo_database, "ministry austria").rows[0].id
    vienna = list_meetings(demo_database, "vienna").rows[0].id
    add_commitment(
        demo_database,
        vienna,
        CommitmentInput(text="Send the draft", side="theirs", partner_id=austria),
    )
    async with running(app_paths) as pilot:
        app = pilot.app
        await press(pilot, "p", "slash", *"ministry austria", "enter", "enter")
        assert isinstance(app.screen, PartnerScreen)
        actions = app.screen.query_one("#partner-actions", DataTable)
        assert [str(actions.get_row_at(i)[1]) for i in range(actions.row_count)] == [
            "Send the draft"
        ]
        meetings = app.screen.query_one("#meetings", DataTable)
        meetings.focus()
        meetings.move_cursor(row=1)
        await press(pilot, "enter")
        assert isinstance(app.screen, MeetingScreen)
        assert app.screen.meeting_id == vienna
        assert "Peter Webinger" in screen_text(pilot)


async def test_leaving_live_notes_saves_at_once(app_paths, demo_database):
    vienna = list_meetings(demo_database, "vienna").rows[0].id
    async with taking_notes(app_paths, vienna) as pilot:
        app = pilot.app
        await pilot.press(*"typed just before leaving")
        await press(pilot, "escape")  # well within the autosave pause
        assert not isinstance(app.screen, LiveNotesScreen)
    assert [d.text for d in live_documents(demo_database, vienna)] == ["typed just before leaving"]


async def test_quitting_saves_live_notes_first(app_paths, demo_database):
    vienna = list_meetings(demo_database, "vienna").rows[0].id
    async with taking_notes(app_paths, vienna) as pilot:
        await pilot.press(*"typed just before quitting", "ctrl+q")
        await pilot.pause()
    assert [d.text for d in live_documents(demo_database, vienna)] == ["typed just before quitting"]


async def test_marking_an_empty_line_says_so(app_paths, demo_database):
    vienna = list_meetings(demo_database, "vienna").rows[0].id
    async with taking_notes(app_paths, vienna) as pilot:
        app = pilot.app
        await press(pilot, "ctrl+d")
        assert "Put the cursor on a line with text" in notices(pilot)
        await press(pilot, *"Expedite the negotiations", "ctrl+d")
        assert app.screen.query_one(TextArea).text == "14:30 ◆ DECISION Expedite the negotiations"
    decisions = wrap_up(demo_database, vienna, TODAY).decisions
    assert [d.text for d in decisions] == ["Expedite the negotiations"]


async def test_the_date_field_refuses_an_impossible_date_in_words(app_paths, demo_database):
    async with running(app_paths) as pilot:
        app = pilot.app
        await press(pilot, "m", "a")
        app.screen.query_one("#title", Input).value = "x"
        starts = app.screen.query_one("#starts", Input)
        starts.focus()
        await press(pilot, *"31.02.2025")
        assert "does not exist: February 2025" in screen_text(pilot)
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, MeetingForm)
    assert list_meetings(demo_database).total == 8


async def test_take_notes_from_the_command_palette(app_paths, demo_database):
    async with running(app_paths) as pilot:
        app = pilot.app
        await press(pilot, "ctrl+p", *"take notes")
        await pilot.press("enter")
        await _pick(pilot, "vienna")
        assert isinstance(app.screen, LiveNotesScreen)
        assert app.screen.meeting_id == list_meetings(demo_database, "vienna").rows[0].id


async def test_next_meeting_from_a_copy_keeps_people_and_partners(app_paths, demo_database):
    vienna = list_meetings(demo_database, "vienna").rows[0].id
    async with running(app_paths) as pilot:
        app = pilot.app
        await show(pilot, MeetingScreen(app.context, vienna))
        await press(pilot, "c")
        assert isinstance(app.screen, MeetingForm)
        assert app.screen.query_one("#starts", Input).value == ""
        app.screen.query_one("#starts", Input).value = "15.1.2027 10:00"
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, MeetingScreen) and app.screen.meeting_id != vienna
        copy = get_meeting(demo_database, app.screen.meeting_id)
    original = get_meeting(demo_database, vienna)
    # The copy keeps the Vienna meeting's zone: both clocks are shown.
    assert (copy.status, copy.when) == ("planned", "15 Jan 2027 10:00 Vienna · 09:00 UTC")
    assert copy.attendance == original.attendance and copy.partners == original.partners
