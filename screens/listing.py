"""A list screen: filter as you type, rows paged in from SQL as the cursor nears the end."""

from collections.abc import Iterable
from typing import Any, Generic, NamedTuple, Protocol, TypeVar

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Input, Select, Static
from textual.worker import get_current_worker

from db.cancelling import QueryHandle, Superseded
from db.partner_shapes import PAGE_SIZE, Page
from screens.context import AppContext
from screens.footer import KeyFooter
from screens.keymap import bindings
from screens.widgets import Col, KeyTable, TopBar, plain

LOAD_MORE_MARGIN = 20
# A reload after a change reads again as many rows as were shown, up to this many.
RELOAD_AT_MOST = 600


class Row(Protocol):
    """A row of a list (db's PartnerRow, MeetingRow…): the id of its record."""

    @property
    def id(self) -> int: ...


RowT = TypeVar("RowT", bound=Row)


def refill(select: Select, options: list[tuple[str, Any]]) -> None:
    """New choices for a filter, keeping the one chosen if it is still offered."""
    current = select.value
    select.set_options(options)
    if current is not Select.NULL and current in {value for _, value in options}:
        select.value = current


class FieldFilter(NamedTuple):
    """A choice beside a list's filter (a Select, `#filter-<name>`): it sets the `keyword` of
    the list's query ("partner_id"). Its choices are fixed `words` (a vocabulary); without,
    they are loaded once the first rows are shown (`fill_choices`)."""

    name: str
    keyword: str
    prompt: str
    words: Iterable[str] = ()


class ListTable(KeyTable):
    """The rows of a list screen; enter opens the highlighted one."""

    BINDINGS = bindings("ListTable")


