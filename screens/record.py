"""A record's page: loaded in a worker, shown, reloaded when shown again, left if deleted."""

from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

from rich.text import Text
from textual import events, work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import DataTable, Label
from textual.worker import get_current_worker

from screens.context import AppContext
from screens.footer import KeyFooter
from screens.forms import when_saved
from screens.widgets import TopBar, key_under_cursor

DetailT = TypeVar("DetailT")
RowT = TypeVar("RowT")


class SectionTitle(Label):
    """The title of a part of a page; `count(n)` adds how many it lists: "People (3)"."""

    def __init__(self, words: str, after: str = "", id: str | None = None) -> None:
        super().__init__(words, classes="section-title", id=id)
        self.words = words
        self.after = after

    def count(self, number: int) -> None:
        self.update(f"{self.words} ({number}){self.after}")


def section(title: str, body: Widget, after: str = "") -> ComposeResult:
    """A titled part of a page: its title (`#<body's id>-title`), then what it shows; `after`
    follows the count in the title once it is shown."""
    yield SectionTitle(title, after, id=f"{body.id}-title")
    yield body


class RecordScreen(Screen, Generic[DetailT]):
    """Base of the pages of one record (a partner, a meeting, a visit's checklist…), as
    screens.listing.ListScreen is of the lists.

    The page is opened with the record's id (`record_id`). Subclasses set `page_id` and
    define `page()` (its sections, in a scrolling `VerticalScroll#page_id` between the top
    bar and the footer; or they override `compose`), `fetch() -> DetailT` (runs in a thread;
    raises db.errors.NotFound when the record is gone) and `show(detail)`, which fills tables
    with `show_rows()`. `load()` fetches and shows the record again (after a change); the
    page reloads when it is shown again, and goes back, saying why, when the record was
    deleted meanwhile.
    """

    page_id = ""

    def __init__(self, context: AppContext, record_id: int) -> None:
        super().__init__()
        self.context = context
        self.record_id = record_id
        # The record as last shown (None until it is loaded).
        self.detail: DetailT | None = None
        # Why the record could not be shown (it was deleted) while another screen was on top.
        self.gone_message = ""

    def compose(self) -> ComposeResult:
        yield TopBar()
        with VerticalScroll(id=self.page_id):
            yield from self.page()
        yield KeyFooter()

    def page(self) -> ComposeResult:
        """The sections of the page."""
        yield from ()

    def fetch(self) -> DetailT:
        """The record as the page shows it (in a worker thread)."""
        raise NotImplementedError

    def show(self, detail: DetailT) -> None:
        """Show the record just loaded (`self.detail` is it already)."""

    def on_mount(self) -> None:
        # A subclass's own on_mount (the focus) runs first: Textual calls both.
        self.load()

    def on_screen_resume(self, _event: events.ScreenResume) -> None:
        # Back from a form, a dialog or another page, where the record may have changed.
        if self.gone_message:
            self.gone(self.gone_message)
        elif self.detail is not None:
            self.load()

    def after_change(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, group="record-page", exit_on_error=False)
    def load(self) -> None:
        """Fetch the record again and show it (a deleted one: say so and go back)."""
        from db.errors import NotFound

        try:
            detail = self.fetch()
        except NotFound as error:
            self.app.call_from_thread(self.gone, str(error))
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self.show_loaded, detail)

    def show_loaded(self, detail: DetailT) -> None:
        self.detail = detail
        self.show(detail)
        self.refresh_bindings()  # keys whose check_action reads the record: drawn anew

    def gone(self, message: str) -> None:
        """The record was deleted meanwhile: say so and go back (once this page is on top)."""
        if not self.is_active:
            self.gone_message = message
            return
        self.gone_message = ""
        self.app.notify(message, severity="warning")
        self.app.pop_screen()

    def reload_when_saved(self, message: str) -> Callable[[int | None], None]:
        """A form's callback: once it saved, say `message` and show the record again."""
        return when_saved(self, message, lambda _record_id: self.load())

    def show_rows(
        self,
        table_id: str,
        rows: Sequence[RowT],
        cells: Callable[[RowT], tuple[Text, ...]],
        *,
        key: Callable[[RowT], int] = lambda row: row.id,  # type: ignore[attr-defined]
        keep_cursor: bool = False,
    ) -> None:
        """Fill a table with the rows, each keyed by its id, and count them in the title of
        its section (if it has one). The cursor stays on its row when that is still listed;
        else, with `keep_cursor`, at its place (or the last row), or goes back to the first."""
        table = self.query_one(table_id, DataTable)
        cursor = table.cursor_row
        on_key = key_under_cursor(table)
        table.clear()
        for row in rows:
            table.add_row(*cells(row), key=str(key(row)))
        if on_key is not None and on_key in table.rows:
            table.move_cursor(row=table.get_row_index(on_key))
        elif keep_cursor and rows:
            table.move_cursor(row=min(cursor, len(rows) - 1))
        self.count_in_title(table_id, len(rows))

    def count_in_title(self, body_id: str, number: int) -> None:
        """Show how many rows a section lists in its title."""
        for title in self.query(f"{body_id}-title").results(SectionTitle):
            title.count(number)
