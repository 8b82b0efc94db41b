"""Reading partners: the Partners list, a partner's page, choices and what refers to one."""

from datetime import date

from sqlalchemy import func, select

from db.dates import show_date, show_milestone
from db.engine import Database
from db.lifecycle import ALL_OPEN_STATUSES
from db.lists import PAGE_SIZE, paged, read_page, words_filter
from db.meetings import action_item_row, organisation_names
from db.models import (
    Meeting,
    MeetingPartner,
    Milestone,
    Organisation,
    Person,
    Proposal,
)
from db.notes import pending_action_items
from db.partner_shapes import (
    MilestoneRow,
    OrganisationChoice,
    OrganisationDetail,
    Page,
    PartnerMeetingRow,
    PartnerProposalRow,
    PartnerRow,
)
from db.people import _person_row
from db.records import existing


def list_partners(
    database: Database,
    query: str = "",
    *,
    offset: int = 0,
    limit: int = PAGE_SIZE,
    counted: bool = True,
) -> Page[PartnerRow]:
    """Organisations matching `query` (name, short name, kind, country), our own last.

    Counts, last meeting and open proposals come from correlated subqueries over the page's
    rows: one statement per page, however many organisations.
    """
    meetings_held = (
        select(func.count())
        .select_from(MeetingPartner)
        .join(Meeting, Meeting.id == MeetingPartner.meeting_id)
        .where(MeetingPartner.organisation_id == Organisation.id, Meeting.status == "held")
        .scalar_subquery()
    )
    last_met = (
        select(Meeting.starts_at)
        .join(MeetingPartner, MeetingPartner.meeting_id == Meeting.id)
        .where(MeetingPartner.organisation_id == Organisation.id, Meeting.status == "held")
        .order_by(Meeting.starts_at.desc())
        .limit(1)
        .scalar_subquery()
    )
    last_precision = (
        select(Meeting.date_precision)
        .join(MeetingPartner, MeetingPartner.meeting_id == Meeting.id)
        .where(MeetingPartner.organisation_id == Organisation.id, Meeting.status == "held")
        .order_by(Meeting.starts_at.desc())
        .limit(1)
        .scalar_subquery()
    )
    open_proposals = (
        select(func.count())
        .select_from(Proposal)
        .where(Proposal.partner_id == Organisation.id, Proposal.status.in_(ALL_OPEN_STATUSES))
        .scalar_subquery()
    )
    condition = words_filter(
        query,
        Organisation.name,
        Organisation.short_name,
        Organisation.kind,
        Organisation.country,
        country=Organisation.country,
    )
    base = select(Organisation.id)
    if condition is not None:
        base = base.where(condition)
    order = (Organisation.is_own, func.fold(Organisation.name), Organisation.id)
    # The page's ids first: the counts and last meetings are then worked out for its rows only.
    page = paged(base.order_by(*order), offset=offset, limit=limit, counted=counted).subquery()
    statement = (
        select(
            Organisation.id,
            Organisation.name,
            Organisation.short_name,
            Organisation.kind,
            Organisation.country,
            Organisation.is_own,
            meetings_held,
            last_met,
            last_precision,
            open_proposals,
        )
        .join(page, page.c.id == Organisation.id)
        .order_by(*order)
    )
    counting = select(func.count()).select_from(base.subquery())
    with database.reading() as session:
        found = read_page(session, statement, counting, offset=offset, limit=limit, counted=counted)
    return found.with_rows(
        PartnerRow(
            id=r[0],
            name=r[1],
            short_name=r[2],
            kind=r[3],
            country=r[4],
            is_own=r[5],
            meetings_held=r[6],
            last_met=show_date(r[7], r[8] or "day"),
            open_proposals=r[9],
        )
        for r in found.rows
    )


def get_partner(
    database: Database, organisation_id: int, today: date | None = None
) -> OrganisationDetail:
    """A partner's page: profile, milestones, people, meetings (newest first), open proposals."""
    with database.reading() as session:
        org = existing(session, Organisation, organisation_id)
        parent = session.get(Organisation, org.parent_id) if org.parent_id else None
        milestones = session.scalars(
            select(Milestone)
            .where(Milestone.organisation_id == organisation_id)
            .order_by(Milestone.year, Milestone.month, Milestone.day)
        ).all()
        people = session.scalars(
            select(Person)
            .where(Person.organisation_id == organisation_id)
            .order_by(Person.sort_name, Person.id)
        ).all()
        meetings = session.scalars(
            select(Meeting)
            .join(MeetingPartner, MeetingPartner.meeting_id == Meeting.id)
            .where(MeetingPartner.organisation_id == organisation_id)
            .order_by(Meeting.starts_at.desc().nulls_last(), Meeting.id.desc())
        ).all()
        proposals = session.scalars(
            select(Proposal)
            .where(
                Proposal.partner_id == organisation_id,
                Proposal.status.in_(ALL_OPEN_STATUSES),
            )
            .order_by(Proposal.due_on.nulls_last(), Proposal.title)
        ).all()
        assert org.id is not None
        actions = pending_action_items(session, [organisation_id])
        names = organisation_names(session, (a.partner_id for a in actions))
        return OrganisationDetail(
            id=org.id,
            name=org.name,
            short_name=org.short_name,
            kind=org.kind,
            country=org.country,
            is_own=org.is_own,
            description=org.description,
            parent_id=org.parent_id,
            parent_name=parent.name if parent else "",
            version=org.version,
            milestones=tuple(
                MilestoneRow(show_milestone(m.year, m.month, m.day), m.text) for m in milestones
            ),
            people=tuple(_person_row(p) for p in people),
            meetings=tuple(
                PartnerMeetingRow(
                    id=m.id or 0,
                    title=m.title,
                    kind=m.kind,
                    when=show_date(m.starts_at, m.date_precision),
                    place=m.place,
                    status=m.status,
                )
                for m in meetings
            ),
            open_proposals=tuple(
                PartnerProposalRow(
                    id=p.id or 0,
                    title=p.title,
                    kind=p.kind,
                    status=p.status,
                    proposed_by=p.proposed_by,
                    next_step=p.next_step,
                    due=show_date(p.due_on),
                    overdue=bool(p.due_on and p.due_on < (today or date.today())),
                )
                for p in proposals
            ),
            action_items=tuple(
                action_item_row(a, names.get(a.partner_id or 0, ""), today or date.today())
                for a in actions
            ),
        )


def organisation_choices(database: Database) -> tuple[OrganisationChoice, ...]:
    """Every organisation, for a picker: 'Ministry of the Interior (AT)'."""
    with database.reading() as session:
        rows = session.execute(
            select(Organisation.id, Organisation.name, Organisation.country).order_by(
                func.fold(Organisation.name)
            )
        ).all()
    return tuple(
        OrganisationChoice(id=r[0], label=f"{r[1]} ({r[2]})" if r[2] else r[1]) for r in rows
    )
