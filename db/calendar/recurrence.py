"""Repeating events (RRULE, RDATE, EXDATE) expanded into the days of a visit, in the wall-clock
time of the event's zone, so that a weekly 10:00 stays at 10:00 across a change of summer time."""

from collections.abc import Iterable, Iterator
from datetime import MAXYEAR, date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr  # type: ignore[import-untyped]
from icalendar import vRecur

from db.calendar.errors import CalendarFileRefused

MAX_OCCURRENCES = 100
# Occurrences walked through before the visit's first day: a daily rule begun in 1900 is refused.
MAX_EARLIER = 20_000
_TOO_FREQUENT = {"SECONDLY": "every second", "MINUTELY": "every minute"}
# The Gregorian calendar repeats itself, weekdays and leap years included, every 400 years.
_CYCLE = 400


def occurrences(
    place: str,
    start: datetime,
    zone: str,
    rules: Iterable[vRecur],
    extra: Iterable[datetime],
    excluded: Iterable[datetime],
    days: tuple[date, date],
) -> list[datetime]:
    """The starts of a repeating event that fall on the days given (first and last included),
    `start` and the dates in wall-clock time of `zone`; CalendarFileRefused naming `place`
    when the rule repeats too often to be expanded."""
    first_day, last_day = days
    starts = {start, *extra}
    for rule in rules:
        starts.update(_rule_starts(place, rule, start, zone, days))
    found = sorted(
        moment for moment in starts - set(excluded) if first_day <= moment.date() <= last_day
    )
    if len(found) > MAX_OCCURRENCES:
        raise _too_many(place)
    return found


def _too_many(place: str) -> CalendarFileRefused:
    return CalendarFileRefused(
        place, f"it repeats more than {MAX_OCCURRENCES} times within the visit's dates"
    )


def _rule_starts(
    place: str, rule: vRecur, start: datetime, zone: str, days: tuple[date, date]
) -> list[datetime]:
    """The starts one rule gives on the days, walked no further than the last day.

    dateutil walks a rule that never matches (the 30th of February) to the year 9999; the rule
    is walked as many 400-year cycles later as fit, so that only a few centuries are left."""
    values = dict(rule)
    frequency = str(values.get("FREQ", [""])[0]).upper()
    if frequency in _TOO_FREQUENT:
        raise CalendarFileRefused(place, f"it repeats {_TOO_FREQUENT[frequency]}")
    count = int(values.pop("COUNT")[0]) if "COUNT" in values else None
    first_day, last_day = days
    if start.date() > last_day:
        return []
    last = datetime.combine(last_day, time.max.replace(microsecond=0))
    until = values.get("UNTIL")
    years = _CYCLE * ((MAXYEAR - last_day.year) // _CYCLE)
    end = min(_until(until[0], zone), last) if until else last
    values["UNTIL"] = [end.replace(year=end.year + years)]
    encoded: Any = vRecur(values)
    rule_text = encoded.to_ical().decode()
    later = _walk(rrulestr(rule_text, dtstart=start.replace(year=start.year + years)))
    found: list[datetime] = []
    for index, moved in enumerate(later):
        moment = moved.replace(year=moved.year - years)
        if count is not None and index >= count:
            break
        if moment.date() < first_day:
            if index >= MAX_EARLIER:
                raise CalendarFileRefused(
                    place, "it repeats too often before the visit's first day to be expanded"
                )
            continue
        found.append(moment)
        if len(found) > MAX_OCCURRENCES:
            raise _too_many(place)
    return found


def _walk(rule: Any) -> Iterator[datetime]:
    """The rule's starts in order (dateutil is untyped)."""
    yield from rule


def _until(value: date | datetime, zone: str) -> datetime:
    if not isinstance(value, datetime):
        return datetime.combine(value, time.max.replace(microsecond=0))
    if value.tzinfo is None:
        return value
    return value.astimezone(ZoneInfo(zone)).replace(tzinfo=None)
