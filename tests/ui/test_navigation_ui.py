"""Moving between the screens with Pilot: mode keys, escape, and records opened from search."""

from textual.widgets import OptionList

from screens.forms import FormScreen
from screens.partners.detail import PartnerScreen
from screens.partners.list import PartnersScreen
from screens.search import SearchScreen
from screens.visits.checklist import ChecklistScreen
from screens.widgets import TopBar
from tests.pilot import press, running, screen_text


def _where(app) -> str:  # noqa: ANN001 - BilateralApp
    return app.screen.query_one(TopBar).query_one("#where").render().plain


async def test_a_mode_key_pressed_on_its_own_page_goes_back_to_the_list(app_paths, demo_database):
    async with running(app_paths) as pilot:
        app = pilot.app
        await press(pilot, "p", "enter")
        assert isinstance(app.screen, PartnerScreen)
        await press(pilot, "m")  # another screen, then back: the page is where it was left
        await press(pilot, "p")
        assert isinstance(app.screen, PartnerScreen)
        await press(pilot, "p")  # again: the list
        assert isinstance(app.screen, PartnersScreen)
        assert len(app.screen_stack) == 1
        await press(pilot, "a")
        assert isinstance(app.screen, FormScreen)
        assert app.screen.form_title == "Add partner"


async def _open_partner_from_search(pilot, typed: str) -> None:  # noqa: ANN001
    await press(pilot, "ctrl+f")
    search = pilot.app.screen
    assert isinstance(search, SearchScreen)
    await press(pilot, *typed)
    key = next(key for key in search.hits if key.startswith("organisation:"))
    options = search.query_one(OptionList)
    options.highlighted = next(i for i, o in enumerate(options.options) if o.id == key)
    await press(pilot, "enter")


async def test_a_partner_found_from_the_visits_checklist_opens_in_partners_once(
    app_paths, demo_database
):
    async with running(app_paths, size=(130, 45)) as pilot:
        app = pilot.app
        await press(pilot, "v", "enter", "c")  # the upcoming visit's checklist
        assert isinstance(app.screen, ChecklistScreen)
        await _open_partner_from_search(pilot, "printing house")
        assert app.current_mode == "partners"
        assert isinstance(app.screen, PartnerScreen)
        assert _where(app) == "bilateral Partners ▸ OSD"
        assert [type(s).__name__ for s in app.screen_stack] == ["PartnersScreen", "PartnerScreen"]
        await _open_partner_from_search(pilot, "printing house")  # the page shown: not twice
        assert [type(s).__name__ for s in app.screen_stack] == ["PartnersScreen", "PartnerScreen"]
        assert "Austrian State Printing House" in screen_text(pilot)
        await press(pilot, "v")  # Visits is as it was left
        assert isinstance(app.screen, ChecklistScreen)
        await press(pilot, "p", "escape")
        assert isinstance(app.screen, PartnersScreen)
