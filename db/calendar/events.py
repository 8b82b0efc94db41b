"""The events of a calendar file as meetings would hold them: title, place, attendees, and
start and end as wall-clock time in a named zone. Repeating events are expanded into a visit's
days; cancelled ones are left out. Needs no database: the zones of the visit's stops are given."""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from typing import Any, cast
from zoneinfo import ZoneInfo

from icalendar import Calendar, Component, Event, vCalAddress

from db.calendar.errors import UNREADABLE, CalendarFileRefused
from db.calendar.recurrence import occurrences
from db.calendar.scan import MAX_EVENTS, ScannedFile, shown
from db.calendar.zones import iana_zone, is_windows_zone, same_offsets
from db.text import clean_line, counted
from db.validation import LINE_MAX, NAME_MAX
from db.zones import user_zone

FIRST_YEAR = 1900
LAST_YEAR = 2200
UID_MAX = 255
# Each repeating event is walked from its first start: a file may hold only so many.
MAX_REPEATING = 20
UNTITLED = "Untitled event"
# Zone names that mean UTC: such times are shown in the local time of the place.
_UTC_NAMES = {"UTC", "Etc/UTC", "Etc/GMT", "GMT", "Etc/Universal", "Universal", "Etc/Zulu", "Zulu"}

# The zone of a visit's stop on a day, None when the visit has no stop there with a known zone.
StopZone = Callable[[date], str | None]


@dataclass(frozen=True)
class FoundEvent:
    """An event of the file, or one occurrence of a repeating one."""

    uid: str
    title: str
    starts_at: datetime
    ends_at: datetime | None
    time_zone: str
    all_day: bool
    place: str
    # (name, e-mail) of each attendee and of the organiser, as the file gives them.
    attendees: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class _Read:
    """One VEVENT read: the event, and what repeating needs."""

    event: FoundEvent
    component: Event
    line: int
    label: str
    # The occurrence of a repeating event this one changes ("" for an event of its own).
    recurrence_of: str
    cancelled: bool


@dataclass(frozen=True)
class FoundCalendar:
    events: tuple[FoundEvent, ...]
    notes: tuple[str, ...]


def found_events(
    scanned: ScannedFile, stop_zone: StopZone, visit_days: tuple[date, date] | None
) -> FoundCalendar:
    """The events of a file that passed the first look, in the order of the file."""
    calendar = _parsed(scanned.text)
    own_zones = {str(zone.get("TZID", "")) for zone in calendar.timezones}
    for part in calendar.walk():
        if part.name != "VEVENT":
            _refuse_broken(part, f"the {part.name}")
    reads: list[_Read] = []
    events_in_file = cast(list[Event], calendar.walk("VEVENT"))
    for component, line in zip(events_in_file, scanned.event_lines, strict=False):
        label = _label(component, line)
        _refuse_broken(component, label)
        try:
            reads.append(_read(component, line, label, stop_zone, own_zones))
        except UNREADABLE as error:
            raise CalendarFileRefused(label, f"it cannot be read ({shown(str(error))})") from None
    events, repeating = _expanded(reads, visit_days)
    cancelled = sum(read.cancelled for read in reads)
    if len(events) > MAX_EVENTS:
        raise CalendarFileRefused(
            "",
            f"the file holds {len(events):,} events once repeats are expanded; "
            f"at most {MAX_EVENTS} are read",
        )
    notes = []
    if repeating:
        notes.append(f"{counted(repeating, 'repeating event')} expanded within the visit's dates")
    if cancelled:
        notes.append(f"{counted(cancelled, 'cancelled event')} left out")
    todos = len(calendar.walk("VTODO"))
    if todos:
        notes.append(f"{counted(todos, 'to-do')} left out: only events become meetings")
    return FoundCalendar(events=tuple(events), notes=tuple(notes))


def _parsed(text: str) -> Calendar:
    try:
        calendar = Calendar.from_ical(text)
    except UNREADABLE as error:
        first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise CalendarFileRefused(
            "", f"the file cannot be read as a calendar ({shown(first)})"
        ) from None
    if calendar.name != "VCALENDAR":
        raise CalendarFileRefused("", "the file holds no calendar (VCALENDAR)")
    return calendar


