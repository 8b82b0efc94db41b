"""The Partners list: filter as you type, a preview of the highlighted partner beside it."""

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, Static
from textual.worker import get_current_worker

from db.records import Page, PartnerRow
from screens.context import AppContext
from screens.partners.actions import PartnerActions
from screens.widgets import KeyTable, TopBar, cell

LOAD_MORE_MARGIN = 20


class PartnerTable(KeyTable):
    """The list of partners; enter opens the highlighted one."""

    BINDINGS = [Binding("enter", "select_cursor", "Open", id="partners.open")]


class PartnersScreen(PartnerActions, Screen):
    """Organisations: name, kind, country, meetings held, last met, open proposals."""

    BINDINGS = [
        Binding("slash", "focus_filter", "Filter", id="partners.filter"),
        Binding("a", "add_partner", "Add partner", id="partners.add"),
        Binding("e", "edit_partner", "Edit partner", id="partners.edit"),
        Binding("x,delete", "delete_partner", "Delete partner", id="partners.delete"),
        Binding("escape", "leave_filter", "Clear filter", show=False),
    ]

    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self.loaded = 0
        self.total = 0
        self.query_text = ""

    def compose(self) -> ComposeResult:
        yield TopBar(id="topbar")
        with Horizontal(id="partners-body"):
            with Vertical(id="partners-list-pane"):
                yield Input(placeholder="/ filter: name, kind, country…", id="filter")
                yield PartnerTable(id="partners-table")
                yield Static("Opening the database…", id="partners-count")
            with VerticalScroll(id="partners-preview"):
                yield Static(id="preview")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(PartnerTable)
        table.add_column("Name", key="name", width=32)
        table.add_column("Kind", key="kind", width=10)
        table.add_column("Ctry", key="country", width=4)
        table.add_column("Met", key="held", width=3)
        table.add_column("Last met", key="last", width=8)
        table.add_column("Open", key="open", width=4)
        table.focus()
        self.query_one(TopBar).show("Partners")
        self.reload()

    @property
    def selected_partner_id(self) -> int | None:
        table = self.query_one(PartnerTable)
        if table.row_count == 0:
            return None
        row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        return int(row_key.value) if row_key.value is not None else None

    def reload(self) -> None:
        """Load the first page again for the current filter (after a change)."""
        self.load_page(self.query_text, 0)

    @work(thread=True, exclusive=True, group="partners-list", exit_on_error=False)
    def load_page(self, query: str, offset: int) -> None:
        from db.partners import list_partners

        page = list_partners(self.context.database(), query, offset=offset)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self.show_page, query, page)

    def show_page(self, query: str, page: Page[PartnerRow]) -> None:
        table = self.query_one(PartnerTable)
        keep = self.selected_partner_id
        if page.offset == 0:
            table.clear()
        for row in page.rows:
            table.add_row(
                cell(row.name, "bold" if row.is_own else ""),
                cell(row.kind),
                cell(row.country),
                Text(str(row.meetings_held), justify="right"),
                cell(row.last_met),
                Text(str(row.open_proposals or ""), justify="right"),
                key=str(row.id),
            )
        self.query_text = query
        self.loaded = page.offset + len(page.rows)
        self.total = page.total
        self.query_one("#partners-count", Static).update(self.count_line())
        if page.offset == 0 and keep is not None and str(keep) in table.rows:
            table.move_cursor(row=table.get_row_index(str(keep)))
        if page.offset == 0 and table.row_count == 0:
            self.query_one("#preview", Static).update(
                Text("No partner matches the filter." if query else "No partners yet: a adds one.")
            )

    def count_line(self) -> Text:
        noun = "partner" if self.total == 1 else "partners"
        shown = f"{self.loaded} of {self.total}" if self.loaded < self.total else f"{self.total}"
        line = Text(f"{shown} {noun}")
        if self.query_text:
            line.append_text(cell(f" matching “{self.query_text}”", "dim"))
        return line

    @on(DataTable.RowHighlighted, "#partners-table")
    def highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key.value is None:
            return
        self.load_preview(int(event.row_key.value))
        if self.loaded < self.total and event.cursor_row >= self.loaded - LOAD_MORE_MARGIN:
            self.load_page(self.query_text, self.loaded)

    @work(thread=True, exclusive=True, group="partners-preview", exit_on_error=False)
    def load_preview(self, organisation_id: int) -> None:
        from db.errors import NotFound
        from db.partners import get_partner

        try:
            detail = get_partner(self.context.database(), organisation_id)
        except NotFound as error:
            self.app.call_from_thread(self.query_one("#preview", Static).update, str(error))
            return
        if not get_current_worker().is_cancelled:
            from screens.partners.render import preview

            self.app.call_from_thread(self.query_one("#preview", Static).update, preview(detail))

    @on(DataTable.RowSelected, "#partners-table")
    def selected(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value is not None:
            self.open_partner(int(event.row_key.value))

    def open_partner(self, organisation_id: int) -> None:
        from screens.partners.detail import PartnerScreen

        self.app.push_screen(PartnerScreen(self.context, organisation_id))

    @on(Input.Changed, "#filter")
    def filter_changed(self, event: Input.Changed) -> None:
        self.load_page(event.value, 0)

    @on(Input.Submitted, "#filter")
    def filter_submitted(self) -> None:
        self.query_one(PartnerTable).focus()

    def action_focus_filter(self) -> None:
        self.query_one("#filter", Input).focus()

    def action_leave_filter(self) -> None:
        filter_input = self.query_one("#filter", Input)
        if filter_input.has_focus and filter_input.value:
            filter_input.value = ""
        self.query_one(PartnerTable).focus()

    def after_change(self) -> None:
        self.reload()

    def on_screen_resume(self) -> None:
        # Back from a partner's page, where records may have changed.
        if self.context.is_ready:
            self.reload()
