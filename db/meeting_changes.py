"""Changes to meetings: create and update (row versions), with partners, attendees and topics."""

from datetime import date

from sqlalchemy import (
    delete,
    func,
    select,
    update,
)
from sqlalchemy.orm import Session

from db.clock import utcnow
from db.engine import Database
from db.errors import NotFound, StaleEdit
from db.meeting_input import MeetingInput
from db.models import (
    Attendance,
    Meeting,
    MeetingPartner,
    MeetingTopic,
    Organisation,
    Person,
    Topic,
)
from db.text import fold


def _topic_ids(session: Session, names: tuple[str, ...]) -> list[int]:
    """The topics of these names, found whatever their case ('interpol' is the topic
    'Interpol', named as it was first typed); new ones made as typed."""
    ids = []
    for name in names:
        candidates = session.scalars(
            select(Topic).where(func.fold(Topic.name) == fold(name)).order_by(Topic.id)
        ).all()
        same = [topic for topic in candidates if topic.name.casefold() == name.casefold()]
        topic = next((t for t in same if t.name == name), same[0] if same else None)
        if topic is None:
            topic = Topic(name=name)
            session.add(topic)
            session.flush()
        assert topic.id is not None
        ids.append(topic.id)
    return ids


def _write_links(session: Session, meeting_id: int, clean: MeetingInput) -> None:
    for table in (MeetingPartner, Attendance, MeetingTopic):
        session.execute(delete(table).where(table.meeting_id == meeting_id))
    for partner_id in clean.partner_ids:
        if session.get(Organisation, partner_id) is None:
            raise NotFound("A partner of this meeting was deleted meanwhile; nothing was saved.")
        session.add(MeetingPartner(meeting_id=meeting_id, organisation_id=partner_id))
    for attendee in clean.attendees:
        if session.get(Person, attendee.person_id) is None:
            raise NotFound(
                f"{attendee.name or 'An attendee'} was deleted meanwhile; nothing saved."
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


def _meeting_values(clean: MeetingInput) -> dict[str, object]:
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
    }


def create_meeting(database: Database, data: MeetingInput, today: date | None = None) -> int:
    """Save a new meeting with its partners, attendance and topics; returns its id."""
    clean = data.cleaned(today)

    def work(session: Session) -> int:
        meeting = Meeting(**_meeting_values(clean))
        session.add(meeting)
        session.flush()
        assert meeting.id is not None
        _write_links(session, meeting.id, clean)
        return meeting.id

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
        result = session.execute(
            update(Meeting)
            .where(Meeting.id == meeting_id, Meeting.version == expected_version)
            .values(**_meeting_values(clean), updated_at=utcnow(), version=expected_version + 1)
        )
        if result.rowcount == 0:
            if session.get(Meeting, meeting_id) is None:
                raise NotFound("This meeting was deleted by someone else; nothing was saved.")
            raise StaleEdit.of("meeting")
        _write_links(session, meeting_id, clean)

    database.write(work)