def _label(component: Component, line: int) -> str:
    title = clean_line(str(component.get("SUMMARY", "")))
    uid = clean_line(str(component.get("UID", "")))
    named = f"the event {shown(title)}" if title else "the event"
    with_uid = f" (UID {shown(uid)}, line {line})" if uid else f" (line {line})"
    return named + with_uid


def _refuse_broken(component: Component, label: str) -> None:
    for name, problem in component.errors:
        what = f"its {name}" if name else "a line"
        raise CalendarFileRefused(label, f"{what} cannot be read ({problem})")


def _read(
    component: Event, line: int, label: str, stop_zone: StopZone, own_zones: set[str]
) -> _Read:
    if "DTSTART" not in component:
        raise CalendarFileRefused(label, "it has no start (DTSTART)")
    start_property: Any = component["DTSTART"]
    start_value: date | datetime = start_property.dt
    end_value: date | datetime | None = (
        component.end if "DTEND" in component or "DURATION" in component else None
    )
    for value in (start_value, end_value):
        if value is not None and not FIRST_YEAR <= value.year <= LAST_YEAR:
            raise CalendarFileRefused(
                label, f"the year {value.year} is outside {FIRST_YEAR}–{LAST_YEAR}"
            )
    tzid = str(start_property.params.get("TZID", ""))
    zone, written_in_zone = _zone(label, start_value, tzid, stop_zone, own_zones)
    all_day = not isinstance(start_value, datetime)
    starts_at = _wall(start_value, zone, written_in_zone)
    ends_at = None if end_value is None else _wall(end_value, zone, written_in_zone)
    if ends_at is not None and ends_at < starts_at:
        raise CalendarFileRefused(
            label,
            f"it ends ({ends_at:%Y-%m-%d %H:%M}) before it starts ({starts_at:%Y-%m-%d %H:%M})",
        )
    if all_day and ends_at is not None:
        # DTEND of a day-long event is the day after its last.
        last_day = max(starts_at, ends_at - timedelta(days=1))
        ends_at = None if last_day == starts_at else last_day
    uid = clean_line(str(component.get("UID", "")))
    if len(uid) > UID_MAX:
        raise CalendarFileRefused(
            label, f"its UID is {len(uid):,} characters long; at most {UID_MAX}"
        )
    title = _shortened(clean_line(str(component.get("SUMMARY", ""))), NAME_MAX) or UNTITLED
    event = FoundEvent(
        uid=uid or _made_up_uid(title, starts_at),
        title=title,
        starts_at=starts_at,
        ends_at=ends_at,
        time_zone=zone,
        all_day=all_day,
        place=_shortened(clean_line(str(component.get("LOCATION", ""))), LINE_MAX),
        attendees=_attendees(component),
    )
    recurrence_of = ""
    if "RECURRENCE-ID" in component:
        recurrence_id: Any = component["RECURRENCE-ID"]
        recurrence_of = _key(_wall(recurrence_id.dt, zone, False))
    cancelled = str(component.get("STATUS", "")).upper() == "CANCELLED"
    return _Read(event, component, line, label, recurrence_of, cancelled)


def _zone(
    label: str, value: date | datetime, tzid: str, stop_zone: StopZone, own_zones: set[str]
) -> tuple[str, bool]:
    """The zone of an event's times, and whether they are written in its wall-clock time."""
    day = value.date() if isinstance(value, datetime) else value
    local = stop_zone(day) or user_zone()
    if not isinstance(value, datetime) or (value.tzinfo is None and not tzid):
        return local, True
    if tzid:
        named = iana_zone(tzid)
        if named in _UTC_NAMES:
            return local, False
        if named is not None:
            if is_windows_zone(tzid) and same_offsets(local, named, value.replace(tzinfo=None)):
                return local, True
            return named, True
        if tzid not in own_zones or value.tzinfo is None:
            raise CalendarFileRefused(label, f"it uses the unknown time zone {shown(tzid)}")
    return local, False


def _wall(value: date | datetime, zone: str, written_in_zone: bool) -> datetime:
    """Wall-clock time in `zone`, to the minute."""
    if not isinstance(value, datetime):
        return datetime.combine(value, time())
    if value.tzinfo is not None and not written_in_zone:
        value = value.astimezone(ZoneInfo(zone))
    return value.replace(tzinfo=None, second=0, microsecond=0)


