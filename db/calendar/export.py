"""A visit's programme as a calendar file: an event per meeting, in the zone where it happens,
and a to-do per open item of its checklist. A meeting keeps its UID from one export to the next
and its SEQUENCE rises with every change, so that a calendar updates it instead of adding it.

Exported up to a handling marking, records above it are left out; the calendar names the
highest marking it holds (X-BILATERAL-MARKING), and an event holding anything above the lowest
level is CLASS:CONFIDENTIAL (only a coarse flag: calendars know no other levels)."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Todo, vCalAddress
from icalendar.enums import CLASS, STATUS
from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlmodel import col

from db.calendar.errors import CalendarExportFailed
from db.calendar.zones import zone_or_user
from db.clock import utcnow
from db.documents.cleared import UpTo
from db.documents.item_sources import kept_items
from db.engine import Database
from db.files import write_atomically
from db.lookups import existing
from db.models import (
    Attendance,
    Checklist,
    ChecklistItem,
    Meeting,
    MeetingPartner,
    MeetingTopic,
    Organisation,
    Person,
    Topic,
    Visit,
)
from db.text import clean_line

PRODUCT_ID = "-//bilateral//bilateral calendar//EN"
# A meeting without an end is shown as this long.
DEFAULT_LENGTH = timedelta(hours=1)
# Visits whose planned meetings are firm; the others' are tentative.
_FIRM_VISITS = ("confirmed", "under way", "completed")
MARKING_PROPERTY = "X-BILATERAL-MARKING"


@dataclass(frozen=True)
class CalendarWritten:
    """A calendar file written: where, how many events and to-dos it holds, the highest
    handling marking among them, and how many records above the level were left out."""

    path: Path
    events: int
    todos: int
    marking: str = ""
    left_out: int = 0


@dataclass(frozen=True)
class _Built:
    calendar: Calendar
    events: int
    todos: int
    cut: UpTo


def calendar_bytes(
    database: Database, visit_id: int, now: datetime | None = None, up_to: int | None = None
) -> bytes:
    """The visit's programme and open checklist items as an iCalendar file, up to the handling
    marking of rank `up_to` (None: every record). AboveTheLevel for a visit marked above it."""
    return bytes(_build(database, visit_id, now, up_to).calendar.to_ical())


def export_calendar(
    database: Database, visit_id: int, target: Path, up_to: int | None = None
) -> CalendarWritten:
    """Write the visit's calendar file (as calendar_bytes) to `target`, readable by the user
    only; an existing file is replaced whole or left as it was."""
    built = _build(database, visit_id, None, up_to)
    try:
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        write_atomically(target, bytes(built.calendar.to_ical()))
    except OSError as error:
        reason = (error.strerror or str(error)).lower()
        raise CalendarExportFailed(
            f"The calendar could not be written to {target} ({reason}); nothing was changed."
        ) from None
    return CalendarWritten(
        path=target,
        events=built.events,
        todos=built.todos,
        marking=built.cut.marking,
        left_out=built.cut.left_out,
    )


def _build(database: Database, visit_id: int, now: datetime | None, up_to: int | None) -> _Built:
    stamp = now or utcnow()
    stamp = stamp.replace(tzinfo=UTC) if stamp.tzinfo is None else stamp.astimezone(UTC)
    with database.reading() as session:
        visit = existing(session, Visit, visit_id, f"Visit {visit_id} does not exist.")
        cut = UpTo.read(session, up_to)
        cut.refuse_above(visit, f"Visit {visit_id}")
        dated = session.scalars(
            select(Meeting)
            .where(
                col(Meeting.visit_id) == visit_id,
                col(Meeting.starts_at).is_not(None),
                col(Meeting.date_precision).in_(("day", "minute")),
            )
            .order_by(col(Meeting.starts_at), col(Meeting.id))
        ).all()
        meetings = cut.kept(dated)
        details = _Details(session, [meeting.id for meeting in meetings], cut)
        firm = visit.status in _FIRM_VISITS
        events = [_event(meeting, details, firm, visit, stamp) for meeting in meetings]
        todos = [
            _todo(item, stamp) for item in kept_items(session, cut, _open_items(session, visit_id))
        ]
        title = clean_line(visit.title)
    calendar = Calendar.new(
        prodid=PRODUCT_ID,
        method="PUBLISH",
        name=title,
        uid=f"visit-{visit_id}@bilateral",
        description=cut.left_out_sentence() or None,
    )
    calendar.add(MARKING_PROPERTY, cut.marking)
    for component in (*events, *todos):
        calendar.add_component(component)
    years = [event.start.year for event in events] or [stamp.year]
    calendar.add_missing_timezones(
        first_date=date(min(years), 1, 1), last_date=date(max(years), 12, 31)
    )
    return _Built(calendar, len(events), len(todos), cut)


class _Details:
    """The partners, topics and attendees (with an e-mail) of the meetings, by meeting, each
    partner and attendee up to the level; `markings` the highest of those kept, by meeting."""

    def __init__(self, session: Session, meeting_ids: list[int | None], cut: UpTo) -> None:
        self.partners: dict[int, list[str]] = {}
        self.topics: dict[int, list[str]] = {}
        self.attendees: dict[int, list[vCalAddress]] = {}
        self.markings: dict[int, int] = {}
        for meeting_id, organisation in session.execute(
            select(col(MeetingPartner.meeting_id), Organisation)
            .join(Organisation, col(Organisation.id) == col(MeetingPartner.organisation_id))
            .where(col(MeetingPartner.meeting_id).in_(meeting_ids))
            .order_by(col(Organisation.name))
        ):
            if self._keeps(cut, meeting_id, organisation):
                self.partners.setdefault(meeting_id, []).append(clean_line(organisation.name))
        for meeting_id, name in session.execute(
            select(col(MeetingTopic.meeting_id), col(Topic.name))
            .join(Topic, col(Topic.id) == col(MeetingTopic.topic_id))
            .where(col(MeetingTopic.meeting_id).in_(meeting_ids))
            .order_by(col(Topic.name))
        ):
            self.topics.setdefault(meeting_id, []).append(clean_line(name))
        for meeting_id, person, role in session.execute(
            select(col(Attendance.meeting_id), Person, col(Attendance.role))
            .join(Person, col(Person.id) == col(Attendance.person_id))
            .where(col(Attendance.meeting_id).in_(meeting_ids), col(Person.email) != "")
            .order_by(col(Attendance.side), col(Attendance.role) != "head", col(Person.sort_name))
        ):
            if self._keeps(cut, meeting_id, person):
                self.attendees.setdefault(meeting_id, []).append(
                    vCalAddress.new(
                        clean_line(person.email),
                        cn=clean_line(person.full_name),
                        role="CHAIR" if role == "head" else "REQ-PARTICIPANT",
                    )
                )

    def _keeps(self, cut: UpTo, meeting_id: int, record: Organisation | Person) -> bool:
        if not cut.keeps(record):
            return False
        self.markings[meeting_id] = max(self.markings.get(meeting_id, 0), record.marking)
        return True


def _event(meeting: Meeting, details: _Details, firm: bool, visit: Visit, stamp: datetime) -> Event:
    start: date | datetime
    end: date | datetime
    assert meeting.starts_at is not None and meeting.id is not None
    if meeting.date_precision == "day":
        start = meeting.starts_at.date()
        last = meeting.ends_at.date() if meeting.ends_at else start
        end = max(start, last) + timedelta(days=1)
    else:
        zone = ZoneInfo(zone_or_user(meeting.time_zone))
        start = meeting.starts_at.replace(tzinfo=zone)
        end = max(meeting.ends_at or meeting.starts_at + DEFAULT_LENGTH, meeting.starts_at)
        end = end.replace(tzinfo=zone)
    lines = [
        f"Kind: {meeting.kind}",
        f"Partners: {', '.join(details.partners.get(meeting.id, []))}",
        f"Topics: {', '.join(details.topics.get(meeting.id, []))}",
        f"Visit: {clean_line(visit.title)}",
    ]
    marking = max(meeting.marking, visit.marking, details.markings.get(meeting.id, 0))
    return Event.new(
        uid=meeting.calendar_uid,
        summary=clean_line(meeting.title),
        start=start,
        end=end,
        sequence=meeting.version - 1,
        stamp=stamp,
        location=clean_line(meeting.place) or None,
        description="\n".join(line for line in lines if not line.endswith(": ")),
        status=_status(meeting.status, firm),
        attendees=details.attendees.get(meeting.id, []),
        classification=CLASS.CONFIDENTIAL if marking > 0 else None,
    )


def _status(status: str, firm: bool) -> STATUS:
    if status == "cancelled":
        return STATUS.CANCELLED
    if status == "held" or firm:
        return STATUS.CONFIRMED
    return STATUS.TENTATIVE


def _open_items(session: Session, visit_id: int) -> list[ChecklistItem]:
    return list(
        session.scalars(
            select(ChecklistItem)
            .join(Checklist, col(Checklist.id) == col(ChecklistItem.checklist_id))
            .where(
                col(Checklist.visit_id) == visit_id,
                col(ChecklistItem.done).is_(False),
                col(ChecklistItem.dismissed).is_(False),
            )
            .order_by(col(ChecklistItem.position), col(ChecklistItem.id))
        )
    )


def _todo(item: ChecklistItem, stamp: datetime) -> Todo:
    details = [f"Section: {clean_line(item.section)}"]
    if item.owner:
        details.append(f"Owner: {clean_line(item.owner)}")
    todo = Todo.new(
        uid=f"checklist-{item.checklist_id}-item-{item.id}@bilateral",
        summary=clean_line(item.text),
        description="\n".join(details),
        categories=[clean_line(item.section)],
        sequence=item.version - 1,
        stamp=stamp,
        status=STATUS.NEEDS_ACTION,
    )
    if item.due_on is not None:
        todo.DUE = item.due_on
    return todo
