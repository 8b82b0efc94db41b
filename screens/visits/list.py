"""The Visits list: upcoming first (soonest first), then past ones; checklist progress."""

from typing import Any

from rich.text import Text

from db.partner_shapes import Page
from db.visit_shapes import VisitRow
from screens.forms import when_saved
from screens.keymap import bindings
from screens.listing import ListScreen
from screens.visits.cells import progress_cell
from screens.visits.delete import VisitDeletion
from screens.widgets import MARKING_COLUMN, Col, as_cells, cell, marking_cell

DIRECTION_SHORT = {"incoming": "in", "outgoing": "out"}


class VisitsScreen(VisitDeletion, ListScreen[VisitRow]):
    """Every delegation visit, incoming and outgoing."""

    TITLE = "Visits"
    BINDINGS = bindings("VisitsScreen")
    ROW_ACTIONS = frozenset({"delete_visit"})
    columns = (
        Col("Visit", 24, grow=3, least=14),
        Col("Dir", 3),
        Col("Dates", 19),
        Col("Stops", 18, grow=3, least=10, drop=2),
        Col("Head", 14, grow=1, least=8, drop=3),
        Col("Status", 9),
        Col("Checklist", 21, least=12),
        MARKING_COLUMN,
    )
    noun = ("visit", "visits")
    hint = "/ filter: title, partner, city, status…"
    pane_id = "visits-pane"
    table_id = "visits-table"
    where = ("Visits", "upcoming first")

    def fetch(self, query: str, offset: int, **paging: Any) -> Page[VisitRow]:
        from db.visits import list_visits

        return list_visits(
            self.context.database(), query, today=self.context.today(), offset=offset, **paging
        )

    def cells(self, row: VisitRow) -> tuple[Text, ...]:
        title = cell(row.title, "bold" if row.upcoming else "")
        direction = DIRECTION_SHORT.get(row.direction, row.direction)
        status, progress = cell(row.status, "italic"), progress_cell(row.progress)
        marking = marking_cell(row.marking)
        return as_cells(title, direction, row.dates, row.legs, row.head, status, progress, marking)

    def opened(self, row_id: int) -> None:
        from screens.visits.detail import VisitScreen

        self.app.push_screen(VisitScreen(self.context, row_id))

    def action_add_visit(self) -> None:
        from screens.visits.form import open_visit_form

        open_visit_form(
            self, self.context, None, on_saved=when_saved(self, "Visit saved.", self.opened)
        )

    def action_delete_visit(self) -> None:
        if self.selected_id is not None:
            self.ask_to_delete_visit(self.selected_id)

    def visit_deleted(self) -> None:
        self.app.notify("Visit deleted.")
        self.reload()
