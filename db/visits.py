"""Reading visits: the Visits list and a visit's page (stops, delegation, programme)."""

from datetime import date

from sqlalchemy import ColumnElement, and_, case, func, literal, or_, select, union, union_all
from sqlalchemy.orm import Session
from sqlmodel import col

from db.checklists.queries import checklist_progress
from db.dates import show_days
from db.engine import Database
from db.lists import (
    PAGE_SIZE,
    PageRequest,
    organisations_matching,
    paged,
    people_matching,
    query_patterns,
    read_page,
    value_matches,
)
from db.lookups import existing
from db.marking_names import marking_name
from db.markings import Levels, levels_in
from db.models import (
    Meeting,
    MeetingPartner,
    Organisation,
    Person,
    Proposal,
    Visit,
    VisitLeg,
    VisitMember,
    id_col,
)
from db.partner_shapes import Page
from db.visit_input import StopInput, VisitInput
from db.visit_shapes import PersonRef, ProgrammeRow, StopRow, VisitDetail, VisitRow
from db.zones import user_zone, when_in_zones


def _upcoming(today: date) -> ColumnElement[bool]:
    last_day = func.coalesce(col(Visit.ends_on), col(Visit.starts_on))
    undated_and_open = and_(
        col(Visit.starts_on).is_(None), col(Visit.status).not_in(("completed", "cancelled"))
    )
    return or_(last_day >= today, undated_and_open)


def _stop_label(name: str, short_name: str, city: str) -> str:
    label = short_name or name
    return f"{label} ({city})" if city else label


def _matches(like: str) -> ColumnElement[bool]:
    """A visit whose title, direction or status, a stop (organisation or city), or a person
    of the delegation (head or member) matches `like`, a word's LIKE pattern.

    The visits of matching stops and people are found once per statement, in one
    uncorrelated IN (a correlated EXISTS would look at the stops again for every visit); only
    the names of organisations and people that are on some visit are folded.
    """
    delegations = union_all(
        select(col(VisitMember.visit_id), col(VisitMember.person_id)),
        select(id_col(Visit.id), col(Visit.head_person_id)).where(
            col(Visit.head_person_id).is_not(None)
        ),
    ).subquery()
    people = people_matching(like).where(col(Person.id).in_(select(delegations.c.person_id)))
    stops = organisations_matching(like).where(
        col(Organisation.id).in_(select(col(VisitLeg.organisation_id)))
    )
    linked = union(
        select(col(VisitLeg.visit_id)).where(
            or_(
                col(VisitLeg.organisation_id).in_(stops),
                value_matches(col(VisitLeg.city), like),
            )
        ),
        select(delegations.c.visit_id).where(delegations.c.person_id.in_(people)),
    )
    return or_(
        func.fold(Visit.title).like(literal(like), escape="\\"),
        value_matches(col(Visit.direction), like),
        value_matches(col(Visit.status), like),
        col(Visit.id).in_(linked),
    )


def list_visits(
    database: Database,
    query: str = "",
    *,
    today: date,
    offset: int = 0,
    limit: int = PAGE_SIZE,
    counted: bool = True,
) -> Page[VisitRow]:
    """Visits matching every word of `query`: upcoming first (soonest first), then past
    (most recent first)."""
    conditions = [_matches(like) for like in query_patterns(query)]
    upcoming = _upcoming(today)
    wanted = PageRequest(offset, limit, counted)
    statement = paged(
        select(
            id_col(Visit.id),
            col(Visit.title),
            col(Visit.direction),
            col(Visit.level),
            col(Visit.starts_on),
            col(Visit.ends_on),
            col(Visit.date_precision),
            col(Person.full_name),
            col(Visit.status),
            case((upcoming, 1), else_=0),
            col(Visit.marking),
        )
        .outerjoin(Person, col(Person.id) == col(Visit.head_person_id))
        .where(*conditions)
        .order_by(
            case((upcoming, 0), else_=1),
            case((upcoming, Visit.starts_on), else_=None).asc().nulls_last(),
            col(Visit.starts_on).desc().nulls_last(),
            col(Visit.id).desc(),
        ),
        wanted,
    )
    counting = select(func.count()).select_from(Visit).where(*conditions)
    with database.reading() as session:
        found = read_page(session, statement, counting, wanted)
        levels = levels_in(session)
        ids = [row[0] for row in found.rows]
        legs: dict[int, list[str]] = {visit_id: [] for visit_id in ids}
        for visit_id, name, short_name, city in session.execute(
            select(
                col(VisitLeg.visit_id),
                col(Organisation.name),
                col(Organisation.short_name),
                col(VisitLeg.city),
            )
            .outerjoin(Organisation, col(Organisation.id) == col(VisitLeg.organisation_id))
            .where(col(VisitLeg.visit_id).in_(ids))
            .order_by(col(VisitLeg.visit_id), col(VisitLeg.position), col(VisitLeg.id))
        ):
            legs[visit_id].append(_stop_label(name or "", short_name or "", city))
    progress = checklist_progress(database, ids, today=today)
    return found.with_rows(
        VisitRow(
            id=r[0],
            title=r[1],
            direction=r[2],
            level=r[3],
            dates=show_days(r[4], r[5], r[6]),
            legs=" · ".join(legs[r[0]]),
            head=r[7] or "",
            status=r[8],
            progress=progress[r[0]],
            upcoming=bool(r[9]),
            marking=marking_name(levels, r[10]),
        )
        for r in found.rows
    )


