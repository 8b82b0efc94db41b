"""The Partners list: filter as you type, a preview of the highlighted partner beside it."""

from typing import Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Static
from textual.worker import get_current_worker

from db.partner_shapes import Page, PartnerRow
from screens.keymap import bindings
from screens.listing import ListScreen
from screens.partners.actions import PartnerActions
from screens.widgets import MARKING_COLUMN, Col, cell, marking_cell


class PartnersScreen(PartnerActions, ListScreen[PartnerRow]):
    """Organisations: name, kind, country, meetings held, last met, open proposals."""

    TITLE = "Partners"
    BINDINGS = bindings("PartnersScreen")
    ROW_ACTIONS = frozenset({"edit_partner", "delete_partner"})
    columns = (
        Col("Name", 32, grow=3, least=16),
        Col("Kind", 10, grow=1, least=8),
        Col("Ctry", 4),
        Col("Met", 3),
        Col("Last met", 11),
        Col("Open", 4),
        MARKING_COLUMN,
    )
    noun = ("partner", "partners")
    hint = "/ filter: name, kind, country…"
    pane_id = "partners-list-pane"
    table_id = "partners-table"
    where = ("Partners", "")

    def list_pane(self) -> ComposeResult:
        with Horizontal(id="partners-body"):
            yield from super().list_pane()
            with VerticalScroll(id="partners-preview"):
                yield Static(id="preview")

    @property
    def selected_partner_id(self) -> int | None:
        return self.selected_id

    def fetch(self, query: str, offset: int, **paging: Any) -> Page[PartnerRow]:
        from db.partners import list_partners

        return list_partners(self.context.database(), query, offset=offset, **paging)

    def cells(self, row: PartnerRow) -> tuple[Text, ...]:
        return (
            cell(row.name, "bold" if row.is_own else ""),
            cell(row.kind),
            cell(row.country),
            Text(str(row.meetings_held), justify="right"),
            cell(row.last_met),
            Text(str(row.open_proposals or ""), justify="right"),
            marking_cell(row.marking),
        )

    def empty_message(self) -> str:
        if self.query_text:
            return "No partner matches the filter."
        return "No partners yet: a adds one."

    def show_empty(self, message: str) -> None:
        self.workers.cancel_group(self, "partners-preview")
        self.query_one("#preview", Static).update(Text(message))

    def row_highlighted(self, row_id: int) -> None:
        self.load_preview(row_id)

    @work(thread=True, exclusive=True, group="partners-preview", exit_on_error=False)
    def load_preview(self, organisation_id: int) -> None:
        from db.errors import NotFound
        from db.partners import get_partner
        from screens.partners.render import preview

        try:
            detail = get_partner(self.context.database(), organisation_id)
        except NotFound:
            return  # deleted meanwhile: the reloaded list shows what is left
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self.query_one("#preview", Static).update, preview(detail))

    def opened(self, row_id: int) -> None:
        from screens.partners.detail import PartnerScreen

        self.app.push_screen(PartnerScreen(self.context, row_id))

    def action_people(self) -> None:
        """Everyone on record, with or without an organisation (P; escape comes back)."""
        from screens.partners.people import PeopleScreen

        self.app.push_screen(PeopleScreen(self.context))
