"""Recording proposals: create and edit them, link them to the meetings where they came up."""

from datetime import date
from typing import Any

from sqlalchemy import delete, update
from sqlalchemy.orm import Session
from sqlmodel import col

from db.clock import utcnow
from db.engine import Database
from db.errors import BilateralError, Invalid
from db.lifecycle import IllegalTransition, check_transition, statuses
from db.lookups import added, existing
from db.models import (
    Meeting,
    Organisation,
    Proposal,
    ProposalMeeting,
    StatusChange,
)
from db.proposal_input import ProposalInput
from db.record_markings import checked_marking
from db.validation import long_text
from db.versioned import update_versioned


def _check_partner(session: Session, partner_id: int | None) -> None:
    if partner_id is not None and session.get(Organisation, partner_id) is None:
        raise Invalid({"partner_id": "that organisation no longer exists"})


def _proposal_values(clean: ProposalInput) -> dict[str, Any]:
    """What a proposal is; its status apart, which moves along its lifecycle."""
    return {
        "title": clean.title,
        "kind": clean.kind,
        "proposed_by": clean.proposed_by,
        "partner_id": clean.partner_id,
        "owner": clean.owner,
        "next_step": clean.next_step,
        "due_on": _due(clean),
        "description": clean.description,
        "marking": clean.marking,
    }


def _add_step(
    session: Session,
    proposal_id: int,
    old_status: str,
    new_status: str,
    changed_on: date | None,
    precision: str,
    meeting_id: int | None,
    comment: str,
) -> None:
    """A dated step of a proposal's history (`old_status` is '' for its first)."""
    session.add(
        StatusChange(
            proposal_id=proposal_id,
            old_status=old_status,
            new_status=new_status,
            changed_on=changed_on,
            date_precision=precision,
            meeting_id=meeting_id,
            comment=comment,
        )
    )


def add_new_proposal(
    session: Session,
    clean: ProposalInput,
    *,
    changed_on: date | None,
    precision: str,
    meeting_id: int | None = None,
    comment: str = "",
) -> int:
    """Add a proposal (`clean`: checked input) with its first status step, dated `changed_on`
    to `precision`, in a meeting or not; returns its id."""
    proposal_id = added(session, Proposal(**_proposal_values(clean), status=clean.status))
    _add_step(session, proposal_id, "", clean.status, changed_on, precision, meeting_id, comment)
    return proposal_id


def create_proposal(database: Database, data: ProposalInput, *, today: date) -> int:
    """A new proposal, its first status dated `since` (today unless told otherwise)."""
    from db.dates import parse_when

    clean = data.cleaned(today)
    started = parse_when(clean.since, today=today)

    def work(session: Session) -> int:
        checked_marking(session, clean.marking)
        _check_partner(session, clean.partner_id)
        return add_new_proposal(
            session, clean, changed_on=started.value.date(), precision=started.precision
        )

    return database.write(work)


def update_proposal(
    database: Database, proposal_id: int, expected_version: int, data: ProposalInput
) -> None:
    """Save changes to what a proposal is; its status moves only along its lifecycle.

    StaleEdit when someone saved it since `expected_version`.
    """
    clean = data.cleaned()

    def work(session: Session) -> None:
        current = existing(
            session,
            Proposal,
            proposal_id,
            "This proposal was deleted by someone else; nothing was saved.",
        )
        if current.status not in statuses(clean.kind):
            raise Invalid({"kind": f"a {current.status} proposal cannot become a {clean.kind}"})
        checked_marking(session, clean.marking)
        _check_partner(session, clean.partner_id)
        update_versioned(
            session, Proposal, proposal_id, expected_version, _proposal_values(clean), "proposal"
        )

    database.write(work)


def link_meeting(database: Database, proposal_id: int, meeting_id: int) -> bool:
    """Record that the proposal came up in a meeting; False if it already was linked."""

    def work(session: Session) -> bool:
        existing(session, Proposal, proposal_id, "This proposal no longer exists.")
        existing(session, Meeting, meeting_id, "That meeting no longer exists; nothing was linked.")
        if session.get(ProposalMeeting, (proposal_id, meeting_id)) is not None:
            return False
        session.add(ProposalMeeting(proposal_id=proposal_id, meeting_id=meeting_id))
        return True

    return database.write(work)


def unlink_meeting(database: Database, proposal_id: int, meeting_id: int) -> None:
    """The proposal did not come up in that meeting after all."""
    database.write(
        lambda session: session.execute(
            delete(ProposalMeeting).where(
                col(ProposalMeeting.proposal_id) == proposal_id,
                col(ProposalMeeting.meeting_id) == meeting_id,
            )
        )
    )


class TransitionRefused(BilateralError):
    """A status change the lifecycle does not allow."""


def change_status(
    database: Database,
    proposal_id: int,
    new_status: str,
    *,
    on: date,
    meeting_id: int | None = None,
    comment: str = "",
) -> None:
    """Move a proposal to `new_status` on a date, optionally in a meeting, with a comment.

    Refused with TransitionRefused when its lifecycle does not allow the move.
    """
    note = long_text("comment", comment, 5000)

    def work(session: Session) -> None:
        proposal = existing(session, Proposal, proposal_id, "This proposal no longer exists.")
        try:
            check_transition(proposal.kind, proposal.status, new_status)
        except IllegalTransition as error:
            raise TransitionRefused(f"Not moved: {error}.") from None
        if meeting_id is not None:
            existing(
                session,
                Meeting,
                meeting_id,
                "That meeting no longer exists; the status was not changed.",
            )
        _add_step(session, proposal_id, proposal.status, new_status, on, "day", meeting_id, note)
        session.execute(
            update(Proposal)
            .where(col(Proposal.id) == proposal_id)
            .values(status=new_status, updated_at=utcnow())
        )

    database.write(work)


def _due(data: ProposalInput) -> date | None:
    return date.fromisoformat(data.due) if data.due else None