def _attendees(component: Event) -> tuple[tuple[str, str], ...]:
    people: dict[str, tuple[str, str]] = {}
    organiser = component.get("ORGANIZER")
    for address in [*component.attendees, *([organiser] if organiser is not None else [])]:
        if not isinstance(address, vCalAddress):
            continue
        email = clean_line(address.email) if "@" in address.email else ""
        name = _shortened(clean_line(str(address.params.get("CN", ""))), NAME_MAX)
        if name or email:
            people.setdefault(email.casefold() or name, (name, email))
    return tuple(people.values())


def _expanded(
    reads: list[_Read], visit_days: tuple[date, date] | None
) -> tuple[list[FoundEvent], int]:
    """Every event once, repeating ones as their occurrences within the visit's days, an
    occurrence moved, changed or cancelled (RECURRENCE-ID) as the file says; cancelled events
    left out."""
    changed = {(read.event.uid, read.recurrence_of): read for read in reads if read.recurrence_of}
    seen: dict[str, _Read] = {}
    events: list[FoundEvent] = []
    placed: set[tuple[str, str]] = set()
    repeating = 0
    for read in reads:
        if read.recurrence_of:
            continue
        if read.event.uid in seen:
            raise CalendarFileRefused(
                read.label,
                f"its UID is also the UID of the event on line {seen[read.event.uid].line}",
            )
        seen[read.event.uid] = read
        component = read.component
        if "RRULE" not in component and "RDATE" not in component:
            if not read.cancelled:
                events.append(read.event)
            continue
        if visit_days is None:
            raise CalendarFileRefused(
                read.label, "it repeats; choose a visit with dates to expand it within them"
            )
        repeating += 1
        if repeating > MAX_REPEATING:
            raise CalendarFileRefused(
                read.label, f"the file holds more than {MAX_REPEATING} repeating events"
            )
        if not read.cancelled:
            events.extend(_occurrences(read, visit_days, changed, placed))
    for (uid, key), read in changed.items():
        master = seen.get(uid)
        if (uid, key) in placed or read.cancelled or (master is not None and master.cancelled):
            continue
        # An occurrence moved into the visit's days from a day outside them.
        moved_in = (
            visit_days is not None and visit_days[0] <= read.event.starts_at.date() <= visit_days[1]
        )
        if master is None or moved_in:
            events.append(replace(read.event, uid=f"{uid}/{key}"))
    return events, repeating


def _occurrences(
    read: _Read,
    visit_days: tuple[date, date],
    changed: dict[tuple[str, str], _Read],
    placed: set[tuple[str, str]],
) -> list[FoundEvent]:
    """The occurrences of a repeating event on the visit's days, as changed by the file;
    the changes used are added to `placed`."""
    event, component = read.event, read.component
    zone = event.time_zone
    length = None if event.ends_at is None else event.ends_at - event.starts_at
    try:
        extra = [_wall(start, zone, False) for start, _end in component.rdates]
        excluded = [_wall(moment, zone, False) for moment in component.exdates]
        starts = occurrences(
            read.label, event.starts_at, zone, component.rrules, extra, excluded, visit_days
        )
    except UNREADABLE as error:
        raise CalendarFileRefused(
            read.label,
            f"its repetition (RRULE, RDATE, EXDATE) cannot be read ({shown(str(error))})",
        ) from None
    found = []
    for start in starts:
        key = _key(start)
        uid = f"{event.uid}/{key}"
        change = changed.get((event.uid, key))
        if change is not None:
            placed.add((event.uid, key))
        if change is None:
            ends_at = None if length is None else start + length
            found.append(replace(event, uid=uid, starts_at=start, ends_at=ends_at))
        elif not change.cancelled:
            found.append(replace(change.event, uid=uid))
    return found


def _key(moment: datetime) -> str:
    return f"{moment:%Y%m%dT%H%M}"


def _made_up_uid(title: str, starts_at: datetime) -> str:
    """A UID for an event that has none: the same event gets the same one on every import."""
    digest = hashlib.sha256(f"{title}\n{starts_at.isoformat()}".encode()).hexdigest()[:32]
    return f"{digest}@imported"


def _shortened(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
