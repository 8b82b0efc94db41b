"""The Visits screen driven with Pilot: create a visit, generate its checklist, tick, export."""

import stat
import tomllib
from datetime import UTC, datetime

from textual.widgets import Input, Select

from db.checklists.queries import get_checklist
from db.visits import list_visits
from screens.dialogs import PromptScreen
from screens.visits.checklist import ChecklistScreen
from screens.visits.detail import VisitScreen
from screens.visits.form import VisitForm
from tests.helpers.clock import TODAY
from tests.pilot import answer_level, notices, press, running, screen_text, show


async def _pick(pilot, typed: str) -> None:
    await press(pilot, *typed)
    await press(pilot, "enter")


async def test_create_a_visit_generate_tick_and_export(app_paths, demo_database):
    async with running(app_paths, size=(130, 45)) as pilot:
        app = pilot.app
        await press(pilot, "v")
        assert "3 visits" in screen_text(pilot)
        await press(pilot, "a")
        form = app.screen
        assert isinstance(form, VisitForm)
        await pilot.press(*"Working visit to Berlin [/]")
        form.query_one("#level", Select).value = "working"
        form.query_one("#starts", Input).value = "2.3.2027"
        form.query_one("#ends", Input).value = "4.3.2027"
        await press(pilot, "f2")
        await _pick(pilot, "federal ministry interior")
        await press(pilot, *"Berlin", "enter")  # the city of the stop
        await press(pilot, "f3")
        await _pick(pilot, "tuyen")
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, VisitScreen), screen_text(pilot)
        text = screen_text(pilot)
        assert "Working visit to Berlin [/]" in text
        assert "Federal Ministry of the Interior — Berlin, DE" in text
        assert "no checklist" in text
        await press(pilot, "u")
        assert "items added" in notices(pilot)
        await press(pilot, "c")
        checklist = app.screen
        assert isinstance(checklist, ChecklistScreen)
        text = screen_text(pilot)
        assert "Schengen visas for the delegation (Germany)" in text and "0/" in text  # outgoing
        await press(pilot, "G")  # the end: the briefing drawn from the records
        assert "Briefing: Federal Ministry of the Interior" in screen_text(pilot)
        await press(pilot, "g")  # back to the top
        for _ in range(3):
            await press(pilot, "down", "space")  # the first rows are items of section one
        assert "3/" in screen_text(pilot)
        await press(pilot, "ctrl+e")
        await answer_level(pilot)
        prompt = app.screen
        assert isinstance(prompt, PromptScreen)
        target = app_paths.exports_dir / "berlin.toml"
        prompt.query_one(Input).value = str(target)
        await press(pilot, "enter")
        assert f"to {target}" in notices(pilot)
        for _ in range(2):
            await press(pilot, "escape")
        assert "3/" in screen_text(pilot) and "done" in screen_text(pilot)  # the list's progress
    document = tomllib.loads(target.read_text(encoding="utf-8"))
    assert document["visit"]["title"] == "Working visit to Berlin [/]"
    done = [i for s in document["sections"] for i in s["items"] if i["done"]]
    assert len(done) == 3
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    visit = next(r for r in list_visits(demo_database, "berlin", today=TODAY).rows)
    assert visit.progress[0] == 3


async def test_add_edit_and_remove_checklist_items(app_paths, demo_database, checklist_visit):
    async with running(app_paths, size=(130, 45)) as pilot:
        app = pilot.app
        await show(pilot, ChecklistScreen(app.context, checklist_visit))
        before = get_checklist(demo_database, checklist_visit, today=TODAY).total
        await press(pilot, "a")
        await pilot.press(*"Book the rooftop for the reception")
        app.screen.query_one("#due", Input).value = "3.1.2027"
        app.screen.query_one("#owner", Input).value = "Hoa"
        await press(pilot, "ctrl+s")
        assert "Book the rooftop for the reception" in screen_text(pilot)
        assert get_checklist(demo_database, checklist_visit, today=TODAY).total == before + 1
        await press(pilot, "down", "enter")  # edit the first item of the first section
        app.screen.query_one("#due", Input).value = "31.2.2027"
        await press(pilot, "ctrl+s")
        assert "Not saved" in screen_text(pilot)  # a wrong date is refused in words
        app.screen.query_one("#due", Input).value = "1.12.2026"
        await press(pilot, "ctrl+s")
        assert "1 Dec 2026" in screen_text(pilot)
        await press(pilot, "d")
        await press(pilot, "y")
        view = get_checklist(demo_database, checklist_visit, today=TODAY)
        assert view.total == before  # one added, one removed
        await press(pilot, "3")  # overdue only
        shown = get_checklist(demo_database, checklist_visit, view="overdue", today=TODAY)
        assert f"{sum(len(s.items) for s in shown.sections)} shown" in screen_text(pilot)


async def test_a_ticked_item_says_who_ticked_it_and_when(app_paths, demo_database, checklist_visit):
    from tui.config import Config

    async with running(app_paths, Config(me="Nguyễn Thị Hoa"), size=(130, 45)) as pilot:
        app = pilot.app
        await show(pilot, ChecklistScreen(app.context, checklist_visit))
        await press(pilot, "down")
        assert "From: default template" in screen_text(pilot)
        await press(pilot, "space")
        await press(pilot, "down", "up")  # the line follows the highlighted item
        text = screen_text(pilot)
    day = datetime.now(UTC).date()  # the day of the change, as stored (UTC)
    assert f"Ticked by Nguyễn Thị Hoa, {day.day} {day:%b %Y}" in text


def _dialog_text(pilot) -> str:  # noqa: ANN001
    """The dialog's lines as one ('█  Delete the visit … █' rows joined)."""
    lines = screen_text(pilot).splitlines()
    return " ".join(line.split("█")[1].strip() for line in lines if "█  " in line)


async def test_deleting_a_visit_asks_naming_what_goes_with_it(
    app_paths, demo_database, checklist_visit
):
    from db.meetings import list_meetings
    from screens.dialogs import ConfirmScreen
    from screens.visits.list import VisitsScreen

    total = get_checklist(demo_database, checklist_visit, today=TODAY).total
    meetings = list_meetings(demo_database).total
    async with running(app_paths, size=(130, 45)) as pilot:
        app = pilot.app
        await press(pilot, "v", "enter")  # the upcoming visit's page
        assert isinstance(app.screen, VisitScreen)
        await press(pilot, "X")
        assert isinstance(app.screen, ConfirmScreen)
        question = _dialog_text(pilot)
        assert "Delete the visit “Return visit: Austrian Ministry" in question
        assert f"Its checklist ({total} items, 0 done) and its 1 stop go with it" in question
        assert "Its 1 programme meeting stays" in question
        await press(pilot, "n")  # not deleted
        assert isinstance(app.screen, VisitScreen)
        assert list_visits(demo_database, today=TODAY).total == 3
        await press(pilot, "X", "y")
        assert isinstance(app.screen, VisitsScreen)
        assert "Visit deleted." in notices(pilot)
        assert "2 visits" in screen_text(pilot)
        await press(pilot, "x")  # from the list too: the highlighted one
        question = _dialog_text(pilot)
        assert "Delete the visit “MPS delegation to Austria” (2025)?" in question
        assert "Its 4 stops and its delegation list (1 person) go with it" in question
        assert "Its 4 programme meetings stay" in question
        await press(pilot, "y")
        assert "1 visit" in screen_text(pilot)
    assert [v.title for v in list_visits(demo_database, today=TODAY).rows] == [
        "MPS delegation to Germany"
    ]
    assert list_meetings(demo_database).total == meetings  # the programme stays
