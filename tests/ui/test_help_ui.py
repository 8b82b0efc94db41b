"""F1 help: the keys of the screen, in words a user reads, grouped by where they work."""

from textual.widgets import DataTable

from screens.help import HelpScreen
from screens.visits.checklist import ChecklistScreen
from tests.pilot import press, running, screen_text, show

CLASS_NAMES = ("Screen", "Table", "Scroll", "App", "Widget")
TEXTUAL_ENTRIES = ("super+c", "Copy selected text", "Focus Next", "palette", "Cursor up")


def _rows(app) -> list[tuple[str, str, str]]:
    table = app.screen.query_one(DataTable)
    return [tuple(str(cell) for cell in table.get_row_at(i)) for i in range(table.row_count)]


def _check_rows(rows: list[tuple[str, str, str]]) -> None:
    places = [where for _, _, where in rows]
    assert not [p for p in places if any(name in p for name in CLASS_NAMES)], places
    assert not [row for row in rows if any(e in " ".join(row) for e in TEXTUAL_ENTRIES)], rows
    # Grouped: this screen's keys, then the list's, then those that work everywhere.
    groups = list(dict.fromkeys(places))
    assert groups[0] == "on this screen" and groups[-1] == "everywhere", groups
    assert len(groups) == len([i for i, p in enumerate(places) if i == 0 or p != places[i - 1]])


async def test_help_on_today_is_titled_today_and_shows_its_own_text_whole(app_paths, demo_database):
    async with running(app_paths, size=(120, 50)) as pilot:
        app = pilot.app
        await press(pilot, "f1")
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(pilot)
        assert "Keys — Today" in text and "Dashboard" not in text
        assert "([keymap] binding-id" in text  # text, not markup
        rows = _rows(app)
        _check_rows(rows)
        assert ("h", "Today", "everywhere") in rows
        assert ("⏎", "Open", "in the list") in rows


async def test_help_on_the_checklist_names_where_each_key_works(app_paths, checklist_visit):
    async with running(app_paths, size=(120, 50)) as pilot:
        app = pilot.app
        await show(pilot, ChecklistScreen(app.context, checklist_visit))
        await press(pilot, "f1")
        assert "Keys — Checklist" in screen_text(pilot)
        rows = _rows(app)
        _check_rows(rows)
        assert ("a", "Add item", "on this screen") in rows
        assert ("space", "Tick", "in the checklist") in rows
