"""The register: saved views (open, overdue, mine, signed this year, all), filters as you type."""

from typing import Any

from rich.text import Text
from textual import events, work
from textual.widgets import Select

from db.lifecycle import EXITS, PATHS, PROPOSAL_KINDS
from db.partner_shapes import Page
from db.proposal_shapes import ProposalRow
from screens.forms import when_saved
from screens.keymap import bindings
from screens.listing import FieldFilter, ListScreen
from screens.widgets import MARKING_COLUMN, Col, TopBar, as_cells, cell, due_cell, marking_cell

VIEW_TITLES = {
    "open": "open, overdue first",
    "overdue": "overdue",
    "mine": "mine",
    "signed": "signed this year",
    "all": "all",
}
# A footer short of room shows the view keys as one "1 2 3 4 5 View".
ALL_STATUSES = tuple(dict.fromkeys(s for path in PATHS.values() for s in path)) + EXITS


class ProposalsScreen(ListScreen[ProposalRow]):
    """Every proposal with its partner, status, owner, next step and due date."""

    TITLE = "Proposals"
    BINDINGS = bindings("ProposalsScreen")
    columns = (
        Col("Proposal", 30, grow=6, least=28),
        Col("Partner", 10, grow=1, least=8),
        Col("Kind", 11, grow=1, least=8, drop=2),
        Col("By", 7, drop=5),
        Col("Status", 17, least=12),
        Col("Owner", 8, grow=1, least=6, drop=4),
        Col("Next step", 12, grow=2, least=8, drop=3),
        Col("Due", 11),
        Col("Last moved", 14, grow=2, least=11, drop=6),
        MARKING_COLUMN,
    )
    noun = ("proposal", "proposals")
    hint = "/ filter: title, partner, kind, owner…"
    pane_id = "proposals-pane"
    table_id = "proposals-table"
    field_filters = (
        FieldFilter("partner", "partner_id", "any partner"),
        FieldFilter("kind", "kind", "any kind", PROPOSAL_KINDS),
        FieldFilter("status", "status", "any status", ALL_STATUSES),
        FieldFilter("owner", "owner", "any owner"),
    )

    def __init__(self, context) -> None:  # noqa: ANN001 - screens.context.AppContext
        super().__init__(context)
        self.view = "open"
        self.choices_stale = False

    def on_mount(self) -> None:
        self.show_title()

    def first_rows_shown(self) -> None:
        self.load_choices()

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        # Back from a page where a partner or owner may have been added: the choices are
        # loaded again when a filter is next used, not while the rows are (ListScreen does).
        if self.suspended:
            self.choices_stale = True

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if self.choices_stale and isinstance(event.widget, Select):
            self.choices_stale = False
            self.load_choices()

    @work(thread=True, exclusive=True, group="proposal-choices", exit_on_error=False)
    def load_choices(self) -> None:
        from db.partners import organisation_choices
        from db.proposals import proposal_owners

        database = self.context.database()
        partners = [(c.label, c.id) for c in organisation_choices(database)]
        owners = [(owner, owner) for owner in proposal_owners(database)]
        self.app.call_from_thread(self.fill_choices, {"partner": partners, "owner": owners})

    def show_title(self) -> None:
        self.query_one(TopBar).show("Proposals", f"view: {VIEW_TITLES[self.view]} (1–5)")

    def action_view(self, view: str) -> None:
        self.view = view
        self.show_title()
        self.reload()

    def empty_message(self) -> str:
        if self.view == "mine":
            return f"No open proposals owned by {self.context.me}."
        return super().empty_message()

    def fetch(self, query: str, offset: int, **paging: Any) -> Page[ProposalRow]:
        from db.proposals import list_proposals

        return list_proposals(
            self.context.database(),
            query,
            view=self.view,
            today=self.context.today(),
            **self.filters,
            me=self.context.me,
            offset=offset,
            **paging,
        )

    def cells(self, row: ProposalRow) -> tuple[Text, ...]:
        status, due = cell(row.status, "italic"), due_cell(row.due, row.overdue)
        moved = " · ".join(part for part in (row.last_moved, row.moved_in) if part)
        return as_cells(
            row.title,
            row.partner,
            row.kind,
            row.proposed_by,
            status,
            row.owner,
            row.next_step,
            due,
            moved,
            marking_cell(row.marking),
        )

    def opened(self, row_id: int) -> None:
        from screens.proposals.detail import ProposalScreen

        self.app.push_screen(ProposalScreen(self.context, row_id))

    def action_add_proposal(self) -> None:
        from screens.proposals.form import open_proposal_form

        open_proposal_form(
            self, self.context, None, on_saved=when_saved(self, "Proposal added.", self.opened)
        )
