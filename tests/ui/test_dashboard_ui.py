"""The front door on screen: what needs attention, each line opening its record."""

from db.meeting_input import CommitmentInput
from db.meetings import list_meetings
from db.note_changes import add_commitment
from db.today import today_view
from screens.meetings.detail import MeetingScreen
from screens.proposals.detail import ProposalScreen
from screens.visits.detail import VisitScreen
from tests.helpers.clock import TODAY
from tests.pilot import press, running, screen_text

# The app behaves the same on SQLite and on PostgreSQL.
BOTH_BACKENDS = True


async def test_the_app_opens_on_the_dashboard_and_each_line_opens_its_record(
    app_paths, demo_database
):
    async with running(app_paths, size=(130, 45)) as pilot:
        app = pilot.app
        text = screen_text(pilot)
        assert "Visits in the next 90 days (1)" in text
        assert "Proposals overdue or not moved in 180 days" in text
        await press(pilot, "enter")
        assert isinstance(app.screen, VisitScreen)
        await press(pilot, "escape", "tab", "tab")  # visits → actions (empty) → proposals
        await press(pilot, "enter")
        assert isinstance(app.screen, ProposalScreen)
        assert "overdue" in screen_text(pilot)
        await press(pilot, "escape", "tab", "enter")
        assert isinstance(app.screen, MeetingScreen)


async def test_an_action_item_of_a_meeting_shows_the_meetings_partner(app_paths, demo_database):
    from textual.widgets import DataTable

    vienna = list_meetings(demo_database, "vienna").rows[0].id
    add_commitment(
        demo_database,
        vienna,
        CommitmentInput(text="Send the draft text", side="theirs", due=TODAY.isoformat()),
    )  # linked to the meeting only, not to a partner
    assert [(i.text, i.partner) for i in today_view(demo_database, TODAY).action_items] == [
        ("Send the draft text", "BMI (AT)")
    ]
    async with running(app_paths, size=(130, 45)) as pilot:
        app = pilot.app
        actions = app.screen.query_one("#actions", DataTable)
        assert [str(c) for c in actions.get_row_at(0)][1:] == [
            "Send the draft text",
            "",
            "26 Nov 2026",
            "BMI (AT)",
        ]
        line = next(li for li in screen_text(pilot).splitlines() if "Send the draft text" in li)
        assert "BMI (AT)" in line
