"""Reading a calendar file for a preview: the events found, their attendees matched to people,
and whether each is already here. Nothing is written; db.calendar.apply takes what is chosen."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlmodel import col

from db.calendar.events import FoundEvent, StopZone, found_events
from db.calendar.scan import scan_file
from db.engine import Database
from db.lookups import existing
from db.models import Meeting, Organisation, Person, Visit, VisitLeg, id_col
from db.text import clean_line, fold
from db.zones import zone_for_place

_LOOKUP_CHUNK = 500


@dataclass(frozen=True)
class AttendeeMatch:
    """An attendee of an event as the file names them, and the person found for them (by
    e-mail first, else by name), or None."""

    name: str
    email: str
    person_id: int | None
    person_name: str


@dataclass(frozen=True)
class EventPreview:
    """An event of the file as a meeting would hold it: wall-clock times in `time_zone`."""

    uid: str
    title: str
    starts_at: datetime
    ends_at: datetime | None
    time_zone: str
    all_day: bool
    place: str
    attendees: tuple[AttendeeMatch, ...]
    already_here: bool


@dataclass(frozen=True)
class CalendarPreview:
    """What a calendar file holds: where it came from, its events, and notes on what was done
    to them ("2 repeating events expanded within the visit's dates")."""

    source: str
    events: tuple[EventPreview, ...]
    notes: tuple[str, ...]


@dataclass(frozen=True)
class _Stop:
    starts_on: date | None
    ends_on: date | None
    zone: str


def read_calendar(
    database: Database, path: Path, *, visit_id: int | None = None
) -> CalendarPreview:
    """The events of the calendar file at `path`. Times given in UTC are shown in the local time
    of the visit's stop on that day, else in the user's zone; repeating events are expanded
    within the visit's days. CalendarFileRefused names the line or event that is wrong."""
    stops: list[_Stop] = []
    visit_days = None
    if visit_id is not None:
        with database.reading() as session:
            visit = existing(session, Visit, visit_id, f"Visit {visit_id} does not exist.")
            stops = _stops(session, visit_id)
            if visit.starts_on is not None and visit.date_precision == "day":
                visit_days = (visit.starts_on, visit.ends_on or visit.starts_on)
    scanned = scan_file(path)
    found = found_events(scanned, _stop_zone(stops), visit_days)
    with database.reading() as session:
        here = uids_here(session, [event.uid for event in found.events])
        people = _people(session, found.events)
    events = tuple(
        EventPreview(
            uid=event.uid,
            title=event.title,
            starts_at=event.starts_at,
            ends_at=event.ends_at,
            time_zone=event.time_zone,
            all_day=event.all_day,
            place=event.place,
            attendees=tuple(people.matched(name, email) for name, email in event.attendees),
            already_here=event.uid in here,
        )
        for event in found.events
    )
    return CalendarPreview(_source(path, scanned.producer), events, found.notes)


def _stops(session: Session, visit_id: int) -> list[_Stop]:
    rows = session.execute(
        select(VisitLeg, col(Organisation.country))
        .outerjoin(Organisation, col(Organisation.id) == col(VisitLeg.organisation_id))
        .where(col(VisitLeg.visit_id) == visit_id)
        .order_by(col(VisitLeg.position), col(VisitLeg.id))
    ).all()
    stops = []
    for leg, organisation_country in rows:
        zone = zone_for_place(leg.city, leg.country or organisation_country or "")
        if zone:
            stops.append(_Stop(leg.starts_on, leg.ends_on, zone))
    return stops


def _stop_zone(stops: Sequence[_Stop]) -> StopZone:
    def zone_on(day: date) -> str | None:
        for stop in stops:
            first = stop.starts_on or date.min
            if first <= day <= (stop.ends_on or stop.starts_on or date.max):
                return stop.zone
        return stops[0].zone if stops else None

    return zone_on


def _chunks(values: Sequence[str]) -> Iterable[Sequence[str]]:
    for start in range(0, len(values), _LOOKUP_CHUNK):
        yield values[start : start + _LOOKUP_CHUNK]


def uids_here(session: Session, uids: Sequence[str]) -> set[str]:
    """Which of these calendar UIDs a meeting here already has."""
    here: set[str] = set()
    for chunk in _chunks(sorted(set(uids))):
        here.update(
            session.scalars(
                select(col(Meeting.calendar_uid)).where(col(Meeting.calendar_uid).in_(chunk))
            )
        )
    return here


@dataclass(frozen=True)
class _People:
    """The people an import may mean: by lower-case e-mail, and by folded name."""

    by_email: dict[str, list[tuple[int, str]]]
    by_name: dict[str, list[tuple[int, str]]]

    def matched(self, name: str, email: str) -> AttendeeMatch:
        by_name = next(
            (found for form in name_forms(name) if (found := self.by_name.get(form))), []
        )
        for candidates in (self.by_email.get(email.lower(), []), by_name):
            if len(candidates) == 1:
                person_id, person_name = candidates[0]
                return AttendeeMatch(name, email, person_id, person_name)
            if candidates:
                break
        return AttendeeMatch(name, email, None, "")


def name_forms(name: str) -> tuple[str, ...]:
    """A name as people are written here, folded: as given, and "Webinger, Peter" (as
    Outlook writes a directory's names) also as "Peter Webinger"."""
    forms = [fold(name)] if name.strip() else []
    last, comma, first = name.partition(",")
    if comma and first.strip() and last.strip() and "," not in first:
        forms.append(fold(f"{first.strip()} {last.strip()}"))
    return tuple(forms)


def _people(session: Session, events: Sequence[FoundEvent]) -> _People:
    emails = sorted({email.lower() for event in events for _, email in event.attendees if email})
    names = sorted(
        {form for event in events for name, _ in event.attendees for form in name_forms(name)}
    )
    people = _People({}, {})
    for chunk in _chunks(emails):
        for person_id, full_name, email in session.execute(
            select(id_col(Person.id), col(Person.full_name), col(Person.email)).where(
                func.lower(col(Person.email)).in_(chunk)
            )
        ):
            people.by_email.setdefault(email.lower(), []).append((person_id, full_name))
    for chunk in _chunks(names):
        for person_id, full_name in session.execute(
            select(id_col(Person.id), col(Person.full_name)).where(
                func.fold(col(Person.full_name)).in_(chunk)
            )
        ):
            people.by_name.setdefault(fold(full_name), []).append((person_id, full_name))
    return people


def _source(path: Path, producer: str) -> str:
    """The file's name, and the program that wrote it ('Google Inc Google Calendar 70.9054')."""
    parts = [part.strip() for part in producer.split("//") if part.strip() not in ("", "-", "+")]
    if len(parts) > 1 and len(parts[-1]) == 2:
        parts.pop()  # the language of the PRODID
    program = clean_line(" ".join(parts))[:80]
    return f"{clean_line(path.name)} (from {program})" if program else clean_line(path.name)
