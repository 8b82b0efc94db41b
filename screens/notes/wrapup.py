"""Wrap-up: everything marked in the meeting, to fix owners and dates in one place."""

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Label, Static

from db.meeting_input import CommitmentInput
from db.meeting_shapes import PartnerRef, WrapUp
from db.text import counted
from screens.context import AppContext
from screens.footer import KeyFooter
from screens.widgets import KeyTable, TopBar, cell, plain


class CommitmentTable(KeyTable):
    """The commitments; enter fixes one (text, side, who, due)."""

    BINDINGS = [Binding("enter", "select_cursor", "Fix owner / date", id="wrap-up.edit")]


class WrapUpScreen(Screen):
    """Decisions, commitments and new proposals of one meeting."""

    BINDINGS = [Binding("escape", "app.pop_screen", "Back to notes", id="wrap-up.back")]

    def __init__(self, context: AppContext, meeting_id: int) -> None:
        super().__init__()
        self.context = context
        self.meeting_id = meeting_id
        self.marked: WrapUp | None = None
        self.partners: tuple[PartnerRef, ...] = ()

    def compose(self) -> ComposeResult:
        yield TopBar()
        with VerticalScroll(id="wrap-up"):
            yield Label("Decisions", classes="section-title", id="decisions-title")
            yield Static(id="decisions")
            yield Label(
                "Commitments (action items)", classes="section-title", id="commitments-title"
            )
            yield CommitmentTable(id="commitments")
            yield Label("Proposals raised", classes="section-title", id="proposals-title")
            yield KeyTable(id="raised")
        yield KeyFooter()

    def on_mount(self) -> None:
        commitments = self.query_one("#commitments", DataTable)
        for label, width in (("Side", 6), ("What", 46), ("Who", 20), ("Partner", 22), ("Due", 11)):
            commitments.add_column(label, width=width)
        raised = self.query_one("#raised", DataTable)
        for label, width in (("Proposal", 52), ("Kind", 16), ("By", 8), ("Partner", 26)):
            raised.add_column(label, width=width)
        commitments.focus()
        self.load()

    @work(thread=True, exclusive=True, group="wrap-up", exit_on_error=False)
    def load(self) -> None:
        from db.meetings import get_meeting
        from db.notes import wrap_up

        database = self.context.database()
        detail = get_meeting(database, self.meeting_id, self.context.today())
        marked = wrap_up(database, self.meeting_id, self.context.today())
        self.app.call_from_thread(self.show, detail.title, detail.partners, marked)

    def show(self, title: str, partners: tuple[PartnerRef, ...], marked: WrapUp) -> None:
        self.marked = marked
        self.partners = partners
        missing = sum(1 for c in marked.commitments if not c.owner or c.due_on is None)
        status = counted(len(marked.commitments), "commitment")
        if missing:
            status += f" · {missing} without owner or date"
        self.query_one(TopBar).show(f"Wrap up · {title}", status)
        decisions = Text()
        for note in marked.decisions:
            if decisions:
                decisions.append("\n")
            decisions.append("◆ ", style="bold")
            decisions.append_text(plain(note.text))
        self.query_one("#decisions", Static).update(decisions or Text("none", style="dim"))
        self.query_one("#decisions-title", Label).update(f"Decisions ({len(marked.decisions)})")
        table = self.query_one("#commitments", DataTable)
        cursor = table.cursor_row
        table.clear()
        for item in marked.commitments:
            table.add_row(
                cell(item.side),
                cell(item.text),
                cell(item.owner or "— who?", "" if item.owner else "bold red"),
                cell(item.partner),
                cell(item.due or "— when?", "" if item.due else "bold red"),
                key=str(item.id),
            )
        if marked.commitments:
            table.move_cursor(row=min(cursor, len(marked.commitments) - 1))
        self.query_one("#commitments-title", Label).update(
            f"Commitments (action items) ({len(marked.commitments)})"
        )
        raised = self.query_one("#raised", DataTable)
        raised.clear()
        for proposal in marked.proposals:
            raised.add_row(
                cell(proposal.title),
                cell(proposal.kind),
                cell(proposal.proposed_by),
                cell(proposal.partner),
                key=str(proposal.id),
            )
        self.query_one("#proposals-title", Label).update(
            f"Proposals raised ({len(marked.proposals)})"
        )

    @on(DataTable.RowSelected, "#commitments")
    def fix_commitment(self, event: DataTable.RowSelected) -> None:
        if self.marked is None or event.row_key.value is None:
            return
        item = next(c for c in self.marked.commitments if c.id == int(event.row_key.value))
        from screens.notes.dialogs import CommitmentForm

        def save(data: CommitmentInput, _overwrite: bool) -> int:
            from db.note_changes import update_action_item

            update_action_item(
                self.context.database(),
                item.id,
                text=data.text,
                side=data.side,
                owner=data.owner,
                due_on=data.due_on,
            )
            return item.id

        initial = CommitmentInput(
            text=item.text,
            side=item.side,
            owner=item.owner,
            due=f"{item.due_on:%Y-%m-%d}" if item.due_on else "",
            partner_id=item.partner_id,
        )
        self.app.push_screen(
            CommitmentForm(
                self.context, save, initial, (), title="Fix the commitment"
            ).keep_drafts_as(f"commitment:{item.id}"),
            lambda saved: self.load() if saved is not None else None,
        )
