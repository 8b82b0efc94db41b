"""What the visit form holds, and how it is checked (pure Python, no ORM)."""

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, NamedTuple

from db.dates import parse_day, parse_when
from db.errors import Invalid
from db.validation import choice, country_code, long_text, optional_line, required_line, run_checks
from db.vocab import VISIT_DIRECTIONS, VISIT_LEVELS, VISIT_STATUSES

CITY_MAX = 100


class StopInput(NamedTuple):
    """One stop as typed: an organisation, a city, a country code and the days (text)."""

    organisation_id: int | None
    city: str = ""
    country: str = ""
    starts: str = ""
    ends: str = ""


@dataclass(frozen=True)
class Stop:
    """A checked stop of a visit."""

    organisation_id: int
    city: str
    country: str
    starts_on: date | None
    ends_on: date | None


@dataclass(frozen=True)
class VisitInput:
    """The visit form's values; dates are text as typed, legs are StopInput (or plain tuples).

    `cleaned()` fills `starts_on`, `ends_on`, `date_precision` and `clean_stops`. The first day
    may be known only to the year or month (old records); the last day and the legs' days
    are whole days.
    """

    title: str
    direction: str = "outgoing"
    level: str = ""
    status: str = "planned"
    starts: str = ""
    ends: str = ""
    legs: tuple[StopInput | tuple[Any, ...], ...] = ()
    head_person_id: int | None = None
    member_person_ids: tuple[int, ...] = ()
    purpose: str = ""
    signing_proposal_id: int | None = None
    # The handling marking: a rank of the department's levels (checked where it is saved).
    marking: int = 0
    starts_on: date | None = field(default=None, compare=False)
    ends_on: date | None = field(default=None, compare=False)
    date_precision: str = field(default="day", compare=False)
    clean_stops: tuple[Stop, ...] = field(default=(), compare=False)

    def cleaned(self, today: date | None = None) -> "VisitInput":
        """Checked and cleaned; Invalid lists every problem in words."""
        problems: dict[str, str] = {}
        values = run_checks(
            problems,
            {
                "title": lambda: required_line("title", self.title),
                "direction": lambda: choice("direction", self.direction, VISIT_DIRECTIONS),
                "status": lambda: choice("status", self.status, VISIT_STATUSES),
                "purpose": lambda: long_text("purpose", self.purpose),
            },
        )
        if self.level not in ("", *VISIT_LEVELS):
            problems["level"] = f"must be one of: {', '.join(VISIT_LEVELS)} (or left empty)"
        starts_on, precision = self._first_day(today, problems)
        ends_on = self._last_day(starts_on, precision, today, problems)
        legs = tuple(
            leg
            for number, raw in enumerate(self.legs, start=1)
            if (leg := _check_stop(number, StopInput(*raw), starts_on, ends_on, today, problems))
        )
        if problems:
            raise Invalid(problems)
        members = tuple(
            person
            for person in dict.fromkeys(self.member_person_ids)
            if person != self.head_person_id
        )
        return replace(
            self,
            **values,
            legs=tuple(StopInput(*raw) for raw in self.legs),
            member_person_ids=members,
            starts_on=starts_on,
            ends_on=ends_on,
            date_precision=precision,
            clean_stops=legs,
        )

    def _first_day(self, today: date | None, problems: dict[str, str]) -> tuple[date | None, str]:
        if not self.starts.strip():
            return None, "day"
        try:
            when = parse_when(self.starts, today=today, field="starts")
        except Invalid as error:
            problems.update(error.problems)
            return None, "day"
        precision = "day" if when.precision == "minute" else when.precision
        return when.value.date(), precision

    def _last_day(
        self, starts_on: date | None, precision: str, today: date | None, problems: dict[str, str]
    ) -> date | None:
        if not self.ends.strip():
            return None
        try:
            ends_on = parse_day(self.ends, today=today, field="ends")
        except Invalid as error:
            problems.update(error.problems)
            return None
        if starts_on is None:
            problems["ends"] = "give the first day too"
        elif precision != "day":
            problems["ends"] = "give the first day as a day too (e.g. 7.10.2025)"
        elif ends_on < starts_on:
            problems["ends"] = "ends before it starts"
        return ends_on


def _check_stop(
    number: int,
    leg: StopInput,
    visit_starts: date | None,
    visit_ends: date | None,
    today: date | None,
    problems: dict[str, str],
) -> Stop | None:
    """The leg checked, or None with what is wrong added to `problems` under 'legs'."""
    try:
        if leg.organisation_id is None:
            raise Invalid({"legs": f"stop {number} has no organisation"})
        city = optional_line("legs", leg.city, CITY_MAX)
        country = country_code("legs", leg.country)
        starts_on = _stop_day(number, "first day", leg.starts, today)
        ends_on = _stop_day(number, "last day", leg.ends, today)
    except Invalid as error:
        problems["legs"] = error.problems["legs"]
        return None
    if starts_on and ends_on and ends_on < starts_on:
        problems["legs"] = f"stop {number} ends before it starts"
    elif visit_starts and starts_on and starts_on < visit_starts:
        problems["legs"] = f"stop {number} starts before the visit"
    elif visit_ends and ends_on and ends_on > visit_ends:
        problems["legs"] = f"stop {number} ends after the visit"
    return Stop(leg.organisation_id, city, country, starts_on, ends_on)


def _stop_day(number: int, which: str, text: str, today: date | None) -> date | None:
    if not text.strip():
        return None
    try:
        return parse_day(text, today=today, field="legs")
    except Invalid as error:
        raise Invalid({"legs": f"stop {number}, {which}: {error.problems['legs']}"}) from None
