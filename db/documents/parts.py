"""The parts a brief and a report share, read from the records: the cover, the written texts,
delegations in order of precedence, the programme and the checklist status.

Each part keeps only the records up to the export's level (`cut`, db.documents.cleared): a
record above it is left out and counted; what hangs off it goes with it uncounted.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlmodel import col

from db.checklists.queries import in_checklist_order
from db.countries import country_name
from db.dates import show_date, show_days
from db.documents.cleared import UpTo
from db.documents.item_sources import kept_items
from db.documents.shapes import (
    ChecklistSectionStatus,
    Cover,
    Delegations,
    PersonLine,
    ProgrammeItem,
    WrittenTexts,
)
from db.models import (
    Attendance,
    Brief,
    Checklist,
    ChecklistItem,
    Meeting,
    MeetingPartner,
    Organisation,
    Person,
    Visit,
    VisitLeg,
    VisitMember,
    id_col,
)
from db.vocab import ATTENDANCE_ROLES

_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
# Precedence within a side: head, member, role not known, note-taker, interpreter.
_ROLE_RANK = {role: rank for rank, role in enumerate(("head", "member", "", *ATTENDANCE_ROLES[2:]))}


def meeting_when(meeting: Meeting) -> str:
    """When a meeting takes place, at the local time of its place: 'Tue 8 Dec 2026 09:00–10:30
    (Europe/Vienna)'; only the year or month when that is all that is known."""
    starts = meeting.starts_at
    if starts is None:
        return "date not set"
    if meeting.date_precision in ("year", "month"):
        return show_date(starts, meeting.date_precision)
    day = f"{_WEEKDAYS[starts.weekday()]} {show_date(starts.date())}"
    if meeting.date_precision != "minute":
        return day
    time = f"{starts:%H:%M}" + (f"–{meeting.ends_at:%H:%M}" if meeting.ends_at else "")
    zone = f" ({meeting.time_zone})" if meeting.time_zone else ""
    return f"{day} {time}{zone}"


def written_brief(
    session: Session, *, visit_id: int | None = None, meeting_id: int | None = None
) -> Brief | None:
    """The texts the user wrote for the brief of a visit or of a meeting, if any."""
    column = col(Brief.visit_id) if visit_id is not None else col(Brief.meeting_id)
    wanted = visit_id if visit_id is not None else meeting_id
    return session.scalars(select(Brief).where(column == wanted)).first()


def written_texts(brief: Brief | None) -> WrittenTexts:
    """The four texts of a brief; empty ones when nothing was written."""
    if brief is None:
        return WrittenTexts("", "", "", "")
    return WrittenTexts(
        brief.purpose, brief.talking_points, brief.their_objectives, brief.press_line
    )


def organisations(session: Session, ids: Iterable[int | None]) -> dict[int, Organisation]:
    """These organisations by id."""
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    found = session.scalars(select(Organisation).where(col(Organisation.id).in_(wanted)))
    return {organisation.id or 0: organisation for organisation in found}


def person_line(
    cut: UpTo, person: Person, organisation: Organisation | None, role: str = ""
) -> PersonLine:
    """A person as a document lists them (without their organisation when it is above the
    level)."""
    return PersonLine(
        name=person.full_name,
        title=person.title,
        position=person.position,
        organisation=organisation.name if organisation and cut.keeps(organisation) else "",
        form_of_address=person.form_of_address,
        languages=person.languages,
        pronunciation=person.pronunciation,
        role=role,
    )


@dataclass
class _Seat:
    person: Person
    side: str
    role: str
    leads: bool


def visit_delegations(
    session: Session, cut: UpTo, visit: Visit, meeting_ids: Sequence[int]
) -> Delegations:
    """The visit's two delegations (its head and members, and who sat in `meeting_ids`)."""
    members = session.scalars(
        select(VisitMember).where(col(VisitMember.visit_id) == visit.id)
    ).all()
    return delegations(
        session,
        cut,
        head_person_id=visit.head_person_id,
        members=members,
        meeting_ids=meeting_ids,
    )


