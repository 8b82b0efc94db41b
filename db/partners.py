"""Queries and changes for the Partners screen: organisations and their people."""

from datetime import date

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from db.clock import utcnow
from db.dates import show_date, show_milestone
from db.engine import Database
from db.errors import InUse, NotFound, StaleEdit
from db.lifecycle import ALL_OPEN_STATUSES
from db.lists import PAGE_SIZE, rows_wanted, words_filter
from db.meetings import action_line, organisation_names
from db.models import (
    Attendance,
    Meeting,
    MeetingPartner,
    Milestone,
    Organisation,
    Person,
    Proposal,
    VisitLeg,
    VisitMember,
)
from db.notes import pending_action_items
from db.records import (
    MeetingLine,
    MilestoneLine,
    OrganisationChoice,
    OrganisationDetail,
    Page,
    PartnerRow,
    PersonRow,
    ProposalLine,
    References,
)
from db.text import counted, fold
from db.validation import OrganisationInput, PersonInput


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
    page = base.order_by(*order).offset(offset).limit(rows_wanted(limit, counted)).subquery()
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
    with database.reading() as session:
        counting = select(func.count()).select_from(base.subquery())
        total = (session.scalar(counting) or 0) if counted else None
        rows = session.execute(statement).all()
    more, rows = len(rows) > limit, rows[:limit]
    return Page(
        rows=tuple(
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
            for r in rows
        ),
        total=total,
        offset=offset,
        more=more,
    )


def _person_row(person: Person) -> PersonRow:
    assert person.id is not None
    return PersonRow(
        id=person.id,
        full_name=person.full_name,
        title=person.title,
        position=person.position,
        form_of_address=person.form_of_address,
        languages=person.languages,
        protocol_notes=person.protocol_notes,
        sort_name=person.sort_name,
        organisation_id=person.organisation_id,
        version=person.version,
    )


