"""What the Partners screens look like (SVG snapshots; `pytest --snapshot-update` to renew)."""

from tests.pilot import make_app, settle

SIZE = (120, 40)


def _app(app_paths):
    return make_app(app_paths)


def test_partners_list(snap_compare, app_paths, demo_database):
    async def ready(pilot):
        await settle(pilot)
        await pilot.press("j", "j", "j")
        await settle(pilot)

    assert snap_compare(_app(app_paths), terminal_size=SIZE, run_before=ready)


def test_partner_page(snap_compare, app_paths, demo_database):
    async def ready(pilot):
        await settle(pilot)
        await pilot.press("slash", *"ministry austria", "enter", "enter")
        await settle(pilot)

    assert snap_compare(_app(app_paths), terminal_size=SIZE, run_before=ready)


def test_partner_form_with_errors(snap_compare, app_paths, demo_database):
    async def ready(pilot):
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)

    assert snap_compare(_app(app_paths), terminal_size=SIZE, run_before=ready)