def delegations(
    session: Session,
    cut: UpTo,
    *,
    head_person_id: int | None,
    members: Sequence[VisitMember],
    meeting_ids: Sequence[int],
) -> Delegations:
    """Both sides, each in order of precedence: the visit's head first, then by role (head,
    member, not known, note-taker, interpreter), then by name. A person's side is the one they
    sat on in the meetings; for the others, ours when their organisation is our own."""
    attendance = [
        (attended, person)
        for attended, person in session.execute(
            select(Attendance, Person)
            .join(Person, col(Person.id) == col(Attendance.person_id))
            .where(col(Attendance.meeting_id).in_(meeting_ids))
            .order_by(col(Attendance.meeting_id))
        )
        if cut.keeps(person)
    ]
    listed = [member.person_id for member in members]
    if head_person_id is not None:
        listed.append(head_person_id)
    people = {
        person.id or 0: person
        for person in cut.kept(session.scalars(select(Person).where(col(Person.id).in_(listed))))
    }
    owners = organisations(
        session, (p.organisation_id for p in (*people.values(), *(r[1] for r in attendance)))
    )
    seats: dict[int, _Seat] = {}

    def seat(person: Person, side: str, role: str) -> None:
        known = seats.get(person.id or 0)
        if known is None:
            seats[person.id or 0] = _Seat(person, side, role, person.id == head_person_id)
        elif _ROLE_RANK.get(role, 9) < _ROLE_RANK.get(known.role, 9):
            known.role = role

    for attended, person in attendance:
        seat(person, attended.side, attended.role)
    for member in members:
        if member.person_id in people:
            seat(people[member.person_id], _side_of(people[member.person_id], owners), member.role)
    if head_person_id in people:
        seat(people[head_person_id], _side_of(people[head_person_id], owners), "head")
    ordered = sorted(
        seats.values(),
        key=lambda s: (not s.leads, _ROLE_RANK.get(s.role, 9), s.person.sort_name, s.person.id),
    )

    def side(name: str) -> tuple[PersonLine, ...]:
        return tuple(
            person_line(
                cut,
                s.person,
                owners.get(s.person.organisation_id or 0),
                "head" if s.leads else s.role,
            )
            for s in ordered
            if s.side == name
        )

    return Delegations(ours=side("ours"), theirs=side("theirs"))


def _side_of(person: Person, owners: dict[int, Organisation]) -> str:
    organisation = owners.get(person.organisation_id or 0)
    return "ours" if organisation is not None and organisation.is_own else "theirs"


def head_of(side: Sequence[PersonLine]) -> str:
    """The name of a side's head, '' when it has none recorded."""
    return side[0].name if side and side[0].role == "head" else ""


def visit_places(session: Session, cut: UpTo, visit_id: int) -> tuple[str, ...]:
    """The stops of a visit: 'Ministry of the Interior, Vienna, Austria (7–9 Oct 2025)'; a stop
    at an organisation above the level without its name."""
    legs = session.execute(
        select(VisitLeg, Organisation)
        .outerjoin(Organisation, col(Organisation.id) == col(VisitLeg.organisation_id))
        .where(col(VisitLeg.visit_id) == visit_id)
        .order_by(col(VisitLeg.position), col(VisitLeg.id))
    ).all()
    places = []
    for leg, organisation in legs:
        named = organisation is not None and cut.keeps(organisation)
        parts = [organisation.name if named else "", leg.city, country_name(leg.country)]
        place = ", ".join(part for part in parts if part)
        if leg.starts_on:
            place += f" ({show_days(leg.starts_on, leg.ends_on)})"
        places.append(place)
    return tuple(places)


def make_cover(
    *,
    title: str,
    dates: str,
    places: tuple[str, ...],
    visit: Visit | None,
    sides: Delegations,
    brief: Brief | None,
    prepared_by: str,
    today: date,
) -> Cover:
    """The cover of a document about a visit, or about a meeting (`visit` is the meeting's
    visit then, if it has one)."""
    return Cover(
        title=title,
        dates=dates,
        places=places,
        level=visit.level if visit else "",
        direction=visit.direction if visit else "",
        our_head=head_of(sides.ours),
        their_head=head_of(sides.theirs),
        prepared_on=show_date(today),
        prepared_by=prepared_by,
        handling=brief.handling if brief else "",
    )


