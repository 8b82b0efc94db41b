"""Commitments (action items) as documents list them, and which of them an export up to a
handling marking holds: none made at a meeting, or about a proposal, above the level."""

from collections.abc import Sequence
from datetime import date

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session
from sqlmodel import col

from db.dates import show_date
from db.documents.cleared import UpTo
from db.documents.parts import organisations
from db.documents.shapes import Commitment
from db.models import ActionItem, Meeting, Person, Proposal


def commitments(
    session: Session,
    cut: UpTo,
    items: Sequence[ActionItem],
    today: date,
    *,
    with_partner: bool = True,
) -> tuple[Commitment, ...]:
    """Action items as documents list them: open first (overdue first, then by due day), then
    done, most recently done first. An owner or a partner above the level is not named (nor
    any partner without `with_partner`)."""
    owners = {
        person.id: person.full_name if cut.keeps(person) else None
        for person in session.scalars(
            select(Person).where(
                col(Person.id).in_({i.owner_person_id for i in items if i.owner_person_id})
            )
        )
    }
    partners = {
        partner_id: partner
        for partner_id, partner in organisations(session, (i.partner_id for i in items)).items()
        if with_partner and cut.keeps(partner)
    }

    def owner(item: ActionItem) -> str:
        if item.owner_person_id in owners:
            return owners[item.owner_person_id] or ""
        return item.owner

    def overdue(item: ActionItem) -> bool:
        return bool(not item.done and item.due_on and item.due_on < today)

    open_items = sorted(
        (i for i in items if not i.done),
        key=lambda i: (not overdue(i), i.due_on or date.max, i.id or 0),
    )
    done_items = sorted(
        (i for i in items if i.done), key=lambda i: (i.done_on or date.min, i.id or 0), reverse=True
    )
    return tuple(
        Commitment(
            text=item.text,
            side=item.side,
            owner=owner(item),
            partner=partners[item.partner_id].name if item.partner_id in partners else "",
            due=show_date(item.due_on),
            done=item.done,
            done_on=show_date(item.done_on),
            overdue=overdue(item),
        )
        for item in (*open_items, *done_items)
    )


def commitments_cleared(cut: UpTo) -> list[ColumnElement[bool]]:
    """SQL: action items made at no meeting and about no proposal above the level (they go
    with that meeting or proposal)."""
    return [
        cut.names_none_above(ActionItem.meeting_id, Meeting),
        cut.names_none_above(ActionItem.proposal_id, Proposal),
    ]
