"""Moving a proposal along its lifecycle: only the allowed next statuses are offered."""

from collections.abc import Callable

from textual.app import ComposeResult
from textual.widgets import Input, Select

from db.proposal_input import StatusChangeInput
from db.proposal_shapes import ProposalDetail
from screens.context import AppContext
from screens.forms import DatedForm, one_of


class StatusForm(DatedForm[StatusChangeInput]):
    """New status, the date it happened (default today), the meeting, a comment."""

    TITLE = "Status change"
    dates = {"on": True}

    def __init__(
        self,
        context: AppContext,
        save: Callable[[StatusChangeInput, bool], int],
        detail: ProposalDetail,
        meetings: tuple[tuple[int, str], ...],
        preset: str | None = None,
    ) -> None:
        allowed = detail.allowed_next
        first = preset if preset in allowed else allowed[0]
        initial = StatusChangeInput(first, allowed=allowed)
        super().__init__(context, f"Change status: {detail.status} →", save, initial)
        self.meetings = meetings

    def fields(self) -> ComposeResult:
        i = self.initial
        yield from self.field("New status", one_of(i.allowed, i.new_status, "new_status"))
        yield from self.field("On", Input(i.on, id="on"))
        meetings = [(label, mid) for mid, label in self.meetings]
        yield from self.field("In meeting", Select(meetings, prompt="(none)", id="meeting_id"))
        yield from self.field("Comment", Input(id="comment"))

    def on_mount(self) -> None:
        self.query_one("#new_status", Select).focus()

    def build_input(self) -> StatusChangeInput:
        return StatusChangeInput(**self.field_values(), allowed=self.initial.allowed)
