"""The visit report: the record of discussion of each meeting held, then the open follow-ups."""

from collections.abc import Sequence
from datetime import date

from sqlalchemy import select, union
from sqlalchemy.orm import Session
from sqlmodel import col

from db.dates import show_date, show_days
from db.documents.cleared import UpTo
from db.documents.commitments import commitments, commitments_cleared
from db.documents.dossiers import decisions_of
from db.documents.parts import (
    attendee_names,
    make_cover,
    meeting_when,
    partners_not_own,
    visit_delegations,
    visit_meetings,
    visit_partner_ids,
    visit_places,
    written_brief,
)
from db.documents.shapes import (
    Commitment,
    MeetingRecord,
    ProposalMoved,
    ProposalRaised,
    ReportContent,
)
from db.engine import Database
from db.lookups import existing
from db.models import (
    ActionItem,
    Meeting,
    Proposal,
    ProposalMeeting,
    StatusChange,
    Visit,
    id_col,
)
from db.vocab import proposed_by_words


def assemble_report(
    database: Database,
    *,
    visit_id: int,
    prepared_by: str,
    today: date,
    up_to: int | None = None,
) -> ReportContent:
    """The report of a visit, with the records up to the handling marking of rank `up_to`
    (None: every record). NotFound when the visit does not exist, AboveTheLevel when it is
    marked above the level."""
    with database.reading() as session:
        cut = UpTo.read(session, up_to)
        visit = existing(
            session, Visit, visit_id, f"There is no visit {visit_id} (it may have been deleted)."
        )
        cut.refuse_above(visit, f"Visit {visit_id}")
        meetings = visit_meetings(session, cut, visit_id)
        held = [meeting for meeting in meetings if meeting.status == "held"]
        sides = visit_delegations(session, cut, visit, [meeting.id or 0 for meeting in held])
        partners = partners_not_own(session, visit_partner_ids(session, cut, visit_id))
        cover = make_cover(
            title=visit.title,
            dates=show_days(visit.starts_on, visit.ends_on, visit.date_precision),
            places=visit_places(session, cut, visit_id),
            visit=visit,
            sides=sides,
            brief=written_brief(session, visit_id=visit_id),
            prepared_by=prepared_by,
            today=today,
        )
        records = _records(session, cut, held, today)
        follow_ups = _follow_ups(
            session,
            cut,
            [meeting.id or 0 for meeting in meetings],
            [partner.id or 0 for partner in partners if not cut.is_above(partner.marking)],
            today,
        )
        return ReportContent(
            cover=cover,
            purpose=visit.purpose,
            meetings=records,
            not_held=tuple(
                f"{meeting.title} ({meeting.status})"
                for meeting in meetings
                if meeting.status != "held"
            ),
            follow_ups=follow_ups,
            marking=cut.summary(),
        )


def _records(
    session: Session, cut: UpTo, held: Sequence[Meeting], today: date
) -> tuple[MeetingRecord, ...]:
    ids = [meeting.id or 0 for meeting in held]
    attendees = attendee_names(session, cut, ids)
    decisions = decisions_of(session, cut, ids)
    items: dict[int, list[ActionItem]] = {meeting_id: [] for meeting_id in ids}
    for item in session.scalars(
        select(ActionItem)
        .where(col(ActionItem.meeting_id).in_(ids), *commitments_cleared(cut))
        .order_by(col(ActionItem.id))
    ):
        items[item.meeting_id or 0].append(item)
    raised: dict[int, list[ProposalRaised]] = {meeting_id: [] for meeting_id in ids}
    raised_ids: set[tuple[int, int]] = set()
    for meeting_id, proposal in session.execute(
        select(col(ProposalMeeting.meeting_id), Proposal)
        .join(Proposal, col(Proposal.id) == col(ProposalMeeting.proposal_id))
        .where(col(ProposalMeeting.meeting_id).in_(ids), col(ProposalMeeting.raised_here))
        .order_by(col(Proposal.id))
    ):
        raised_ids.add((meeting_id, proposal.id or 0))
        if not cut.keeps(proposal):
            continue
        raised[meeting_id].append(
            ProposalRaised(
                proposal.title,
                proposal.kind,
                proposed_by_words(proposal.proposed_by),
                proposal.status,
            )
        )
    moved: dict[int, list[ProposalMoved]] = {meeting_id: [] for meeting_id in ids}
    for change, proposal in session.execute(
        select(StatusChange, Proposal)
        .join(Proposal, col(Proposal.id) == col(StatusChange.proposal_id))
        .where(col(StatusChange.meeting_id).in_(ids))
        .order_by(col(StatusChange.changed_on).nulls_first(), col(StatusChange.id))
    ):
        # A proposal's first status, recorded where it was raised, is already listed as raised.
        if not change.old_status and (change.meeting_id, change.proposal_id) in raised_ids:
            continue
        if not cut.keeps(proposal):
            continue
        moved[change.meeting_id or 0].append(
            ProposalMoved(
                proposal.title,
                change.old_status,
                change.new_status,
                show_date(change.changed_on, change.date_precision),
            )
        )
    records = []
    for meeting in held:
        meeting_id = meeting.id or 0
        present = attendees[meeting_id]
        records.append(
            MeetingRecord(
                when=meeting_when(meeting),
                title=meeting.title,
                kind=meeting.kind,
                place=meeting.place,
                ours=tuple(label for side, label in present if side == "ours"),
                theirs=tuple(label for side, label in present if side != "ours"),
                outcome=meeting.summary,
                decisions=tuple(decisions[meeting_id]),
                commitments=commitments(session, cut, items[meeting_id], today),
                raised=tuple(raised[meeting_id]),
                moved=tuple(moved[meeting_id]),
            )
        )
    return tuple(records)


def _follow_ups(
    session: Session,
    cut: UpTo,
    meeting_ids: Sequence[int],
    partner_ids: Sequence[int],
    today: date,
) -> tuple[Commitment, ...]:
    """The open action items of the visit's meetings and of its partners, up to the level."""
    items = session.scalars(
        select(ActionItem).where(
            col(ActionItem.done).is_(False),
            col(ActionItem.id).in_(
                union(
                    select(id_col(ActionItem.id)).where(
                        col(ActionItem.meeting_id).in_(meeting_ids)
                    ),
                    select(id_col(ActionItem.id)).where(
                        col(ActionItem.partner_id).in_(partner_ids)
                    ),
                )
            ),
            *commitments_cleared(cut),
        )
    ).all()
    return commitments(session, cut, items, today)
