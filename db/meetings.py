"""Reading meetings: the Meetings list, a meeting's page, and the rows other pages show."""

from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Row,
    Select,
    and_,
    case,
    exists,
    func,
    literal,
    or_,
    select,
    union,
)
from sqlalchemy.orm import Session
from sqlmodel import col

from db.dates import show_date
from db.engine import Database
from db.lists import (
    PAGE_SIZE,
    PageRequest,
    folded_like,
    organisations_matching,
    paged,
    people_matching,
    query_patterns,
)
from db.lookups import copied, existing
from db.marking_names import marking_name, page_with_markings
from db.markings import Levels, levels_in
from db.meeting_input import AttendeeInput, MeetingInput
from db.meeting_shapes import (
    ActionItemRow,
    Attendee,
    MeetingDetail,
    MeetingProposalRow,
    MeetingRow,
    NoteRow,
    PartnerRef,
)
from db.models import (
    ActionItem,
    Attendance,
    Meeting,
    MeetingPartner,
    MeetingTopic,
    Note,
    Organisation,
    Person,
    Proposal,
    ProposalMeeting,
    Topic,
    Visit,
    id_col,
    require_id,
)
from db.partner_shapes import Page
from db.zones import user_zone, when_in_zones, zones_differ


def _linked_match(pattern: str) -> ColumnElement[bool]:
    # The meetings with a matching partner, attendee or topic, found once per statement in one
    # uncorrelated IN: a correlated EXISTS probed the partner list for every meeting.
    partners = select(col(MeetingPartner.meeting_id)).where(
        col(MeetingPartner.organisation_id).in_(organisations_matching(pattern))
    )
    attendees = select(col(Attendance.meeting_id)).where(
        col(Attendance.person_id).in_(people_matching(pattern))
    )
    topics = select(col(MeetingTopic.meeting_id)).where(
        col(MeetingTopic.topic_id).in_(
            select(id_col(Topic.id)).where(
                func.fold(col(Topic.name)).like(literal(pattern), escape="\\")
            )
        )
    )
    return col(Meeting.id).in_(union(partners, attendees, topics))


def list_meetings(
    database: Database,
    query: str = "",
    *,
    partner_id: int | None = None,
    year: int | None = None,
    topic_id: int | None = None,
    status: str | None = None,
    offset: int = 0,
    limit: int = PAGE_SIZE,
    counted: bool = True,
) -> Page[MeetingRow]:
    """Meetings newest first, filtered by words (title, summary, place, kind, partner,
    attendee, topic) and fields."""
    conditions = [
        or_(folded_like(col(Meeting.folded), pattern), _linked_match(pattern))
        for pattern in query_patterns(query)
    ]
    if partner_id is not None:
        conditions.append(
            exists().where(
                col(MeetingPartner.meeting_id) == col(Meeting.id),
                col(MeetingPartner.organisation_id) == partner_id,
            )
        )
    if year is not None:
        conditions.append(
            and_(
                col(Meeting.starts_at) >= datetime(year, 1, 1),
                col(Meeting.starts_at) < datetime(year + 1, 1, 1),
            )
        )
    if topic_id is not None:
        conditions.append(
            exists().where(
                col(MeetingTopic.meeting_id) == col(Meeting.id),
                col(MeetingTopic.topic_id) == topic_id,
            )
        )
    if status:
        conditions.append(col(Meeting.status) == status)
    short = short_organisation_label()
    partners = (
        select(func.aggregate_strings(short, ", "))
        .join(MeetingPartner, col(MeetingPartner.organisation_id) == col(Organisation.id))
        .where(col(MeetingPartner.meeting_id) == col(Meeting.id))
        .scalar_subquery()
    )
    notes = select(func.count()).where(col(Note.meeting_id) == col(Meeting.id)).scalar_subquery()
    wanted = PageRequest(offset, limit, counted)
    statement = paged(
        select(
            id_col(Meeting.id),
            col(Meeting.starts_at),
            col(Meeting.date_precision),
            col(Meeting.title),
            col(Meeting.kind),
            func.coalesce(partners, "").label("partners"),
            col(Meeting.place),
            col(Meeting.status),
            notes.label("notes"),
            col(Meeting.marking),
        )
        .where(*conditions)
        .order_by(col(Meeting.starts_at).desc().nulls_last(), col(Meeting.id).desc()),
        wanted,
    )
    counting = select(func.count()).select_from(Meeting).where(*conditions)
    return page_with_markings(database, statement, counting, wanted, _meeting_row)