class ListScreen(Screen, Generic[RowT]):
    """Base of the list screens.

    It shows a `#filter` Input (with the subclass's `field_filters` beside it), a ListTable
    and a `#count` Static in a pane (`pane_id`). Subclasses set `columns`, `noun`, the
    filter's `hint` and the table's id, and define `fetch(query, offset, **paging) -> Page`
    (runs in a thread; `paging`: db.lists' `counted` and `limit`; the query's keywords the
    field filters set are in `filters`), `cells(row) -> tuple[Text, ...]` and `opened(row_id)`.
    """

    TITLE = "Every list"
    BINDINGS = bindings("ListScreen")
    # The actions of a subclass that act on the highlighted row: hidden, their keys doing
    # nothing, while the list shows no row (check_action).
    ROW_ACTIONS: frozenset[str] = frozenset()
    # Each column as drawn at 120 columns and how it fits other widths (screens.widgets.Col).
    columns: tuple[Col | tuple[str, int], ...] = ()
    noun = ("row", "rows")
    # What the filter matches ("/ filter: name, kind, country…"); the ids of pane and table.
    hint = "/ filter"
    pane_id = "list-pane"
    table_id = "list-table"
    # What the top bar says (where, status); None: the subclass says it.
    where: tuple[str, str] | None = None
    # The choices beside the filter, each setting a keyword of the list's query.
    field_filters: tuple[FieldFilter, ...] = ()

    def compose(self) -> ComposeResult:
        yield TopBar()
        yield from self.list_pane()
        yield KeyFooter()

    def list_pane(self) -> ComposeResult:
        """The filter, the table and the count line."""
        with Vertical(classes="list-pane", id=self.pane_id):
            yield from self.filter_bar()
            yield self.list_table()
            yield Static("Opening the database…", id="count")

    def filter_bar(self) -> ComposeResult:
        """The filter as you type, and the field filters beside it (if the list has any)."""
        if not self.field_filters:
            yield Input(placeholder=self.hint, id="filter")
            return
        with Horizontal(classes="filter-bar"):
            yield Input(placeholder=self.hint, id="filter")
            for field in self.field_filters:
                choices = [(word, word) for word in field.words]
                yield Select(choices, prompt=field.prompt, id=f"filter-{field.name}")

    def list_table(self) -> ListTable:
        return ListTable(id=self.table_id)

    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self.loaded = 0
        # None while the rows are being counted (after they are shown).
        self.total: int | None = 0
        self.more = False
        # Which showing a count belongs to: a count for an older filter is dropped.
        self.counting = 0
        self.query_text = ""
        self.suspended = False
        self.rows_shown_before = False
        # Built before it is shown (tui.modes): its rows are loaded when it is first shown.
        self.built_ahead = False
        # What the field filters are set to, by the keyword of the list's query (unset: any).
        self.filters: dict[str, Any] = {}
        # The reads under way: a newer page or count stops the older one in the database.
        self.page_read = QueryHandle()
        self.count_read = QueryHandle()

    def fetch(self, query: str, offset: int, **paging: Any) -> Page[RowT]:
        """The page of rows from `offset` that match `query` (in a worker thread)."""
        raise NotImplementedError

    def cells(self, row: RowT) -> tuple[Text, ...]:
        """A row's cells, as the table shows them."""
        raise NotImplementedError

    def opened(self, row_id: int) -> None:
        """Enter on a row."""

    def empty_message(self) -> str:
        return (
            f"No {self.noun[1]} match the filter." if self.query_text else f"No {self.noun[1]} yet."
        )

    def on_mount(self) -> None:
        if self.where is not None:
            self.query_one(TopBar).show(*self.where)
        table = self.query_one(ListTable)
        table.set_columns(self.columns)
        table.focus()
        if not self.built_ahead:
            self.reload()

    def on_unmount(self) -> None:
        self.page_read.cancel()
        self.count_read.cancel()

    def on_screen_suspend(self) -> None:
        self.suspended = True

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        # Its styles are still right (a theme change restyles the screens as they are shown);
        # restyling would only make the table draw every cell again.
        event.refresh_styles = False
        # Back from a record's page, where things may have changed; or shown the first time
        # after being built ahead. Not otherwise: Textual resumes a mode's screen twice when it
        # is first shown, and on_mount loads it.
        if (self.suspended or self.built_ahead) and self.context.is_ready:
            self.reload()
        self.suspended = self.built_ahead = False

    def after_change(self) -> None:
        """Read the rows shown again (a change here or in another session), the cursor kept."""
        query = self.query_one("#filter", Input).value
        self.load_page(query, 0, limit=min(max(self.loaded, PAGE_SIZE), RELOAD_AT_MOST))

    def reload(self) -> None:
        """Load the first page again for the current filter."""
        self.load_page(self.query_one("#filter", Input).value, 0)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in self.ROW_ACTIONS and (not self.query(ListTable) or self.selected_id is None):
            return False
        return super().check_action(action, parameters)

    @property
    def selected_id(self) -> int | None:
        key = self.query_one(ListTable).cursor_key
        return int(key) if key is not None else None

    def load_page(self, query: str, offset: int, limit: int = PAGE_SIZE) -> None:
        """Read `limit` rows from `offset` that match `query`, stopping the older read."""
        self.page_read = self.page_read.replaced()
        self.read_page(query, offset, limit, self.page_read)

    @work(thread=True, exclusive=True, group="list-page", exit_on_error=False)
    def read_page(self, query: str, offset: int, limit: int, handle: QueryHandle) -> None:
        try:
            with handle:
                # The rows first: counting every match can take longer than fetching a page.
                page = self.fetch(query, offset, counted=False, limit=limit)
        except Superseded:
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self.show_page, query, page)

    def count_rows(self, query: str, counting: int) -> None:
        """Count every row that matches `query`, stopping the older count."""
        self.count_read = self.count_read.replaced()
        self.read_count(query, counting, self.count_read)

    @work(thread=True, exclusive=True, group="list-count", exit_on_error=False)
    def read_count(self, query: str, counting: int, handle: QueryHandle) -> None:
        try:
            with handle:
                total = self.fetch(query, 0, counted=True, limit=0).total
        except Superseded:
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self.show_total, counting, total)

    def show_total(self, counting: int, total: int) -> None:
        if counting == self.counting and self.total is None:
            self.total = total
            self.query_one("#count", Static).update(self.count_line())

    def show_page(self, query: str, page: Page[RowT]) -> None:
        table = self.query_one(ListTable)
        keep = self.selected_id
        if page.offset == 0:
            table.clear()
        for row in page.rows:
            table.add_row(*self.cells(row), key=str(row.id))
        self.query_text = query
        self.loaded = page.offset + len(page.rows)
        self.more = page.has_more
        if page.total is not None:
            self.total = page.total
        elif not page.more:
            self.total = self.loaded
        elif page.offset == 0:
            self.total = None
            self.counting += 1
            self.count_rows(query, self.counting)
        self.query_one("#count", Static).update(self.count_line())
        if page.offset == 0 and keep is not None and str(keep) in table.rows:
            table.move_cursor(row=table.get_row_index(str(keep)))
        if page.offset == 0 and table.row_count == 0:
            self.show_empty(self.empty_message())
        if not self.rows_shown_before:
            self.rows_shown_before = True
            self.context.screen_shown()
            # After the first rows are drawn, so that slower extras do not delay them.
            self.call_after_refresh(self.first_rows_shown)

    def first_rows_shown(self) -> None:
        """Called once, after the first page is drawn: load what can wait (filter choices)."""

    def show_empty(self, message: str) -> None:
        """Called when nothing matches; list screens with a side pane say so there."""

    def count_line(self) -> Text:
        if self.total == 0:
            return plain(self.empty_message(), "dim")
        noun = self.noun[0] if self.total == 1 else self.noun[1]
        shown = f"{self.total:,}" if self.total is not None else "…"
        if self.total is None or self.loaded < self.total:
            shown = f"{self.loaded:,} of {shown}"
        line = Text(f"{shown} {noun}")
        if self.query_text:
            line.append_text(plain(f" matching “{self.query_text}”", "dim"))
        return line

    @on(DataTable.RowHighlighted)
    def highlighted(self, event: DataTable.RowHighlighted) -> None:
        if not isinstance(event.data_table, ListTable) or event.row_key.value is None:
            return
        self.row_highlighted(int(event.row_key.value))
        if self.more and event.cursor_row >= self.loaded - LOAD_MORE_MARGIN:
            self.load_page(self.query_text, self.loaded)

    def row_highlighted(self, row_id: int) -> None:
        """The cursor moved to a row (list screens with a preview load it here)."""

    @on(DataTable.RowSelected)
    def selected(self, event: DataTable.RowSelected) -> None:
        if isinstance(event.data_table, ListTable) and event.row_key.value is not None:
            self.opened(int(event.row_key.value))

    @on(Input.Changed, "#filter")
    def filter_changed(self, event: Input.Changed) -> None:
        self.load_page(event.value, 0)

    @on(Select.Changed)
    def field_filter_changed(self, event: Select.Changed) -> None:
        names = {f"filter-{field.name}": field.keyword for field in self.field_filters}
        keyword = names.get(event.select.id or "")
        value = None if event.select.value is Select.NULL else event.select.value
        if keyword is not None and self.filters.get(keyword) != value:
            self.filters = {**self.filters, keyword: value}
            self.reload()

    def fill_choices(self, choices: dict[str, list[tuple[str, Any]]]) -> None:
        """The loaded choices of field filters, by name (keeping the ones chosen)."""
        for name, options in choices.items():
            refill(self.query_one(f"#filter-{name}", Select), options)

    @on(Input.Submitted, "#filter")
    def filter_submitted(self) -> None:
        self.query_one(ListTable).focus()

    def action_focus_filter(self) -> None:
        self.query_one("#filter", Input).focus()

    def action_leave_filter(self) -> None:
        filter_input = self.query_one("#filter", Input)
        if filter_input.has_focus and filter_input.value:
            filter_input.value = ""
        self.query_one(ListTable).focus()