def attendee_names(
    session: Session, cut: UpTo, meeting_ids: Sequence[int]
) -> dict[int, list[tuple[str, str]]]:
    """Who attended each meeting, as (side, 'Name (role)'), ours first, by role then name."""
    rows = session.execute(
        select(Attendance, Person)
        .join(Person, col(Person.id) == col(Attendance.person_id))
        .where(col(Attendance.meeting_id).in_(meeting_ids))
    ).all()
    rows = sorted(
        (row for row in rows if cut.keeps(row[1])),
        key=lambda r: (r[0].side != "ours", _ROLE_RANK.get(r[0].role, 9), r[1].sort_name),
    )
    names: dict[int, list[tuple[str, str]]] = {meeting_id: [] for meeting_id in meeting_ids}
    for attended, person in rows:
        label = f"{person.full_name} ({attended.role})" if attended.role else person.full_name
        names[attended.meeting_id].append((attended.side, label))
    return names


def programme(
    session: Session, cut: UpTo, meetings: Sequence[Meeting]
) -> tuple[ProgrammeItem, ...]:
    """The meetings of a programme (already up to the level) at their local times, with
    partners and attendees."""
    ids = [meeting.id or 0 for meeting in meetings]
    partners: dict[int, list[str]] = {meeting_id: [] for meeting_id in ids}
    for meeting_id, organisation in session.execute(
        select(col(MeetingPartner.meeting_id), Organisation)
        .join(Organisation, col(Organisation.id) == col(MeetingPartner.organisation_id))
        .where(col(MeetingPartner.meeting_id).in_(ids))
        .order_by(col(Organisation.name))
    ):
        if cut.keeps(organisation):
            partners[meeting_id].append(organisation.name)
    attendees = attendee_names(session, cut, ids)
    return tuple(
        ProgrammeItem(
            when=meeting_when(meeting),
            title=meeting.title,
            kind=meeting.kind,
            status=meeting.status,
            place=meeting.place,
            partners=", ".join(partners[meeting.id or 0]),
            attendees=tuple(label for _, label in attendees[meeting.id or 0]),
        )
        for meeting in meetings
    )


def checklist_status(
    session: Session, cut: UpTo, visit_id: int, today: date
) -> tuple[ChecklistSectionStatus, ...]:
    """Done, open and overdue items of each section of the visit's checklist (none without
    one), leaving out the items drawn from records above the level."""
    every = session.scalars(
        select(ChecklistItem)
        .join(Checklist, col(Checklist.id) == col(ChecklistItem.checklist_id))
        .where(col(Checklist.visit_id) == visit_id, col(ChecklistItem.dismissed).is_(False))
    ).all()
    items = kept_items(session, cut, every)
    return tuple(
        ChecklistSectionStatus(
            title=title,
            done=sum(item.done for item in of_section),
            open=sum(not item.done for item in of_section),
            overdue=sum(
                bool(not item.done and item.due_on and item.due_on < today) for item in of_section
            ),
        )
        for title, of_section in in_checklist_order(items).items()
    )


def partners_not_own(session: Session, ids: Iterable[int | None]) -> list[Organisation]:
    """The organisations among `ids` that are not our own, by name."""
    found = organisations(session, ids).values()
    return sorted((o for o in found if not o.is_own), key=lambda o: (o.name, o.id or 0))


def visit_partner_ids(session: Session, cut: UpTo, visit_id: int) -> list[int | None]:
    """The organisations of a visit's stops and of the partners of its meetings up to the
    level (our own included)."""
    stops = session.scalars(
        select(col(VisitLeg.organisation_id)).where(col(VisitLeg.visit_id) == visit_id)
    ).all()
    in_meetings = session.scalars(
        select(col(MeetingPartner.organisation_id))
        .join(Meeting, col(Meeting.id) == col(MeetingPartner.meeting_id))
        .where(col(Meeting.visit_id) == visit_id, cut.within(Meeting))
    ).all()
    return [*stops, *in_meetings]


def visit_meetings(session: Session, cut: UpTo, visit_id: int) -> list[Meeting]:
    """The meetings of a visit's programme up to the level, in time order (undated last)."""
    return cut.kept(
        session.scalars(
            select(Meeting)
            .where(col(Meeting.visit_id) == visit_id)
            .order_by(col(Meeting.starts_at).nulls_last(), id_col(Meeting.id))
        )
    )
