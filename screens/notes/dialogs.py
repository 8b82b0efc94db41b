"""The small forms the note-taker fills while the meeting goes on: commitment, proposal."""

from collections.abc import Callable
from typing import TypeVar

from textual.app import ComposeResult
from textual.widgets import Input, Select

from db.lifecycle import PROPOSAL_KINDS
from db.meeting_input import CommitmentInput
from db.meeting_shapes import PartnerRef
from db.proposal_input import ProposalInput
from db.vocab import PROPOSED_BY, SIDES
from screens.context import AppContext
from screens.forms import DatedForm, one_of

MarkedT = TypeVar("MarkedT")


class MarkedLineForm(DatedForm[MarkedT]):
    """Base of the forms for a line marked in the notes, with a partner of the meeting."""

    def __init__(
        self,
        context: AppContext,
        title: str,
        save: Callable[[MarkedT, bool], int],
        initial: MarkedT,
        partners: tuple[PartnerRef, ...],
    ) -> None:
        super().__init__(context, title, save, initial)
        self.partners = partners

    def partner_field(self, partner_id: int | None) -> ComposeResult:
        """Which of the meeting's partners it concerns (the first one unless given)."""
        if self.partners:
            options = [(p.name, p.id) for p in self.partners]
            value = partner_id or self.partners[0].id
            yield from self.field("Partner", Select(options, value=value, id="partner_id"))


class CommitmentForm(MarkedLineForm[CommitmentInput]):
    """Who commits to what, which side, due when: becomes an action item."""

    TITLE = "Commitment"
    dates = {"due": True}

    def fields(self) -> ComposeResult:
        i = self.initial
        yield from self.field("What *", Input(i.text, id="text"))
        yield from self.field("Side", one_of(SIDES, i.side, "side"))
        yield from self.field("Who", Input(i.owner, placeholder="a name or an office", id="owner"))
        yield from self.field(
            "Due", Input(i.due, placeholder="15.12.2026, tomorrow… (optional)", id="due")
        )
        yield from self.partner_field(i.partner_id)

    def on_mount(self) -> None:
        self.query_one("#owner", Input).focus()

    def build_input(self) -> CommitmentInput:
        return CommitmentInput(**self.field_values())


class QuickProposalForm(MarkedLineForm[ProposalInput]):
    """A proposal raised in the meeting, from a marked line of the notes: what, which kind,
    who proposed it, with which partner (the full proposal form is screens.proposals.form)."""

    TITLE = "Proposal from the notes"

    def fields(self) -> ComposeResult:
        i = self.initial
        yield from self.field("Title *", Input(i.title, id="title"))
        yield from self.field("Kind", one_of(PROPOSAL_KINDS, i.kind, "kind"))
        yield from self.field(
            "Proposed by", one_of(PROPOSED_BY, i.proposed_by or "us", "proposed_by")
        )
        yield from self.partner_field(None)

    def on_mount(self) -> None:
        self.query_one("#kind", Select).focus()

    def build_input(self) -> ProposalInput:
        return ProposalInput(**self.field_values())