def _person_ref(person: Person, organisations: dict[int, str]) -> PersonRef:
    assert person.id is not None
    return PersonRef(
        person.id,
        person.full_name,
        person.position,
        organisations.get(person.organisation_id or 0, ""),
    )


def get_visit(database: Database, visit_id: int, today: date) -> VisitDetail:
    """A visit's page: dates, legs, delegation, signing, programme and checklist progress."""
    progress = checklist_progress(database, [visit_id], today=today)[visit_id]
    with database.reading() as session:
        visit = existing(session, Visit, visit_id)
        organisations = {
            row[0]: row[1]
            for row in session.execute(select(id_col(Organisation.id), col(Organisation.name)))
        }
        head = session.get(Person, visit.head_person_id) if visit.head_person_id else None
        members = session.scalars(
            select(Person)
            .join(VisitMember, col(VisitMember.person_id) == col(Person.id))
            .where(col(VisitMember.visit_id) == visit_id, col(Person.id) != visit.head_person_id)
            .order_by(col(Person.sort_name), col(Person.id))
        ).all()
        legs = session.scalars(
            select(VisitLeg)
            .where(col(VisitLeg.visit_id) == visit_id)
            .order_by(col(VisitLeg.position), col(VisitLeg.id))
        ).all()
        signing = (
            session.get(Proposal, visit.signing_proposal_id) if visit.signing_proposal_id else None
        )
        programme = _programme(session, visit_id)
        upcoming = bool(session.scalar(select(_upcoming(today)).where(col(Visit.id) == visit_id)))
        levels = levels_in(session)
        return VisitDetail(
            id=visit_id,
            title=visit.title,
            direction=visit.direction,
            level=visit.level,
            status=visit.status,
            dates=show_days(visit.starts_on, visit.ends_on, visit.date_precision),
            starts_on=visit.starts_on,
            ends_on=visit.ends_on,
            date_precision=visit.date_precision,
            purpose=visit.purpose,
            head=_person_ref(head, organisations) if head else None,
            members=tuple(_person_ref(person, organisations) for person in members),
            legs=tuple(
                StopRow(
                    organisation_id=leg.organisation_id,
                    organisation=organisations.get(leg.organisation_id or 0, ""),
                    city=leg.city,
                    country=leg.country,
                    starts_on=leg.starts_on,
                    ends_on=leg.ends_on,
                    dates=show_days(leg.starts_on, leg.ends_on),
                )
                for leg in legs
            ),
            signing_proposal_id=signing.id if signing else None,
            signing_proposal=signing.title if signing else "",
            programme=programme,
            progress=progress,
            upcoming=upcoming,
            version=visit.version,
            marking=marking_name(levels, visit.marking),
        )


def _programme(session: Session, visit_id: int) -> tuple[ProgrammeRow, ...]:
    meetings = session.scalars(
        select(Meeting)
        .where(col(Meeting.visit_id) == visit_id)
        .order_by(col(Meeting.starts_at).nulls_last(), col(Meeting.id))
    ).all()
    partners: dict[int, list[str]] = {meeting.id or 0: [] for meeting in meetings}
    for meeting_id, name, short_name in session.execute(
        select(col(MeetingPartner.meeting_id), col(Organisation.name), col(Organisation.short_name))
        .join(Organisation, col(Organisation.id) == col(MeetingPartner.organisation_id))
        .where(col(MeetingPartner.meeting_id).in_(list(partners)))
        .order_by(Organisation.name)
    ):
        partners[meeting_id].append(short_name or name)
    return tuple(
        ProgrammeRow(
            id=meeting.id or 0,
            when=when_in_zones(
                meeting.starts_at, meeting.date_precision, meeting.time_zone, user_zone()
            ),
            title=meeting.title,
            kind=meeting.kind,
            status=meeting.status,
            partners=", ".join(partners[meeting.id or 0]),
        )
        for meeting in meetings
    )


def programme_partner_ids(session: Session, visit_id: int | None) -> set[int]:
    """The partners of the meetings of a visit's programme (none for a visit not saved yet)."""
    if visit_id is None:
        return set()
    return set(
        session.scalars(
            select(col(MeetingPartner.organisation_id))
            .join(Meeting, col(Meeting.id) == col(MeetingPartner.meeting_id))
            .where(col(Meeting.visit_id) == visit_id)
        )
    )


def visit_as_input(detail: VisitDetail, levels: Levels | None = None) -> VisitInput:
    """The form values of an existing visit, typed back so that they parse to the same; its
    marking read back with the department's `levels` (a new database's unless given)."""
    from db.record_markings import NEW_DATABASE_LEVELS, rank_named

    def day(value: date | None) -> str:
        return value.isoformat() if value else ""

    starts = day(detail.starts_on)
    if detail.starts_on and detail.date_precision == "year":
        starts = f"{detail.starts_on.year}"
    elif detail.starts_on and detail.date_precision == "month":
        starts = f"{detail.starts_on:%Y-%m}"
    return VisitInput(
        title=detail.title,
        direction=detail.direction,
        level=detail.level,
        status=detail.status,
        starts=starts,
        ends=day(detail.ends_on),
        legs=tuple(
            StopInput(
                leg.organisation_id, leg.city, leg.country, day(leg.starts_on), day(leg.ends_on)
            )
            for leg in detail.legs
        ),
        head_person_id=detail.head.id if detail.head else None,
        member_person_ids=tuple(member.id for member in detail.members),
        purpose=detail.purpose,
        signing_proposal_id=detail.signing_proposal_id,
        marking=rank_named(levels or NEW_DATABASE_LEVELS, detail.marking),
    )
