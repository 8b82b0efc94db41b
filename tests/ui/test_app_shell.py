"""The shell: the key line at the bottom, screens built ahead, themes on screens not shown."""

from screens.footer import KeyFooter
from screens.widgets import TopBar
from tests.helpers.clock import TODAY
from tests.pilot import press, running, screen_text, settle


def footer_text(app) -> str:  # noqa: ANN001 - BilateralApp
    return app.screen.query_one(KeyFooter).render().plain


async def test_the_footer_shows_the_keys_of_where_the_focus_is(app_paths, demo_database):
    async with running(app_paths, size=(200, 40)) as pilot:
        app = pilot.app
        await press(pilot, "o")
        line = footer_text(app)
        assert "a Add proposal" in line
        assert "4 Signed this year" in line
        assert "p Partners" in line
        assert line.rstrip().endswith("^p palette")
        await press(pilot, "slash")
        line = footer_text(app)
        assert "/ Filter" in line
        assert "Add proposal" not in line


async def test_a_narrow_footer_shows_the_screen_keys_as_one_group(app_paths, demo_database):
    async with running(app_paths, size=(80, 30)) as pilot:
        app = pilot.app
        line = footer_text(app)
        assert "h p m o v Screens" in line
        assert "Partners" not in line
        assert len(line) <= 80


async def test_clicking_a_key_in_the_footer_presses_it(app_paths, demo_database):
    async with running(app_paths, size=(160, 40)) as pilot:
        app = pilot.app
        footer = app.screen.query_one(KeyFooter)
        column = footer_text(app).index("m Meetings")
        await pilot.click(KeyFooter, offset=(column + 3, 0))
        await settle(pilot)
        assert type(app.screen).__name__ == "MeetingsScreen"
        assert footer is not app.screen.query_one(KeyFooter)


async def all_built_ahead(pilot) -> None:  # noqa: ANN001
    """Wait until the screens not shown yet have been built in the background."""
    for _ in range(100):
        ready = pilot.app.modes.ready.values()
        if len(ready) == 4 and all(screen.is_mounted for screen in ready):
            return
        await pilot.pause(0.02)
    raise AssertionError("the screens were not built ahead")


async def top_bar_after(pilot, *keys: str, theme: str | None = None):  # noqa: ANN001, ANN201
    """The top bar's background once the theme is set (if given) and the keys pressed."""
    if theme is not None:
        pilot.app.theme = theme
    await press(pilot, *keys)
    return pilot.app.screen.query_one(TopBar).styles.background


async def test_a_screen_first_opened_after_a_theme_change_wears_the_new_theme(
    app_paths, demo_database
):
    async with running(app_paths) as pilot:
        await all_built_ahead(pilot)  # Proposals was built in the old theme
        before = await top_bar_after(pilot)
        on_the_dashboard = await top_bar_after(pilot, theme="nord")
        on_proposals = await top_bar_after(pilot, "o")
    assert on_proposals == on_the_dashboard != before


async def test_a_screen_opened_again_after_a_theme_change_wears_the_new_theme(
    app_paths, demo_database
):
    async with running(app_paths) as pilot:
        before = await top_bar_after(pilot, "o")
        await top_bar_after(pilot, "h")
        on_the_dashboard = await top_bar_after(pilot, theme="nord")
        on_proposals = await top_bar_after(pilot, "o")
        # A proposal's page, the theme changed there, then back.
        await top_bar_after(pilot, "enter")
        on_the_page = await top_bar_after(pilot, theme="textual-light")
        back_on_proposals = await top_bar_after(pilot, "escape")
    assert on_proposals == on_the_dashboard != before
    assert back_on_proposals == on_the_page != on_proposals


async def test_screens_built_ahead_show_the_rows_of_when_they_are_opened(app_paths, demo_database):
    from db.proposal_changes import create_proposal
    from db.proposal_input import ProposalInput

    async with running(app_paths) as pilot:
        app = pilot.app
        await all_built_ahead(pilot)
        built = app.modes.ready["proposals"]
        assert built.is_running
        create_proposal(
            demo_database,
            ProposalInput(title="Joint cybercrime taskforce", kind="cooperation"),
            today=TODAY,
        )
        await press(pilot, "o")
        assert app.screen is built
        assert "Joint cybercrime taskforce" in screen_text(pilot)
        assert "20 proposals" in screen_text(pilot)
