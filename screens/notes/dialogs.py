"""The small forms the note-taker fills while the meeting goes on: commitment, proposal."""

from collections.abc import Callable

from textual.app import ComposeResult
from textual.widgets import Input, Select

from db.lifecycle import PROPOSAL_KINDS
from db.meeting_input import CommitmentInput, ProposalDraft
from db.meeting_shapes import PartnerRef
from db.vocab import PROPOSED_BY, SIDES
from screens.context import AppContext
from screens.forms import FormScreen


def _partner_options(partners: tuple[PartnerRef, ...]) -> list[tuple[str, int]]:
    return [(p.name, p.id) for p in partners]


class CommitmentForm(FormScreen):
    """Who commits to what, which side, due when: becomes an action item."""

    def __init__(
        self,
        context: AppContext,
        save: Callable[[CommitmentInput, bool], int],
        initial: CommitmentInput,
        partners: tuple[PartnerRef, ...],
        title: str = "Commitment",
    ) -> None:
        super().__init__(title, save)
        self.context = context
        self.initial = initial
        self.partners = partners

    def fields(self) -> ComposeResult:
        i = self.initial
        yield from self.field("What *", Input(i.text, id="text"))
        yield from self.field(
            "Side",
            Select([(s, s) for s in SIDES], value=i.side, allow_blank=False, id="side"),
        )
        yield from self.field("Who", Input(i.owner, placeholder="a name or an office", id="owner"))
        yield from self.field(
            "Due", Input(i.due, placeholder="15.12.2026, tomorrow… (optional)", id="due")
        )
        if self.partners:
            partner = i.partner_id if i.partner_id else self.partners[0].id
            yield from self.field(
                "Partner",
                Select(_partner_options(self.partners), value=partner, id="partner_id"),
            )

    def on_mount(self) -> None:
        self.query_one("#owner", Input).focus()

    def build_input(self) -> CommitmentInput:
        partner = self.query("#partner_id")
        partner_id = partner.first(Select).value if partner else None
        return CommitmentInput(
            text=self.query_one("#text", Input).value,
            side=str(self.query_one("#side", Select).value),
            owner=self.query_one("#owner", Input).value,
            due=self.query_one("#due", Input).value,
            partner_id=partner_id if isinstance(partner_id, int) else None,
        )

    def clean(self, data: CommitmentInput) -> CommitmentInput:
        return data.cleaned(self.context.today())

    def hints(self, data: CommitmentInput) -> dict[str, str]:
        from db.dates import read_as

        hint = read_as(data.due, today=self.context.today(), day_only=True)
        return {"due": hint} if hint else {}


class ProposalForm(FormScreen):
    """A proposal raised in the meeting: what, which kind, who proposed it, with which partner."""

    def __init__(
        self,
        save: Callable[[ProposalDraft, bool], int],
        initial: ProposalDraft,
        partners: tuple[PartnerRef, ...],
    ) -> None:
        super().__init__("New proposal", save)
        self.initial = initial
        self.partners = partners

    def fields(self) -> ComposeResult:
        i = self.initial
        yield from self.field("Title *", Input(i.title, id="title"))
        yield from self.field(
            "Kind",
            Select([(k, k) for k in PROPOSAL_KINDS], value=i.kind, allow_blank=False, id="kind"),
        )
        yield from self.field(
            "Proposed by",
            Select(
                [(p, p) for p in PROPOSED_BY],
                value=i.proposed_by or "us",
                allow_blank=False,
                id="proposed_by",
            ),
        )
        if self.partners:
            yield from self.field(
                "Partner",
                Select(_partner_options(self.partners), value=self.partners[0].id, id="partner_id"),
            )

    def on_mount(self) -> None:
        self.query_one("#kind", Select).focus()

    def build_input(self) -> ProposalDraft:
        partner = self.query("#partner_id")
        partner_id = partner.first(Select).value if partner else None
        return ProposalDraft(
            title=self.query_one("#title", Input).value,
            kind=str(self.query_one("#kind", Select).value),
            proposed_by=str(self.query_one("#proposed_by", Select).value),
            partner_id=partner_id if isinstance(partner_id, int) else None,
        )
