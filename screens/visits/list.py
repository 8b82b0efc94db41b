"""The Visits list: upcoming first (soonest first), then past ones; checklist progress."""

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Static

from db.partner_shapes import Page
from screens.footer import KeyFooter
from screens.listing import ListScreen, ListTable
from screens.visits.cells import progress_cell
from screens.visits.delete import VisitDeletion
from screens.widgets import Col, TopBar, cell

DIRECTION_SHORT = {"incoming": "in", "outgoing": "out"}


class VisitsScreen(VisitDeletion, ListScreen):
    """Every delegation visit, incoming and outgoing."""

    BINDINGS = [
        Binding("a", "add_visit", "Add visit", id="visits.add"),
        Binding("x,delete", "delete_visit", "Delete visit", id="visits.delete"),
    ]
    columns = (
        Col("Visit", 24, grow=3, least=16),
        Col("Dir", 4),
        Col("Dates", 19),
        Col("Stops", 18, grow=3, least=10, drop=2),
        Col("Head", 14, grow=1, least=8, drop=3),
        Col("Status", 9),
        Col("Checklist", 21, least=12),
    )
    noun = ("visit", "visits")

    def compose(self) -> ComposeResult:
        yield TopBar()
        with Vertical(classes="list-pane", id="visits-pane"):
            yield Input(placeholder="/ filter: title, partner, city, status…", id="filter")
            yield ListTable(id="visits-table")
            yield Static("Opening the database…", id="count")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one(TopBar).show("Visits", "upcoming first")

    def fetch(self, query: str, offset: int, **paging: Any) -> Page:
        from db.visits import list_visits

        return list_visits(
            self.context.database(), query, today=self.context.today(), offset=offset, **paging
        )

    def cells(self, row) -> tuple[Text, ...]:  # noqa: ANN001 - db.visits.VisitRow
        return (
            cell(row.title, "bold" if row.upcoming else ""),
            cell(DIRECTION_SHORT.get(row.direction, row.direction)),
            cell(row.dates),
            cell(row.legs),
            cell(row.head),
            cell(row.status, "italic"),
            progress_cell(row.progress),
        )

    def opened(self, row_id: int) -> None:
        from screens.visits.detail import VisitScreen

        self.app.push_screen(VisitScreen(self.context, row_id))

    def action_add_visit(self) -> None:
        from screens.visits.form import open_visit_form

        open_visit_form(self, self.context, None, on_saved=self.added)

    def action_delete_visit(self) -> None:
        if self.selected_id is not None:
            self.ask_to_delete_visit(self.selected_id)

    def visit_deleted(self) -> None:
        self.app.notify("Visit deleted.")
        self.reload()

    def added(self, visit_id: int | None) -> None:
        if visit_id is not None:
            self.app.notify("Visit saved.")
            self.opened(visit_id)
