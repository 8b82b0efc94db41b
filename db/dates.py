"""Dates and times typed the way officials type them, unambiguous or refused in words.

Accepted: `2025-10-07 14:30`, `2025-10-07`, `7.10.2025`, `7.10.2025 14:30`, `7 Oct 2025`,
`Oct 2025`, `10.2025`, `2025`, `today`, `tomorrow 9:00`, `yesterday`, `in 6 weeks`,
`in 60 days`, `in 3 months`, `next friday`, `next monday 9:00`. Slashes are refused:
`7/10/2025` is the 7th of October in Vienna and the 10th of July in Washington.
"""

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from db.errors import Invalid

_MONTH_ABBREVIATIONS = [
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
]
_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_TIME = r"(?:\s+(?P<hour>\d{1,2})[:.h](?P<minute>\d{2}))?"
_PATTERNS = (
    re.compile(r"(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})" + _TIME),
    re.compile(r"(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P<year>\d{4})" + _TIME),
    re.compile(r"(?P<day>\d{1,2})\s+(?P<mname>[a-z]+)\.?\s+(?P<year>\d{4})" + _TIME),
)
_MONTH_ONLY = (
    re.compile(r"(?P<mname>[a-z]+)\.?\s+(?P<year>\d{4})"),
    re.compile(r"(?P<month>\d{1,2})\.(?P<year>\d{4})"),
    re.compile(r"(?P<year>\d{4})-(?P<month>\d{1,2})"),
)
_RELATIVE = re.compile(r"(?P<word>today|tomorrow|yesterday)" + _TIME)
_WEEKDAYS = {
    name: number
    for number, names in enumerate(
        (
            ("mon", "monday"),
            ("tue", "tues", "tuesday"),
            ("wed", "wednesday"),
            ("thu", "thur", "thurs", "thursday"),
            ("fri", "friday"),
            ("sat", "saturday"),
            ("sun", "sunday"),
        )
    )
    for name in names
}
# "next friday": the first Friday after today (a week ahead when today is a Friday).
_NEXT_WEEKDAY = re.compile(r"next\s+(?P<weekday>" + "|".join(_WEEKDAYS) + ")" + _TIME)
_IN_SOME = re.compile(r"in\s+(?P<count>\d{1,4}|a|an|one)\s+(?P<unit>day|week|month)s?" + _TIME)
_YEAR = re.compile(r"(?P<year>\d{4})")

EXAMPLES = "e.g. 2025-10-07 14:30, 7.10.2025, tomorrow 9:00, next friday, in 6 weeks, Oct 2025"
YEAR_RANGE = (1900, 2200)


@dataclass(frozen=True)
class When:
    """A moment and how much of it is known (year, month, day or minute)."""

    value: datetime
    precision: str

    def __str__(self) -> str:
        return show_date(self.value, self.precision)


def _refuse(field: str, text: str, why: str) -> Invalid:
    return Invalid({field: f"“{text}” {why} ({EXAMPLES})"})


def _month(field: str, text: str, match: re.Match[str]) -> int:
    if match.groupdict().get("mname"):
        try:
            return _MONTHS[match["mname"]]
        except KeyError:
            raise _refuse(field, text, f"has no month called “{match['mname']}”") from None
    return int(match["month"])


def _build(field: str, text: str, year: int, month: int, day: int, match: re.Match[str]) -> When:
    if not YEAR_RANGE[0] <= year <= YEAR_RANGE[1]:
        raise _refuse(field, text, f"is outside the years {YEAR_RANGE[0]}–{YEAR_RANGE[1]}")
    if not 1 <= month <= 12:
        raise _refuse(field, text, f"has no month {month}")
    try:
        day_value = date(year, month, day)
    except ValueError:
        days = calendar.monthrange(year, month)[1]
        name = calendar.month_name[month]
        raise _refuse(field, text, f"does not exist: {name} {year} has {days} days") from None
    if match["hour"] is None:
        return When(datetime.combine(day_value, time()), "day")
    hour, minute = int(match["hour"]), int(match["minute"])
    if hour > 23 or minute > 59:
        raise _refuse(field, text, f"has no time {hour}:{minute:02d}")
    return When(datetime.combine(day_value, time(hour, minute)), "minute")


