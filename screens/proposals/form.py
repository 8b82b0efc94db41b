"""Adding and editing a proposal: what it is, who proposed it, with whom, who follows it up."""

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Input, Select, TextArea

from db.lifecycle import PROPOSAL_KINDS, statuses
from db.partner_shapes import OrganisationChoice
from db.proposal_input import ProposalInput
from db.vocab import PROPOSED_BY
from screens.context import AppContext
from screens.forms import DatedForm, create_or_update, one_of, one_or_none
from screens.marking_choice import MARKING_LABEL, marking_choice

if TYPE_CHECKING:
    from db.markings import Levels


def _first_statuses(kind: str) -> list[tuple[str, str]]:
    return [(status, status) for status in statuses(kind)]


class ProposalForm(DatedForm[ProposalInput]):
    """The fields of a proposal; a new one also gets its starting status."""

    TITLE = "Proposal form"
    dates = {"due": True, "since": False}

    def __init__(
        self,
        context: AppContext,
        save: Callable[[ProposalInput, bool], int],
        initial: ProposalInput,
        partners: tuple[OrganisationChoice, ...],
        *,
        is_new: bool,
        levels: "Levels",
    ) -> None:
        super().__init__(context, "Add proposal" if is_new else "Edit proposal", save, initial)
        self.partners = partners
        self.is_new = is_new
        self.levels = levels

    def fields(self) -> ComposeResult:
        i = self.initial
        yield from self.field("Title *", Input(i.title, id="title", max_length=1000))
        yield from self.field("Kind", one_of(PROPOSAL_KINDS, i.kind, "kind"))
        if self.is_new:
            yield from self.field(
                "Status now",
                Select(_first_statuses(i.kind), value=i.status, allow_blank=False, id="status"),
            )
            yield from self.field(
                "Since",
                Input(i.since, placeholder="today, 7.10.2024, Oct 2024", id="since"),
            )
        who = [(who, who) for who in PROPOSED_BY]
        yield from self.field(
            "Proposed by", one_or_none(who, i.proposed_by, "(not known)", "proposed_by")
        )
        partners = [(c.label, c.id) for c in self.partners]
        yield from self.field(
            "Partner", one_or_none(partners, i.partner_id, "(none)", "partner_id")
        )
        yield from self.field("Owner", Input(i.owner, placeholder="who follows it up", id="owner"))
        yield from self.field("Next step", Input(i.next_step, id="next_step"))
        yield from self.field(
            "Due", Input(i.due, placeholder="e.g. 15.1.2027, next friday", id="due")
        )
        yield from self.field(MARKING_LABEL, marking_choice(self.levels, i.marking))
        yield from self.field("Description", TextArea(i.description, id="description"))

    def on_mount(self) -> None:
        self.query_one("#title", Input).focus()

    @on(Select.Changed, "#kind")
    def kind_changed(self, event: Select.Changed) -> None:
        if not self.is_new or not isinstance(event.value, str):
            return
        status = self.query_one("#status", Select)
        current = status.value
        status.set_options(_first_statuses(event.value))
        status.value = current if current in statuses(event.value) else statuses(event.value)[0]

    def build_input(self) -> ProposalInput:
        # Only a new proposal has fields for its status and since when; an edited one keeps its own.
        i = self.initial
        values = {"status": i.status, "since": i.since, **self.field_values()}
        return ProposalInput(**{**values, "proposed_by": values["proposed_by"] or ""})


def open_proposal_form(
    screen: Screen,
    context: AppContext,
    proposal_id: int | None,
    *,
    partner_id: int | None = None,
    on_saved: Callable[[int | None], None] | None = None,
) -> None:
    """Open the form for a new proposal (optionally with a partner) or an existing one."""

    def load() -> None:
        from db import proposal_changes, proposals
        from db.markings import marking_levels
        from db.partners import organisation_choices

        database = context.database()
        partners = organisation_choices(database)
        levels = marking_levels(database)
        if proposal_id is None:
            initial, version = ProposalInput(title="", partner_id=partner_id), 0
        else:
            initial, version = proposals.proposal_as_input(database, proposal_id)

        save = create_or_update(
            lambda data: proposal_changes.create_proposal(database, data, today=context.today()),
            partial(proposal_changes.update_proposal, database),
            None if proposal_id is None else (proposal_id, version),
            lambda record_id: proposals.proposal_as_input(database, record_id)[1],
        )
        form = ProposalForm(
            context, save, initial, partners, is_new=proposal_id is None, levels=levels
        ).keep_drafts_as(f"proposal:{proposal_id or 'new'}")
        screen.app.call_from_thread(screen.app.push_screen, form, on_saved)

    screen.run_worker(load, thread=True, group="proposal-form", exit_on_error=False)