def get_partner(
    database: Database, organisation_id: int, today: date | None = None
) -> OrganisationDetail:
    """A partner's page: profile, milestones, people, meetings (newest first), open proposals."""
    with database.reading() as session:
        org = session.get(Organisation, organisation_id)
        if org is None:
            raise NotFound(f"Organisation {organisation_id} no longer exists.")
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
                MilestoneLine(show_milestone(m.year, m.month, m.day), m.text) for m in milestones
            ),
            people=tuple(_person_row(p) for p in people),
            meetings=tuple(
                MeetingLine(
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
                ProposalLine(
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
                action_line(a, names.get(a.partner_id or 0, ""), today or date.today())
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


def create_organisation(database: Database, data: OrganisationInput) -> int:
    """Save a new organisation; returns its id. Raises Invalid for bad input."""
    clean = data.cleaned()

    def work(session: Session) -> int:
        org = Organisation(
            name=clean.name,
            short_name=clean.short_name,
            kind=clean.kind,
            country=clean.country,
            is_own=clean.is_own,
            description=clean.description,
            parent_id=clean.parent_id,
        )
        session.add(org)
        session.flush()
        assert org.id is not None
        return org.id

    return database.write(work)


def update_organisation(
    database: Database, organisation_id: int, expected_version: int, data: OrganisationInput
) -> None:
    """Save changes, refused with StaleEdit if someone saved it since `expected_version`."""
    clean = data.cleaned()
    if clean.parent_id == organisation_id:
        from db.errors import Invalid

        raise Invalid({"parent_id": "an organisation cannot be its own parent"})

    def work(session: Session) -> None:
        result = session.execute(
            update(Organisation)
            .where(Organisation.id == organisation_id, Organisation.version == expected_version)
            .values(
                name=clean.name,
                short_name=clean.short_name,
                kind=clean.kind,
                country=clean.country,
                is_own=clean.is_own,
                description=clean.description,
                parent_id=clean.parent_id,
                updated_at=utcnow(),
                version=expected_version + 1,
            )
        )
        if result.rowcount == 0:
            _explain_missed_update(session, Organisation, organisation_id, "organisation")

    database.write(work)


def _explain_missed_update(session: Session, table: type, record_id: int, noun: str) -> None:
    if session.get(table, record_id) is None:
        raise NotFound(f"This {noun} was deleted by someone else; nothing was saved.")
    raise StaleEdit.of(noun)


def organisation_references(database: Database, organisation_id: int) -> References:
    """Count what refers to an organisation."""
    with database.reading() as session:

        def count(statement) -> int:  # noqa: ANN001
            return session.scalar(select(func.count()).select_from(statement.subquery())) or 0

        return References(
            people=count(select(Person.id).where(Person.organisation_id == organisation_id)),
            meetings=count(
                select(MeetingPartner.meeting_id).where(
                    MeetingPartner.organisation_id == organisation_id
                )
            ),
            proposals=count(select(Proposal.id).where(Proposal.partner_id == organisation_id)),
            visit_legs=count(
                select(VisitLeg.id).where(VisitLeg.organisation_id == organisation_id)
            ),
            children=count(
                select(Organisation.id).where(Organisation.parent_id == organisation_id)
            ),
        )


def delete_organisation(database: Database, organisation_id: int, *, with_people: bool) -> None:
    """Delete an organisation (and, when asked, its people).

    Refused with InUse while meetings, proposals, visit legs or sub-organisations refer to it,
    or while it has people and `with_people` is false.
    """
    references = organisation_references(database, organisation_id)
    if references.blocking:
        raise InUse(
            f"Cannot delete: {references.blocking} refer to this organisation. "
            "Move or delete them first."
        )
    if references.people and not with_people:
        raise InUse(f"This organisation has {counted(references.people, 'person', 'people')}.")

    def work(session: Session) -> None:
        org = session.get(Organisation, organisation_id)
        if org is None:
            raise NotFound("This organisation was already deleted.")
        people = session.scalars(
            select(Person).where(Person.organisation_id == organisation_id)
        ).all()
        for person in people:
            _refuse_if_person_in_use(session, person)
            session.delete(person)
        session.flush()
        session.execute(Milestone.__table__.delete().where(Milestone.organisation_id == org.id))
        session.delete(org)

    database.write(work)


def _refuse_if_person_in_use(session: Session, person: Person) -> None:
    attended = session.scalar(
        select(func.count()).select_from(Attendance).where(Attendance.person_id == person.id)
    )
    delegations = session.scalar(
        select(func.count()).select_from(VisitMember).where(VisitMember.person_id == person.id)
    )
    if attended or delegations:
        raise InUse(
            f"Cannot delete {person.full_name}: attended {counted(attended or 0, 'meeting')} and "
            f"is in {counted(delegations or 0, 'delegation')}. The record of who was there must "
            "stay."
        )


def _sort_name(clean: PersonInput) -> str:
    return clean.sort_name or fold(clean.full_name)


def create_person(database: Database, data: PersonInput) -> int:
    """Save a new person; returns the id. Raises Invalid for bad input."""
    clean = data.cleaned()

    def work(session: Session) -> int:
        if clean.organisation_id is not None and not session.get(
            Organisation, clean.organisation_id
        ):
            raise NotFound("The organisation was deleted; the person was not saved.")
        person = Person(
            full_name=clean.full_name,
            sort_name=_sort_name(clean),
            title=clean.title,
            position=clean.position,
            organisation_id=clean.organisation_id,
            form_of_address=clean.form_of_address,
            languages=clean.languages,
            protocol_notes=clean.protocol_notes,
        )
        session.add(person)
        session.flush()
        assert person.id is not None
        return person.id

    return database.write(work)


def update_person(
    database: Database, person_id: int, expected_version: int, data: PersonInput
) -> None:
    """Save changes to a person, refused with StaleEdit when someone saved it meanwhile."""
    clean = data.cleaned()

    def work(session: Session) -> None:
        result = session.execute(
            update(Person)
            .where(Person.id == person_id, Person.version == expected_version)
            .values(
                full_name=clean.full_name,
                sort_name=_sort_name(clean),
                title=clean.title,
                position=clean.position,
                organisation_id=clean.organisation_id,
                form_of_address=clean.form_of_address,
                languages=clean.languages,
                protocol_notes=clean.protocol_notes,
                updated_at=utcnow(),
                version=expected_version + 1,
            )
        )
        if result.rowcount == 0:
            _explain_missed_update(session, Person, person_id, "person")

    database.write(work)


def delete_person(database: Database, person_id: int) -> None:
    """Delete a person who attended no meeting and is in no delegation."""

    def work(session: Session) -> None:
        person = session.get(Person, person_id)
        if person is None:
            raise NotFound("This person was already deleted.")
        _refuse_if_person_in_use(session, person)
        session.delete(person)

    database.write(work)


def get_person(database: Database, person_id: int) -> PersonRow:
    """One person, as the person form needs it."""
    with database.reading() as session:
        person = session.get(Person, person_id)
        if person is None:
            raise NotFound(f"Person {person_id} no longer exists.")
        return _person_row(person)
