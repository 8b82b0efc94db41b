"""What another process saves shows on the open list and page without a key pressed, with a
notice saying who; the cursor stays on its row and a form being typed into is left alone."""

import subprocess
import sys

from textual.widgets import DataTable, Input

from db.checklists.queries import get_checklist
from db.meetings import list_meetings
from db.partners import list_partners
from screens.meetings.form import MeetingForm
from screens.partners.list import PartnersScreen
from screens.visits.checklist import ChecklistScreen
from tests.helpers.clock import TODAY
from tests.pilot import notices, press, running, screen_text, show, wait_for

BOTH_BACKENDS = True
# Guards against a hanging test only: the change shows within a second or two.
GUARD_SECONDS = 60

# Run in a second process as "anna": the change named by its first argument, on the database
# named by the second, to the record whose id is the third.
SECOND_SESSION = """
import sys
from sqlalchemy import update
from db.checklists.changes import set_done
from db.models import Meeting, Organisation
from db.opening import open_database

change, target, record_id = sys.argv[1], sys.argv[2], int(sys.argv[3])
database = open_database(target)
database.actor = "anna"
if change == "tick":
    set_done(database, record_id, True)
else:
    model = Organisation if change == "rename-partner" else Meeting
    column = "name" if model is Organisation else "title"
    database.write(
        lambda session: session.execute(
            update(model).where(model.id == record_id).values({column: "Renamed by anna"})
        )
    )
database.close()
"""


def save_in_another_process(pilot, change: str, record_id: int) -> None:
    subprocess.run(
        [sys.executable, "-c", SECOND_SESSION, change, pilot.app.paths.database, str(record_id)],
        check=True,
        timeout=GUARD_SECONDS,
    )


async def test_an_open_list_shows_another_process_s_rename_and_keeps_its_cursor(
    app_paths, demo_database
):
    partners = list_partners(demo_database).rows
    async with running(app_paths) as pilot:
        await press(pilot, "p", "down", "down")
        screen = pilot.app.screen
        assert isinstance(screen, PartnersScreen)
        table = screen.query_one(DataTable)
        on_row = screen.selected_id
        assert on_row == partners[2].id

        save_in_another_process(pilot, "rename-partner", partners[4].id)
        await wait_for(
            pilot,
            lambda: "Renamed by anna" in screen_text(pilot),
            "the rename never showed",
            guard=GUARD_SECONDS,
        )
        assert "Saved by anna · partners updated" in notices(pilot)
        assert screen.selected_id == on_row and table.has_focus


async def test_an_open_checklist_shows_an_item_ticked_elsewhere(
    app_paths, demo_database, checklist_visit
):
    items = [
        i
        for s in get_checklist(demo_database, checklist_visit, today=TODAY).sections
        for i in s.items
    ]
    async with running(app_paths, size=(130, 45)) as pilot:
        page = await show(pilot, ChecklistScreen(pilot.app.context, checklist_visit))
        await press(pilot, "down", "down", "down")
        on_item = page.selected_item
        assert on_item is not None and "0/" in screen_text(pilot)

        save_in_another_process(pilot, "tick", items[-1].id)
        await wait_for(
            pilot,
            lambda: f"1/{len(items)} done" in screen_text(pilot),
            "the tick never showed",
            guard=GUARD_SECONDS,
        )
        assert "Saved by anna · checklist updated" in notices(pilot)
        assert page.selected_item is not None and page.selected_item.id == on_item.id


async def test_a_form_being_typed_into_is_not_touched_by_another_process_s_change(
    app_paths, demo_database
):
    vienna = list_meetings(demo_database, "vienna").rows[0].id
    async with running(app_paths) as pilot:
        await press(pilot, "m", "slash", *"vienna", "enter", "enter", "e")
        form = pilot.app.screen
        assert isinstance(form, MeetingForm)
        title = form.query_one("#title", Input)
        title.value = ""
        await press(pilot, *"Half-typed title")

        save_in_another_process(pilot, "rename-meeting", vienna)
        await wait_for(
            pilot,
            lambda: "Saved by anna" in notices(pilot),
            "the change was not heard",
            guard=GUARD_SECONDS,
        )
        assert pilot.app.screen is form and form.query_one("#title", Input) is title
        assert title.value == "Half-typed title" and title.has_focus
