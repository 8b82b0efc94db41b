"""What the screens look like (SVG snapshots; `pytest --snapshot-update` to renew)."""

from tests.pilot import make_app, settle

SIZE = (120, 40)


def _app(app_paths):
    return make_app(app_paths)


def test_partners_list(snap_compare, app_paths, demo_database):
    async def ready(pilot):
        await settle(pilot)
        await pilot.press("p", "j", "j", "j")
        await settle(pilot)

    assert snap_compare(_app(app_paths), terminal_size=SIZE, run_before=ready)


def test_partner_page(snap_compare, app_paths, demo_database):
    async def ready(pilot):
        await settle(pilot)
        await pilot.press("p", "slash", *"ministry austria", "enter", "enter")
        await settle(pilot)

    assert snap_compare(_app(app_paths), terminal_size=SIZE, run_before=ready)


def test_partner_form_with_errors(snap_compare, app_paths, demo_database):
    async def ready(pilot):
        await settle(pilot)
        await pilot.press("p", "a")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)

    assert snap_compare(_app(app_paths), terminal_size=SIZE, run_before=ready)


def test_meetings_list(snap_compare, app_paths, demo_database):
    async def ready(pilot):
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)

    assert snap_compare(_app(app_paths), terminal_size=SIZE, run_before=ready)


def test_meeting_page(snap_compare, app_paths, demo_database):
    async def ready(pilot):
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        await pilot.press("slash", *"vienna", "enter", "enter")
        await settle(pilot)

    assert snap_compare(_app(app_paths), terminal_size=SIZE, run_before=ready)


def test_live_notes(snap_compare, app_paths, demo_database):
    async def ready(pilot):
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        await pilot.press("slash", *"vienna", "enter", "n")
        await settle(pilot)
        await pilot.press(*"Webinger: three pillars since 1997", "enter")
        await pilot.press(*"Expedite the Crime Prevention agreement", "ctrl+d")
        await settle(pilot)
        await pilot.press("enter", *"They send the draft text")
        await settle(pilot)
        assert await pilot.app.screen.flush()  # the save indicator then says "saved", always
        pilot.app.clear_notifications()  # toasts come and go with the clock
        pilot.app.screen.query_one("#notes-editor").cursor_blink = False  # nor catch a blink
        await settle(pilot)

    assert snap_compare(_app(app_paths), terminal_size=SIZE, run_before=ready)


def test_proposals_register(snap_compare, app_paths, demo_database):
    async def ready(pilot):
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)

    assert snap_compare(_app(app_paths), terminal_size=SIZE, run_before=ready)


def test_proposal_page(snap_compare, app_paths, demo_database):
    async def ready(pilot):
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        await pilot.press("slash", *"crime prevention", "enter", "enter")
        await settle(pilot)

    assert snap_compare(_app(app_paths), terminal_size=SIZE, run_before=ready)


def _tick_three_and_dismiss_toasts():
    async def ready(pilot):
        await settle(pilot)
        await pilot.press("v")
        await settle(pilot)
        await pilot.press("enter", "u")
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        for _ in range(3):
            await pilot.press("down", "space")
            await settle(pilot)
        await pilot.press("down")  # an untouched item: who ticked and when depend on the run
        pilot.app.clear_notifications()
        await settle(pilot)

    return ready


def test_visits_list(snap_compare, app_paths, demo_database):
    async def ready(pilot):
        await _tick_three_and_dismiss_toasts()(pilot)
        for _ in range(2):
            await pilot.press("escape")
            await settle(pilot)

    assert snap_compare(_app(app_paths), terminal_size=SIZE, run_before=ready)


def test_checklist(snap_compare, app_paths, demo_database):
    assert snap_compare(
        _app(app_paths), terminal_size=SIZE, run_before=_tick_three_and_dismiss_toasts()
    )


def test_dashboard(snap_compare, app_paths, demo_database):
    async def ready(pilot):
        await settle(pilot)

    assert snap_compare(_app(app_paths), terminal_size=SIZE, run_before=ready)


def test_search_results(snap_compare, app_paths, demo_database):
    async def ready(pilot):
        await settle(pilot)
        await pilot.press("slash", *"webi")
        await settle(pilot)

    assert snap_compare(_app(app_paths), terminal_size=SIZE, run_before=ready)
