"""Live notes: the document typed during a meeting, and what the note-taker marks in it."""

from collections.abc import Sequence
from datetime import date

from sqlalchemy import ColumnElement, case, select, union
from sqlalchemy.orm import Session
from sqlmodel import col

from db.dates import show_date
from db.engine import Database
from db.lifecycle import ALL_OPEN_STATUSES
from db.lookups import copied, existing
from db.markings import levels_in
from db.meeting_shapes import LiveDocument, TalkingPoints, WrapUp
from db.meetings import (
    action_item_row,
    local_time,
    meeting_action_items,
    meeting_partner_ids,
    meeting_proposal_row,
    meeting_proposals,
    note_row,
    organisation_names,
)
from db.models import (
    ActionItem,
    Meeting,
    MeetingPartner,
    Note,
    Proposal,
    ProposalMeeting,
    id_col,
    require_id,
)

# A live document may be long (an hour of fast typing is ~40,000 characters); refuse the absurd.
LIVE_TEXT_MAX = 2_000_000


def _live(note: Note) -> LiveDocument:
    return copied(
        LiveDocument,
        note,
        id=require_id(note),
        saved=show_date(local_time(note.updated_at), "minute"),
        begun=local_time(note.taken_at).replace(tzinfo=None),
    )


def live_document(database: Database, meeting_id: int) -> LiveDocument | None:
    """The caller's own live document of a meeting (the caller is `database.actor`).

    After a conflict left them several, the one saved last. With none of their own, an older
    document nobody owns yet: it becomes theirs when they save into it. None when they have
    not taken notes live in this meeting.
    """
    me = database.actor
    with database.reading() as session:
        existing(session, Meeting, meeting_id)
        note = session.scalars(
            select(Note)
            .where(
                col(Note.meeting_id) == meeting_id,
                col(Note.is_live),
                col(Note.author).in_((me, "")),
            )
            .order_by(
                case((col(Note.author) == me, 0), else_=1),
                col(Note.updated_at).desc(),
                col(Note.id).desc(),
            )
        ).first()
        return _live(note) if note else None


def live_documents(database: Database, meeting_id: int) -> tuple[LiveDocument, ...]:
    """Every note-taker's live documents of a meeting, by author and then as begun."""
    with database.reading() as session:
        notes = session.scalars(
            select(Note)
            .where(col(Note.meeting_id) == meeting_id, col(Note.is_live))
            .order_by(col(Note.author), col(Note.id))
        ).all()
        return tuple(_live(note) for note in notes)


def talking_points(database: Database, meeting_id: int, today: date) -> TalkingPoints:
    """Open proposals and pending action items with the meeting's partners."""
    with database.reading() as session:
        partner_ids = meeting_partner_ids(session, meeting_id)
        proposals = open_proposals(session, partner_ids)
        actions = pending_action_items(session, partner_ids)
        records: tuple[Proposal | ActionItem, ...] = (*proposals, *actions)
        names = organisation_names(session, (r.partner_id for r in records))
        return TalkingPoints(
            proposals=tuple(
                meeting_proposal_row(p, names.get(p.partner_id or 0, "")) for p in proposals
            ),
            action_items=tuple(
                action_item_row(a, names.get(a.partner_id or 0, ""), today) for a in actions
            ),
        )


def open_proposals(session: Session, partner_ids: Sequence[int]) -> Sequence[Proposal]:
    """Open proposals with these partners, by due date (undated last), then title."""
    return session.scalars(
        select(Proposal)
        .where(
            col(Proposal.partner_id).in_(partner_ids),
            col(Proposal.status).in_(ALL_OPEN_STATUSES),
        )
        .order_by(col(Proposal.due_on).nulls_last(), col(Proposal.title), col(Proposal.id))
    ).all()


def with_partners(partner_ids: Sequence[int]) -> ColumnElement[bool]:
    """An action item is with these partners or from a meeting with them: two index lookups,
    not one OR over every action item (which PostgreSQL would read in full)."""
    return col(ActionItem.id).in_(
        union(
            select(id_col(ActionItem.id)).where(col(ActionItem.partner_id).in_(partner_ids)),
            select(id_col(ActionItem.id))
            .join(MeetingPartner, col(MeetingPartner.meeting_id) == col(ActionItem.meeting_id))
            .where(col(MeetingPartner.organisation_id).in_(partner_ids)),
        )
    )


def pending_action_items(session: Session, partner_ids: Sequence[int]) -> list[ActionItem]:
    """Action items not done, with these partners or from meetings with them, by due date."""
    return list(
        session.scalars(
            select(ActionItem)
            .where(col(ActionItem.done).is_(False), with_partners(partner_ids))
            .order_by(col(ActionItem.due_on).nulls_last(), col(ActionItem.id))
        ).all()
    )


def wrap_up(database: Database, meeting_id: int, today: date) -> WrapUp:
    """What was marked in a meeting: decisions, commitments (action items), new proposals."""
    with database.reading() as session:
        decisions = session.scalars(
            select(Note)
            .where(col(Note.meeting_id) == meeting_id, col(Note.kind) == "decision")
            .order_by(col(Note.taken_at), col(Note.id))
        ).all()
        actions = meeting_action_items(session, meeting_id)
        raised_here = meeting_proposals(meeting_id).where(col(ProposalMeeting.raised_here))
        proposals = session.scalars(raised_here.order_by(col(Proposal.id))).all()
        records: tuple[ActionItem | Proposal, ...] = (*actions, *proposals)
        names = organisation_names(session, (r.partner_id for r in records))
        levels = levels_in(session)
        return WrapUp(
            decisions=tuple(note_row(n, levels) for n in decisions),
            commitments=tuple(
                action_item_row(a, names.get(a.partner_id or 0, ""), today) for a in actions
            ),
            proposals=tuple(
                meeting_proposal_row(p, names.get(p.partner_id or 0, "")) for p in proposals
            ),
        )