def parse_when(text: str, *, today: date | None = None, field: str = "when") -> When:
    """Parse a date (and time) as typed; raise Invalid with a message in words."""
    raw = " ".join(text.split())
    lowered = raw.lower()
    if not lowered:
        raise Invalid({field: f"is empty: type a date ({EXAMPLES})"})
    if "/" in lowered:
        raise _refuse(field, raw, "is ambiguous: write the day first with dots (7.10.2025) or ISO")
    today = today or date.today()
    if match := _RELATIVE.fullmatch(lowered):
        offset = {"today": 0, "tomorrow": 1, "yesterday": -1}[match["word"]]
        day_value = today + timedelta(days=offset)
        return _build(field, raw, day_value.year, day_value.month, day_value.day, match)
    if match := _NEXT_WEEKDAY.fullmatch(lowered):
        weekday = _WEEKDAYS[match["weekday"]]
        day_value = today + timedelta(days=(weekday - today.weekday() - 1) % 7 + 1)
        return _build(field, raw, day_value.year, day_value.month, day_value.day, match)
    if match := _IN_SOME.fullmatch(lowered):
        day_value = _later(today, match["count"], match["unit"])
        return _build(field, raw, day_value.year, day_value.month, day_value.day, match)
    for pattern in _PATTERNS:
        if match := pattern.fullmatch(lowered):
            month = _month(field, raw, match)
            return _build(field, raw, int(match["year"]), month, int(match["day"]), match)
    for pattern in _MONTH_ONLY:
        if match := pattern.fullmatch(lowered):
            month = _month(field, raw, match)
            year = int(match["year"])
            if not 1 <= month <= 12:
                raise _refuse(field, raw, f"has no month {month}")
            if not YEAR_RANGE[0] <= year <= YEAR_RANGE[1]:
                raise _refuse(field, raw, f"is outside the years {YEAR_RANGE[0]}–{YEAR_RANGE[1]}")
            return When(datetime(year, month, 1), "month")
    if match := _YEAR.fullmatch(lowered):
        year = int(match["year"])
        if not YEAR_RANGE[0] <= year <= YEAR_RANGE[1]:
            raise _refuse(field, raw, f"is outside the years {YEAR_RANGE[0]}–{YEAR_RANGE[1]}")
        return When(datetime(year, 1, 1), "year")
    raise _refuse(field, raw, "is not a date bilateral understands")


def _later(today: date, count: str, unit: str) -> date:
    """`today` moved on by `count` days, weeks or months (a month's last day when the day of
    the month does not exist there: in 1 month from 31 January is 28 or 29 February)."""
    number = 1 if count in ("a", "an", "one") else int(count)
    if unit == "day":
        return today + timedelta(days=number)
    if unit == "week":
        return today + timedelta(weeks=number)
    months = today.year * 12 + today.month - 1 + number
    year, month = divmod(months, 12)
    month += 1
    if year > YEAR_RANGE[1]:
        return date(YEAR_RANGE[1] + 1, 1, 1)  # refused by _build as outside the years
    return date(year, month, min(today.day, calendar.monthrange(year, month)[1]))


def parse_day(text: str, *, today: date | None = None, field: str = "due") -> date:
    """A calendar day (no time, no partial dates): due dates."""
    when = parse_when(text, today=today, field=field)
    if when.precision in ("year", "month"):
        raise Invalid({field: f"“{text.strip()}” is not a single day ({EXAMPLES})"})
    return when.value.date()


def show_when_input(value: datetime | None, precision: str) -> str:
    """How a stored moment is put back into a form field, so it parses to the same value."""
    if value is None:
        return ""
    if precision == "year":
        return f"{value.year}"
    if precision == "month":
        return f"{value.year}-{value.month:02d}"
    if precision == "day":
        return f"{value:%Y-%m-%d}"
    return f"{value:%Y-%m-%d %H:%M}"


def read_as(text: str, *, today: date | None = None, day_only: bool = False) -> str:
    """How a form reads a typed date, in the app's display format ('read as 7 Jan 2027',
    'read as Oct 2025'); '' when it does not parse (the field's error says why)."""
    if not text.strip():
        return ""
    try:
        when = parse_when(text, today=today)
    except Invalid:
        return ""
    if day_only:
        if when.precision in ("year", "month"):
            return ""
        return f"read as {show_date(when.value.date())}"
    return f"read as {when}"


def show_date(value: date | datetime | None, precision: str = "day") -> str:
    """'2025', 'Oct 2025', '7 Oct 2025' or '7 Oct 2025 14:30', by what is known."""
    if value is None:
        return ""
    if precision == "year":
        return f"{value.year}"
    month = _MONTH_ABBREVIATIONS[value.month - 1]
    if precision == "month":
        return f"{month} {value.year}"
    day = f"{value.day} {month} {value.year}"
    if precision == "minute" and isinstance(value, datetime):
        return f"{day} {value:%H:%M}"
    return day


def show_milestone(year: int, month: int | None, day: int | None) -> str:
    """A milestone date with only its known parts."""
    if month is None:
        return str(year)
    if day is None:
        return f"{_MONTH_ABBREVIATIONS[month - 1]} {year}"
    return f"{day} {_MONTH_ABBREVIATIONS[month - 1]} {year}"


def show_days(starts_on: date | None, ends_on: date | None, precision: str = "day") -> str:
    """'7 Oct 2025', '7–10 Oct 2025', '30 Sep – 2 Oct 2025', '2025' or '' by what is known."""
    first = show_date(starts_on, precision)
    if ends_on is None or ends_on == starts_on:
        return first
    last = show_date(ends_on)
    if starts_on is None or precision != "day":
        return f"{first} – {last}"
    if (starts_on.year, starts_on.month) == (ends_on.year, ends_on.month):
        return f"{starts_on.day}–{last}"
    if starts_on.year == ends_on.year:
        return f"{starts_on.day} {starts_on:%b} – {last}"
    return f"{first} – {last}"
