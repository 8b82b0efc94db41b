"""What a brief says about each partner: profile and milestones, their people, the last
meetings held with them, commitments of both sides, open proposals with their history, and the
topics raised before."""

from collections.abc import Sequence
from datetime import date

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session
from sqlmodel import col

from db.countries import country_name
from db.dates import show_date, show_milestone
from db.documents.cleared import UpTo
from db.documents.commitments import commitments, commitments_cleared
from db.documents.parts import attendee_names, person_line
from db.documents.shapes import (
    Commitment,
    MeetingHeld,
    Milestone,
    PartnerDossier,
    ProposalLine,
    StatusMove,
    TopicRaised,
)
from db.models import (
    ActionItem,
    Meeting,
    MeetingPartner,
    MeetingTopic,
    Note,
    Organisation,
    Person,
    Proposal,
    StatusChange,
    Topic,
    id_col,
)
from db.models import Milestone as MilestoneRecord
from db.notes import open_proposals, with_partners
from db.vocab import proposed_by_words

LAST_MEETINGS = 5
PEOPLE_SHOWN = 15
DONE_SHOWN = 5
TOPICS_SHOWN = 20


def partner_dossiers(
    session: Session,
    cut: UpTo,
    partners: Sequence[Organisation],
    today: date,
    skip: Sequence[int] = (),
) -> tuple[PartnerDossier, ...]:
    """A dossier for each partner up to the level (a partner above it is left out, with its
    milestones); the meetings `skip` (the one being briefed) are left out of the meetings
    held."""
    return tuple(_dossier(session, cut, partner, today, skip) for partner in cut.kept(partners))


def _dossier(
    session: Session, cut: UpTo, partner: Organisation, today: date, skip: Sequence[int]
) -> PartnerDossier:
    partner_id = partner.id or 0
    milestones = session.execute(
        select(
            col(MilestoneRecord.year),
            col(MilestoneRecord.month),
            col(MilestoneRecord.day),
            col(MilestoneRecord.text),
        )
        .where(col(MilestoneRecord.organisation_id) == partner_id)
        .order_by(col(MilestoneRecord.year), col(MilestoneRecord.month), col(MilestoneRecord.day))
    ).all()
    people = cut.kept(
        session.scalars(
            select(Person)
            .where(col(Person.organisation_id) == partner_id)
            .order_by(col(Person.sort_name), col(Person.id))
        ).all(),
        limit=PEOPLE_SHOWN,
    )
    more_people = 0
    if len(people) == PEOPLE_SHOWN:
        more_people = (
            session.scalar(
                select(func.count())
                .select_from(Person)
                .where(col(Person.organisation_id) == partner_id, cut.within(Person))
            )
            or 0
        ) - PEOPLE_SHOWN
    return PartnerDossier(
        name=partner.name,
        short_name=partner.short_name,
        country=country_name(partner.country),
        kind=partner.kind,
        description=partner.description,
        milestones=tuple(Milestone(show_milestone(y, m, d), text) for y, m, d, text in milestones),
        people=tuple(person_line(cut, person, partner) for person in people),
        more_people=more_people,
        meetings=_meetings_held(session, cut, partner_id, skip),
        commitments=_commitments(session, cut, partner_id, today),
        proposals=open_proposal_lines(session, cut, [partner_id], today),
        topics=_topics(session, cut, partner_id, skip),
    )


def _held_with(partner_id: int, skip: Sequence[int]) -> list[ColumnElement[bool]]:
    return [
        col(Meeting.status) == "held",
        id_col(Meeting.id).not_in(skip),
        id_col(Meeting.id).in_(
            select(col(MeetingPartner.meeting_id)).where(
                col(MeetingPartner.organisation_id) == partner_id
            )
        ),
    ]


def _meetings_held(
    session: Session, cut: UpTo, partner_id: int, skip: Sequence[int]
) -> tuple[MeetingHeld, ...]:
    meetings = cut.kept(
        session.scalars(
            select(Meeting)
            .where(*_held_with(partner_id, skip))
            .order_by(col(Meeting.starts_at).desc().nulls_last(), id_col(Meeting.id).desc())
        ).all(),
        limit=LAST_MEETINGS,
    )
    ids = [meeting.id or 0 for meeting in meetings]
    attendees = attendee_names(session, cut, ids)
    decisions = decisions_of(session, cut, ids)
    return tuple(
        MeetingHeld(
            when=show_date(meeting.starts_at, meeting.date_precision),
            title=meeting.title,
            place=meeting.place,
            attendees=tuple(label for _, label in attendees[meeting.id or 0]),
            outcome=meeting.summary,
            decisions=tuple(decisions[meeting.id or 0]),
        )
        for meeting in meetings
    )


