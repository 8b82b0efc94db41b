"""The register: open proposals (overdue first), overdue ones, or all, filtered as you type."""

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Footer, Input, Static

from db.records import Page
from screens.listing import ListScreen, ListTable
from screens.widgets import TopBar, cell

VIEW_TITLES = {"open": "open, overdue first", "overdue": "overdue", "all": "all"}


class ProposalsScreen(ListScreen):
    """Every proposal with its partner, status, owner, next step and due date."""

    BINDINGS = [
        Binding("1", "view('open')", "Open", id="proposals.open"),
        Binding("2", "view('overdue')", "Overdue", id="proposals.overdue"),
        Binding("3", "view('all')", "All", id="proposals.all"),
    ]
    columns = (
        ("Proposal", 34),
        ("Partner", 18),
        ("Kind", 11),
        ("By", 6),
        ("Status", 15),
        ("Due", 11),
        ("Moved", 10),
    )
    noun = ("proposal", "proposals")

    def __init__(self, context) -> None:  # noqa: ANN001 - screens.context.AppContext
        super().__init__(context)
        self.view = "open"

    def compose(self) -> ComposeResult:
        yield TopBar()
        with Vertical(classes="list-pane", id="proposals-pane"):
            yield Input(placeholder="/ filter: title, partner, kind, owner…", id="filter")
            yield ListTable(id="proposals-table")
            yield Static("Opening the database…", id="count")
        yield Footer()

    def on_mount(self) -> None:
        self.show_title()

    def show_title(self) -> None:
        self.query_one(TopBar).show("Proposals", f"view: {VIEW_TITLES[self.view]} (1 2 3)")

    def action_view(self, view: str) -> None:
        self.view = view
        self.show_title()
        self.reload()

    def fetch(self, query: str, offset: int) -> Page:
        from db.proposals import list_proposals

        return list_proposals(
            self.context.database(),
            query,
            view=self.view,
            today=self.context.today(),
            offset=offset,
        )

    def cells(self, row) -> tuple[Text, ...]:  # noqa: ANN001 - db.proposals.RegisterRow
        return (
            cell(row.title),
            cell(row.partner),
            cell(row.kind),
            cell(row.proposed_by),
            cell(row.status, "italic"),
            cell(row.due, "bold red" if row.overdue else ""),
            cell(row.last_moved),
        )

    def opened(self, row_id: int) -> None:
        from screens.proposals.detail import ProposalScreen

        self.app.push_screen(ProposalScreen(self.context, row_id))
