"""Global search driven with Pilot: from the dashboard to a note on its meeting's page."""

from textual.widgets import Input, OptionList

from screens.meetings.detail import MeetingScreen
from screens.search import SearchScreen
from tests.pilot import press, running, screen_text, settle


async def _search(pilot, typed: str) -> SearchScreen:
    await press(pilot, "slash")
    screen = pilot.app.screen
    assert isinstance(screen, SearchScreen)
    await press(pilot, *typed)
    return screen


async def test_search_from_the_dashboard_opens_the_note_on_its_meeting(app_paths, demo_database):
    async with running(app_paths, size=(130, 45)) as pilot:
        app = pilot.app
        search = await _search(pilot, "three pillars")
        text = screen_text(pilot)
        assert "Partners (1)" in text and "Notes (1)" in text and "2 found" in text
        options = search.query_one(OptionList)
        note_key = next(key for key in search.hits if key.startswith("note:"))
        options.highlighted = next(
            i for i, option in enumerate(options.options) if option.id == note_key
        )
        await press(pilot, "enter")
        assert isinstance(app.screen, MeetingScreen)
        assert app.screen.show_note == search.hits[note_key].note_id
        text = screen_text(pilot)
        assert "Working session with the Austrian Ministry of the Interior" in text
        assert "three pillars" in text  # the note, scrolled into view


async def test_search_ignores_accents_and_awkward_input_from_anywhere(app_paths, demo_database):
    async with running(app_paths, size=(130, 45)) as pilot:
        app = pilot.app
        await press(pilot, "m", "ctrl+f")  # from another screen too
        assert isinstance(app.screen, SearchScreen)
        await press(pilot, *"hung")
        assert "Lê Quốc Hùng" in screen_text(pilot)
        for awkward in ('"', '"(AND -* [/]', "NEAR(x y) OR NOT:", "[bold]zzqx[/]"):
            app.screen.query_one(Input).value = awkward
            await settle(pilot)
            assert isinstance(app.screen, SearchScreen)
            assert "found" in screen_text(pilot)  # a count or "Nothing found", never an error
        assert "Nothing found for “[bold]zzqx[/]”" in screen_text(pilot)
        await press(pilot, "escape")
        assert not isinstance(app.screen, SearchScreen)


async def test_each_kind_lists_its_best_five_and_says_how_many_match(app_paths, demo_database):
    from db.partner_changes import create_organisation
    from db.partner_input import OrganisationInput

    for number in range(1, 8):
        create_organisation(demo_database, OrganisationInput(name=f"Grenzpolizei Region {number}"))
    async with running(app_paths, size=(130, 45)) as pilot:
        search = await _search(pilot, "grenzpol")
        text = screen_text(pilot)
        assert "Partners (5 of 7)" in text and "7 found" in text
        assert len(search.hits) == 5
