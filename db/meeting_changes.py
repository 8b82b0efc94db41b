"""Changes to meetings: create and update (row versions), with partners, attendees and topics."""

from datetime import date
from typing import Any

from sqlalchemy import (
    delete,
    func,
    select,
)
from sqlalchemy.orm import Session
from sqlmodel import col

from db.engine import Database
from db.lookups import added, existing
from db.meeting_input import MeetingInput
from db.models import (
    Attendance,
    Meeting,
    MeetingPartner,
    MeetingTopic,
    Organisation,
    Person,
    Topic,
    require_id,
)
from db.record_markings import checked_marking
from db.text import fold
from db.versioned import update_versioned
from db.visit_zones import visit_stop_zones
from db.zones import zone_on


def _topic_ids(session: Session, names: tuple[str, ...]) -> list[int]:
    """The topics of these names, found whatever their case ('interpol' is the topic
    'Interpol', named as it was first typed); new ones made as typed."""
    ids = []
    for name in names:
        candidates = session.scalars(
            select(Topic).where(func.fold(col(Topic.name)) == fold(name)).order_by(col(Topic.id))
        ).all()
        same = [topic for topic in candidates if topic.name.casefold() == name.casefold()]
        topic = next((t for t in same if t.name == name), same[0] if same else None)
        ids.append(require_id(topic) if topic else added(session, Topic(name=name)))
    return ids


def _write_links(session: Session, meeting_id: int, clean: MeetingInput) -> None:
    for table in (MeetingPartner, Attendance, MeetingTopic):
        session.execute(delete(table).where(col(table.meeting_id) == meeting_id))
    for partner_id in clean.partner_ids:
        existing(
            session,
            Organisation,
            partner_id,
            "A partner of this meeting was deleted meanwhile; nothing was saved.",
        )
        session.add(MeetingPartner(meeting_id=meeting_id, organisation_id=partner_id))
    for attendee in clean.attendees:
        existing(
            session,
            Person,
            attendee.person_id,
            f"{attendee.name or 'An attendee'} was deleted meanwhile; nothing saved.",
        )
        session.add(
            Attendance(
                meeting_id=meeting_id,
                person_id=attendee.person_id,
                side=attendee.side,
                role=attendee.role,
            )
        )
    for topic_id in _topic_ids(session, clean.topics):
        session.add(MeetingTopic(meeting_id=meeting_id, topic_id=topic_id))


def _meeting_values(clean: MeetingInput) -> dict[str, Any]:
    start = clean.start_when
    return {
        "title": clean.title,
        "kind": clean.kind,
        "starts_at": start.value if start else None,
        "date_precision": start.precision if start else "minute",
        "ends_at": clean.end_at,
        "place": clean.place,
        "status": clean.status,
        "summary": clean.summary,
        "visit_id": clean.visit_id,
        "time_zone": clean.time_zone,
        "marking": clean.marking,
    }


def _zone_of_new_meeting(session: Session, clean: MeetingInput) -> str:
    """The zone given, else that of the visit's stop on the meeting's day ("" if none)."""
    if clean.time_zone or clean.visit_id is None:
        return clean.time_zone
    start = clean.start_when
    day = start.value.date() if start and start.precision in ("day", "minute") else None
    return zone_on(visit_stop_zones(session, clean.visit_id), day)


def create_meeting(database: Database, data: MeetingInput, today: date | None = None) -> int:
    """Save a new meeting with its partners, attendance and topics; returns its id. A meeting
    of a visit given no zone takes the zone of the visit's stop on its day."""
    clean = data.cleaned(today)

    def work(session: Session) -> int:
        checked_marking(session, clean.marking)
        values = {**_meeting_values(clean), "time_zone": _zone_of_new_meeting(session, clean)}
        meeting_id = added(session, Meeting(**values))
        _write_links(session, meeting_id, clean)
        return meeting_id

    return database.write(work)


def update_meeting(
    database: Database,
    meeting_id: int,
    expected_version: int,
    data: MeetingInput,
    today: date | None = None,
) -> None:
    """Save changes to a meeting; StaleEdit when someone saved it since it was opened."""
    clean = data.cleaned(today)

    def work(session: Session) -> None:
        checked_marking(session, clean.marking)
        update_versioned(
            session, Meeting, meeting_id, expected_version, _meeting_values(clean), "meeting"
        )
        _write_links(session, meeting_id, clean)

    database.write(work)
