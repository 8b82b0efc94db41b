"""Layout rules that snapshots show but do not state: the key line, empty tables, columns."""

from screens.dialogs import ConfirmScreen
from screens.footer import KeyFooter
from screens.partners.detail import PartnerScreen
from screens.widgets import Col, fit_widths
from tests.pilot import press, running


def footer_text(app) -> str:  # noqa: ANN001 - BilateralApp
    return app.screen.query_one(KeyFooter).render().plain


async def test_at_80_columns_every_key_line_keeps_help_and_the_palette(app_paths, demo_database):
    async with running(app_paths, size=(80, 24)) as pilot:
        app = pilot.app
        for keys in (("p",), ("enter",), ("escape", "m"), ("o",), ("v",), ("h",)):
            await press(pilot, *keys)
            line = footer_text(app)
            assert len(line) <= 80, line
            assert "f1 Help" in line, line
            assert line.rstrip().endswith("^p palette"), line
        await press(pilot, "o")
        assert "a Add proposal" in footer_text(app)  # the view keys (in the top bar) went first


async def test_the_empty_people_table_offers_no_keys_for_a_person(app_paths, demo_database):
    async with running(app_paths) as pilot:
        app = pilot.app
        await press(pilot, "p", "enter")  # the Austrian Institute of Technology: nobody yet
        assert isinstance(app.screen, PartnerScreen)
        assert "People (0)" in str(app.screen.query_one("#people-title").render())
        line = footer_text(app)
        assert "Edit person" not in line and "Delete person" not in line
        assert "a Add person" in line
        await press(pilot, "x")
        assert not isinstance(app.screen, ConfirmScreen)  # nothing to delete, nothing asked


async def test_a_form_shows_its_own_keys_not_those_of_the_screen_behind(app_paths, demo_database):
    async with running(app_paths, size=(80, 24)) as pilot:
        app = pilot.app
        await press(pilot, "m")
        await press(pilot, "a")
        line = footer_text(app)
        assert "^s Save" in line and "esc Cancel" in line and "f3 Add attendee" in line
        assert "Add meeting" not in line
        assert app.screen.query_one("#save").region.bottom <= 23  # above the key line


def test_columns_grow_by_weight_and_give_way_by_what_they_can_spare():
    columns = [Col("When", 11), Col("Title", 30, grow=3, least=12), Col("Place", 10, grow=1)]
    widths = fit_widths(columns, 51 + 6 + 40, 2)
    assert widths == {0: 11, 1: 60, 2: 20}  # 40 more: 30 to the title, 10 to the place
    widths = fit_widths(columns, 51 + 6 - 10, 2)
    assert widths == {0: 11, 1: 20, 2: 10}  # only the title can spare cells


def test_columns_that_may_be_dropped_go_when_even_the_least_widths_do_not_fit():
    columns = [
        Col("Title", 30, grow=1, least=20),
        Col("Kind", 10, least=6, drop=1),
        Col("Notes", 5, drop=2),
        Col("Due", 11),
    ]
    widths = fit_widths(columns, 40 + 8, 2)  # least widths with padding: 50 > 48
    assert widths[2] is None  # Notes first (the highest drop)
    assert widths[1] is not None
    assert widths[0] is not None and widths[3] == 11
    assert sum(w + 2 for w in widths.values() if w is not None) == 48
