"""Wrap-up: everything marked in the meeting, to fix owners and dates in one place."""

from typing import NamedTuple

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import DataTable, Static

from db.meeting_input import CommitmentInput
from db.meeting_shapes import ActionItemRow, MeetingProposalRow, WrapUp
from db.text import counted
from screens.keymap import bindings
from screens.record import RecordScreen, section
from screens.widgets import KeyTable, TopBar, as_cells, cell, plain


class CommitmentTable(KeyTable, group="Commitments"):
    """The commitments; enter fixes one (text, side, who, due)."""


COMMITMENTS = (("Side", 6), ("What", 46), ("Who", 20), ("Partner", 22), ("Due", 11))
RAISED = (("Proposal", 52), ("Kind", 16), ("By", 8), ("Partner", 26))


class MeetingWrapUp(NamedTuple):
    """What the wrap-up shows: the meeting's title and what was marked in it."""

    title: str
    marked: WrapUp


def commitment_cells(item: ActionItemRow) -> tuple[Text, ...]:
    # What is missing, in red: who and by when.
    owner, due = item.owner or cell("— who?", "bold red"), item.due or cell("— when?", "bold red")
    return as_cells(item.side, item.text, owner, item.partner, due)


def raised_cells(proposal: MeetingProposalRow) -> tuple[Text, ...]:
    return as_cells(proposal.title, proposal.kind, proposal.proposed_by, proposal.partner)


class WrapUpScreen(RecordScreen[MeetingWrapUp]):
    """Decisions, commitments and new proposals of one meeting (`record_id`: the meeting's)."""

    TITLE = "Wrap-up"
    BINDINGS = bindings("WrapUpScreen")

    page_id = "wrap-up"

    @property
    def marked(self) -> WrapUp | None:
        return self.detail.marked if self.detail else None

    def page(self) -> ComposeResult:
        yield from section("Decisions", Static(id="decisions"))
        yield from section(
            "Commitments (action items)", CommitmentTable(id="commitments", columns=COMMITMENTS)
        )
        yield from section("Proposals raised", KeyTable(id="raised", columns=RAISED))

    def on_mount(self) -> None:
        self.query_one("#commitments", DataTable).focus()

    def fetch(self) -> MeetingWrapUp:
        from db.meetings import get_meeting
        from db.notes import wrap_up

        database = self.context.database()
        detail = get_meeting(database, self.record_id, self.context.today())
        return MeetingWrapUp(detail.title, wrap_up(database, self.record_id, self.context.today()))

    def show(self, detail: MeetingWrapUp) -> None:
        title, marked = detail
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
        self.count_in_title("#decisions", len(marked.decisions))
        self.show_rows("#commitments", marked.commitments, commitment_cells, keep_cursor=True)
        self.show_rows("#raised", marked.proposals, raised_cells)

    @on(DataTable.RowSelected, "#commitments")
    def fix_commitment(self, event: DataTable.RowSelected) -> None:
        if self.marked is None or event.row_key.value is None:
            return
        item = next(c for c in self.marked.commitments if c.id == int(event.row_key.value))
        from screens.notes.dialogs import CommitmentForm

        def save(data: CommitmentInput, _overwrite: bool) -> int:
            from db.note_changes import update_action_item

            update_action_item(self.context.database(), item.id, data, self.context.today())
            return item.id

        initial = CommitmentInput(
            text=item.text,
            side=item.side,
            owner=item.owner,
            due=f"{item.due_on:%Y-%m-%d}" if item.due_on else "",
            partner_id=item.partner_id,
        )

        def closed(saved: int | None) -> None:
            if saved is not None:
                self.load()

        self.app.push_screen(
            CommitmentForm(self.context, "Fix the commitment", save, initial, ()).keep_drafts_as(
                f"commitment:{item.id}"
            ),
            closed,
        )