def _meeting_row(row: Row[*tuple[Any, ...]], levels: Levels) -> MeetingRow:
    values = row._asdict()
    when = show_date(values.pop("starts_at"), values.pop("date_precision"))
    return MeetingRow(when=when, marking=marking_name(levels, values.pop("marking")), **values)


def meeting_years(database: Database) -> tuple[int, ...]:
    """The years in which meetings took place, newest first (for the year filter)."""
    with database.reading() as session:
        values = session.scalars(
            select(col(Meeting.starts_at)).where(col(Meeting.starts_at).is_not(None))
        )
        return tuple(sorted({value.year for value in values if value is not None}, reverse=True))


def list_topics(database: Database) -> tuple[tuple[int, str], ...]:
    """Every topic, by name."""
    with database.reading() as session:
        rows = session.execute(select(id_col(Topic.id), col(Topic.name)).order_by(col(Topic.name)))
        return tuple((row[0], row[1]) for row in rows)


def short_organisation_label() -> ColumnElement[str]:
    """SQL for 'BMI (AT)': an organisation's short name (else its name) and country."""
    return func.coalesce(func.nullif(Organisation.short_name, ""), Organisation.name) + case(
        (col(Organisation.country) != "", " (" + col(Organisation.country) + ")"), else_=""
    )


def action_item_row(item: ActionItem, partner: str, today: date) -> ActionItemRow:
    """An action item as the UI shows it."""
    return copied(
        ActionItemRow,
        item,
        id=require_id(item),
        due=show_date(item.due_on),
        partner=partner,
        overdue=bool(item.due_on and not item.done and item.due_on < today),
    )


def meeting_proposal_row(proposal: Proposal, partner: str) -> MeetingProposalRow:
    """A proposal as a meeting shows it."""
    return copied(MeetingProposalRow, proposal, id=require_id(proposal), partner=partner)


def note_row(note: Note, levels: Levels) -> NoteRow:
    """A note as the UI shows it."""
    assert note.id is not None
    return NoteRow(
        id=note.id,
        kind=note.kind,
        text=note.text,
        taken=show_date(
            note.taken_at.astimezone() if note.taken_precision == "minute" else note.taken_at,
            note.taken_precision,
        ),
        is_live=note.is_live,
        author=note.author,
        saved=show_date(local_time(note.updated_at), "minute"),
        marking=marking_name(levels, note.marking),
    )


def local_time(moment: datetime) -> datetime:
    """A stored timestamp (UTC; read back without its zone) in this machine's time zone."""
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone()


def meeting_action_items(session: Session, meeting_id: int) -> list[ActionItem]:
    """The action items (commitments) of a meeting, in the order they were recorded."""
    return list(
        session.scalars(
            select(ActionItem)
            .where(col(ActionItem.meeting_id) == meeting_id)
            .order_by(col(ActionItem.id))
        ).all()
    )


def meeting_proposals(meeting_id: int) -> Select[Proposal]:
    """The proposals that came up in a meeting, for a statement to order (and filter further)."""
    return (
        select(Proposal)
        .join(ProposalMeeting, col(ProposalMeeting.proposal_id) == col(Proposal.id))
        .where(col(ProposalMeeting.meeting_id) == meeting_id)
    )


def meeting_partner_ids(session: Session, meeting_id: int) -> Sequence[int]:
    """The ids of a meeting's partner organisations."""
    return session.scalars(
        select(col(MeetingPartner.organisation_id)).where(
            col(MeetingPartner.meeting_id) == meeting_id
        )
    ).all()


def organisation_names(session: Session, ids: Iterable[int | None]) -> dict[int, str]:
    """The names of these organisations by id."""
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    rows = session.execute(
        select(id_col(Organisation.id), col(Organisation.name)).where(
            col(Organisation.id).in_(wanted)
        )
    )
    return {row[0]: row[1] for row in rows}