def decisions_of(session: Session, cut: UpTo, meeting_ids: Sequence[int]) -> dict[int, list[str]]:
    """The decisions recorded in each meeting, as taken, each up to the level."""
    decisions: dict[int, list[str]] = {meeting_id: [] for meeting_id in meeting_ids}
    for note in session.scalars(
        select(Note)
        .where(
            col(Note.meeting_id).in_(meeting_ids),
            col(Note.kind) == "decision",
            col(Note.is_live).is_(False),
        )
        .order_by(col(Note.taken_at), col(Note.id))
    ):
        if cut.keeps(note):
            decisions[note.meeting_id].append(note.text)
    return decisions


def _commitments(
    session: Session, cut: UpTo, partner_id: int, today: date
) -> tuple[Commitment, ...]:
    with_partner = with_partners([partner_id])
    cleared = commitments_cleared(cut)
    pending = session.scalars(
        select(ActionItem).where(with_partner, col(ActionItem.done).is_(False), *cleared)
    ).all()
    done = session.scalars(
        select(ActionItem)
        .where(with_partner, col(ActionItem.done), *cleared)
        .order_by(col(ActionItem.done_on).desc().nulls_last(), col(ActionItem.id).desc())
        .limit(DONE_SHOWN)
    ).all()
    return commitments(session, cut, [*pending, *done], today, with_partner=False)


def open_proposal_lines(
    session: Session, cut: UpTo, partner_ids: Sequence[int], today: date
) -> tuple[ProposalLine, ...]:
    """The open proposals with these partners up to the level, by due day, each with its dated
    history (a step taken at a meeting above the level without the meeting's name)."""
    proposals = cut.kept(open_proposals(session, partner_ids))
    steps: dict[int, list[StatusMove]] = {proposal.id or 0: [] for proposal in proposals}
    for change, meeting in session.execute(
        select(StatusChange, Meeting)
        .outerjoin(Meeting, col(Meeting.id) == col(StatusChange.meeting_id))
        .where(col(StatusChange.proposal_id).in_(list(steps)))
        .order_by(col(StatusChange.changed_on).nulls_first(), col(StatusChange.id))
    ):
        steps[change.proposal_id].append(
            StatusMove(
                when=show_date(change.changed_on, change.date_precision),
                old_status=change.old_status,
                new_status=change.new_status,
                meeting=meeting.title if meeting is not None and cut.keeps(meeting) else "",
                comment=change.comment,
            )
        )
    return tuple(_proposal_line(p, tuple(steps[p.id or 0]), today) for p in proposals)


def _proposal_line(
    proposal: Proposal, history: tuple[StatusMove, ...], today: date
) -> ProposalLine:
    return ProposalLine(
        title=proposal.title,
        kind=proposal.kind,
        status=proposal.status,
        proposed_by=proposed_by_words(proposal.proposed_by),
        owner=proposal.owner,
        next_step=proposal.next_step,
        due=show_date(proposal.due_on),
        overdue=bool(proposal.due_on and proposal.due_on < today),
        history=history,
    )


def _topics(
    session: Session, cut: UpTo, partner_id: int, skip: Sequence[int]
) -> tuple[TopicRaised, ...]:
    """The topics of the meetings held with the partner up to the level."""
    last = func.max(col(Meeting.starts_at))
    rows = session.execute(
        select(col(Topic.name), last)
        .join(MeetingTopic, col(MeetingTopic.topic_id) == col(Topic.id))
        .join(Meeting, col(Meeting.id) == col(MeetingTopic.meeting_id))
        .where(*_held_with(partner_id, skip), cut.within(Meeting))
        .group_by(col(Topic.name))
        .order_by(last.desc().nulls_last(), col(Topic.name))
        .limit(TOPICS_SHOWN)
    ).all()
    return tuple(TopicRaised(name, show_date(when, "year")) for name, when in rows)
