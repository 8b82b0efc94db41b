"""Nothing typed in a form is lost: quitting asks, and drafts come back after a crash."""

import time

from textual.screen import Screen
from textual.widgets import Input, TextArea

from db.draft_changes import save_draft
from db.drafts import get_draft, waiting_drafts
from db.partners import list_partners
from screens.dialogs import ChoiceScreen
from screens.drafts import when_typed
from screens.forms import FormScreen
from tests.helpers.clock import fixed_now
from tests.pilot import notices, press, running, screen_text, settle
from tui.config import Config

ME = "anna"


async def _open_add_partner(pilot) -> Screen:
    await press(pilot, "p")
    await press(pilot, "a")
    return pilot.app.screen


async def _kept(pilot, database, field: str, value: str) -> None:
    """Wait until the typist's pause has written the Add partner draft with `field` = `value`
    (the draft is written half a second after the last key, in a worker)."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        await settle(pilot, rounds=1)
        draft = get_draft(database, "partner:new")
        if draft is not None and draft.fields.get(field) == value:
            return
    raise AssertionError(f"no draft with {field} = {value!r} was written")


async def _type_and_pause(pilot, database, text: str) -> None:
    await pilot.press(*text)
    await _kept(pilot, database, "name", text)


async def test_quit_with_typed_text_asks_and_stay_keeps_the_text(app_paths, demo_database):
    async with running(app_paths, Config(me=ME)) as pilot:
        app = pilot.app
        form = await _open_add_partner(pilot)
        await pilot.press(*"Bundeskriminalamt")  # the name field has the focus at once
        await press(pilot, "ctrl+q")
        assert isinstance(app.screen, ChoiceScreen)
        assert "“Add partner” holds text you have not saved" in screen_text(pilot)
        await press(pilot, "escape")  # stay
        assert app.screen is form
        assert form.query_one("#name", Input).value == "Bundeskriminalamt"
        assert app.is_running


async def test_quit_and_save_saves_the_form_then_quits(app_paths, demo_database):
    async with running(app_paths, Config(me=ME)) as pilot:
        app = pilot.app
        await _open_add_partner(pilot)
        await pilot.press(*"Bundeskriminalamt")
        await press(pilot, "ctrl+c")
        await press(pilot, "s")
    assert not app.is_running
    assert [r.name for r in list_partners(demo_database, "bundeskrim").rows] == [
        "Bundeskriminalamt"
    ]


async def test_quit_and_save_of_an_invalid_form_stays_open_and_says_why(app_paths, demo_database):
    async with running(app_paths, Config(me=ME)) as pilot:
        app = pilot.app
        form = await _open_add_partner(pilot)
        await pilot.press("tab", "tab", "tab", *"Austria?")  # no name; not a country code
        await press(pilot, "ctrl+q")
        await press(pilot, "s")
        assert app.is_running and app.screen is form
        assert "Not saved: fix the fields marked above." in screen_text(pilot)


async def test_quit_and_discard_quits_and_forgets_the_draft(app_paths, demo_database):
    demo_database.actor = ME
    async with running(app_paths, Config(me=ME)) as pilot:
        app = pilot.app
        await _open_add_partner(pilot)
        await _type_and_pause(pilot, demo_database, "Bundeskriminalamt")
        assert get_draft(demo_database, "partner:new") is not None
        await press(pilot, "ctrl+q")
        await press(pilot, "d")
    assert not app.is_running
    assert get_draft(demo_database, "partner:new") is None
    assert not list_partners(demo_database, "bundeskrim").rows


async def test_a_form_left_by_a_crash_is_offered_again_with_its_time(app_paths, demo_database):
    demo_database.actor = ME
    async with running(app_paths, Config(me=ME)) as pilot:
        form = await _open_add_partner(pilot)
        await _type_and_pause(pilot, demo_database, "Bundeskriminalamt")
        form.query_one("#description", TextArea).load_text("Federal police [/] 1st contact")
        await _kept(pilot, demo_database, "description", "Federal police [/] 1st contact")
    # The app ended without the form being saved or discarded, as in a crash.
    draft = get_draft(demo_database, "partner:new")
    assert draft is not None and draft.fields["name"] == "Bundeskriminalamt"

    async with running(app_paths, Config(me=ME)) as pilot:
        restarted = pilot.app
        assert "Add partner" in notices(pilot) and "Open the same form again" in notices(pilot)
        await press(pilot, "p")
        await press(pilot, "a")
        assert isinstance(restarted.screen, ChoiceScreen)
        typed_at = when_typed(draft.saved_at, fixed_now())  # e.g. '14:32', or '30 Nov 14:32'
        assert f"Restore what you typed at {typed_at}?" in screen_text(pilot)
        assert "Add partner was not saved" in screen_text(pilot)
        await press(pilot, "y")
        form = restarted.screen
        assert isinstance(form, FormScreen)
        assert form.query_one("#name", Input).value == "Bundeskriminalamt"
        assert form.query_one("#description", TextArea).text == "Federal police [/] 1st contact"
        await press(pilot, "ctrl+s")
    assert get_draft(demo_database, "partner:new") is None  # saved: the draft is gone
    assert len(list_partners(demo_database, "bundeskrim").rows) == 1


async def test_a_declined_draft_is_deleted_and_an_edit_form_keeps_its_own(app_paths, demo_database):
    demo_database.actor = ME
    save_draft(demo_database, "partner:new", "Add partner", {"name": "Old text"})
    ministry = list_partners(demo_database, "ministry austria").rows[0]
    save_draft(demo_database, f"partner:{ministry.id}", "Edit partner", {"short_name": "BMI-AT"})
    async with running(app_paths, Config(me=ME)) as pilot:
        app = pilot.app
        await _open_add_partner(pilot)
        assert isinstance(app.screen, ChoiceScreen)
        await press(pilot, "n")
        assert app.screen.query_one("#name", Input).value == ""
    assert get_draft(demo_database, "partner:new") is None
    assert [d.form for d in waiting_drafts(demo_database)] == [f"partner:{ministry.id}"]


async def test_cancel_and_discard_deletes_the_draft(app_paths, demo_database):
    demo_database.actor = ME
    async with running(app_paths, Config(me=ME)) as pilot:
        app = pilot.app
        await _open_add_partner(pilot)
        await _type_and_pause(pilot, demo_database, "Interpol")
        assert get_draft(demo_database, "partner:new") is not None
        await press(pilot, "escape", "y")
        assert not isinstance(app.screen, FormScreen)
    assert get_draft(demo_database, "partner:new") is None


async def test_drafts_are_each_their_authors_own(app_paths, demo_database):
    demo_database.actor = "bob"
    save_draft(demo_database, "partner:new", "Add partner", {"name": "Bob's partner"})
    async with running(app_paths, Config(me=ME)) as pilot:
        app = pilot.app
        form = await _open_add_partner(pilot)
        assert app.screen is form  # nothing offered: the draft is Bob's
        assert "drafts waiting" not in notices(pilot)
