"""Moving a proposal along its lifecycle: only the allowed next statuses are offered."""

from collections.abc import Callable

from textual.app import ComposeResult
from textual.widgets import Input, Select

from db.proposal_input import StatusChangeInput
from db.proposal_shapes import ProposalDetail
from screens.context import AppContext
from screens.forms import FormScreen, chosen_id, one_of


class StatusForm(FormScreen[StatusChangeInput]):
    """New status, the date it happened (default today), the meeting, a comment."""

    TITLE = "Status change"

    def __init__(
        self,
        context: AppContext,
        save: Callable[[StatusChangeInput, bool], int],
        detail: ProposalDetail,
        meetings: tuple[tuple[int, str], ...],
        preset: str | None = None,
    ) -> None:
        super().__init__(f"Change status: {detail.status} →", save)
        self.context = context
        self.detail = detail
        self.meetings = meetings
        self.preset = preset if preset in detail.allowed_next else None

    def fields(self) -> ComposeResult:
        allowed = self.detail.allowed_next
        yield from self.field(
            "New status", one_of(allowed, self.preset or allowed[0], "new_status")
        )
        yield from self.field("On", Input("today", id="on"))
        yield from self.field(
            "In meeting",
            Select(
                [(label, mid) for mid, label in self.meetings], prompt="(none)", id="meeting_id"
            ),
        )
        yield from self.field("Comment", Input(id="comment"))

    def on_mount(self) -> None:
        self.query_one("#new_status", Select).focus()

    def build_input(self) -> StatusChangeInput:
        return StatusChangeInput(
            new_status=str(self.query_one("#new_status", Select).value),
            on=self.query_one("#on", Input).value,
            meeting_id=chosen_id(self.query_one("#meeting_id", Select)),
            comment=self.query_one("#comment", Input).value,
            allowed=self.detail.allowed_next,
        )

    def clean(self, data: StatusChangeInput) -> StatusChangeInput:
        return data.cleaned(self.context.today())

    def hints(self, data: StatusChangeInput) -> dict[str, str]:
        from db.dates import read_as

        return {"on": read_as(data.on, today=self.context.today(), day_only=True)}