def get_meeting(database: Database, meeting_id: int, today: date | None = None) -> MeetingDetail:
    """A meeting's page: when and where, partners, attendance, topics, notes, what was raised."""
    today = today or date.today()
    with database.reading() as session:
        meeting = existing(session, Meeting, meeting_id)
        partners = meeting_partner_ids(session, meeting_id)
        attendance = session.execute(
            select(Attendance, Person)
            .join(Person, col(Person.id) == col(Attendance.person_id))
            .where(col(Attendance.meeting_id) == meeting_id)
            .order_by(Attendance.side, Person.sort_name)
        ).all()
        topics = session.scalars(
            select(col(Topic.name))
            .join(MeetingTopic, col(MeetingTopic.topic_id) == col(Topic.id))
            .where(col(MeetingTopic.meeting_id) == meeting_id)
            .order_by(Topic.name)
        ).all()
        notes = session.scalars(
            select(Note)
            .where(col(Note.meeting_id) == meeting_id)
            .order_by(col(Note.taken_at), col(Note.id))
        ).all()
        actions = meeting_action_items(session, meeting_id)
        proposals = session.scalars(meeting_proposals(meeting_id).order_by(Proposal.title)).all()
        visit = session.get(Visit, meeting.visit_id) if meeting.visit_id else None
        levels = levels_in(session)
        records: tuple[ActionItem | Proposal, ...] = (*actions, *proposals)
        names = organisation_names(
            session,
            (
                *partners,
                *(person.organisation_id for _, person in attendance),
                *(r.partner_id for r in records),
            ),
        )
        role_order = {"head": 0, "member": 1, "": 2, "note-taker": 3, "interpreter": 4}
        own_zone = user_zone()
        # Where the two zones' clocks differ, `when` holds both spans and the end goes with them.
        both = zones_differ(meeting.starts_at, meeting.date_precision, meeting.time_zone, own_zone)
        return copied(
            MeetingDetail,
            meeting,
            id=meeting_id,
            when=when_in_zones(
                meeting.starts_at,
                meeting.date_precision,
                meeting.time_zone,
                own_zone,
                meeting.ends_at if both else None,
            ),
            ends=f"{meeting.ends_at:%H:%M}" if meeting.ends_at and not both else "",
            visit=visit.title if visit else "",
            marking=marking_name(levels, meeting.marking),
            changed_on=show_date(meeting.updated_at.date()),
            partners=tuple(PartnerRef(pid, names.get(pid, "")) for pid in partners),
            attendance=tuple(
                sorted(
                    (
                        Attendee(
                            person_id=person.id or 0,
                            name=person.full_name,
                            position=person.position,
                            organisation=names.get(person.organisation_id or 0, ""),
                            side=attendance_row.side,
                            role=attendance_row.role,
                        )
                        for attendance_row, person in attendance
                    ),
                    key=lambda a: (a.side != "ours", role_order.get(a.role, 9), a.name),
                )
            ),
            topics=tuple(topics),
            notes=tuple(note_row(note, levels) for note in notes),
            action_items=tuple(
                action_item_row(item, names.get(item.partner_id or 0, ""), today)
                for item in actions
            ),
            proposals=tuple(
                meeting_proposal_row(p, names.get(p.partner_id or 0, "")) for p in proposals
            ),
        )


def meeting_as_input(detail: MeetingDetail, levels: Levels | None = None) -> MeetingInput:
    """The form values of an existing meeting; its marking read back with the department's
    `levels` (a new database's unless given)."""
    from db.dates import show_when_input
    from db.record_markings import NEW_DATABASE_LEVELS, rank_named

    return MeetingInput(
        title=detail.title,
        kind=detail.kind,
        starts=show_when_input(detail.starts_at, detail.date_precision),
        ends=f"{detail.ends_at:%H:%M}" if detail.ends_at else "",
        place=detail.place,
        status=detail.status,
        summary=detail.summary,
        visit_id=detail.visit_id,
        partner_ids=tuple(p.id for p in detail.partners),
        attendees=tuple(
            AttendeeInput(a.person_id, a.side, a.role, a.name) for a in detail.attendance
        ),
        topics=detail.topics,
        time_zone=detail.time_zone,
        marking=rank_named(levels or NEW_DATABASE_LEVELS, detail.marking),
    )


def next_meeting_input(detail: MeetingDetail, levels: Levels | None = None) -> MeetingInput:
    """A duplicate as the start of the next meeting: same people, partners, time zone and
    marking (read back with `levels`, as meeting_as_input does), new date. A meeting of a visit
    in the user's own zone names it: the copy is not moved to the zone of the visit's stop."""
    from dataclasses import replace

    zone = detail.time_zone or (user_zone() if detail.visit_id else "")
    return replace(
        meeting_as_input(detail, levels),
        starts="",
        ends="",
        status="planned",
        summary="",
        time_zone=zone,
    )
