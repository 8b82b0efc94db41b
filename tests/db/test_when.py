"""Dates typed the way officials type them: understood exactly, or refused in words."""

import ast
import re
from datetime import date, datetime
from pathlib import Path

import pytest

from db.dates import parse_day, parse_when, read_as, show_when_input
from db.errors import Invalid

TODAY = date(2026, 11, 26)
SCREENS = Path(__file__).resolve().parents[2] / "screens"
# The form fields that take a date (meetings' and visits' starts and ends, due days, the day a
# proposal's status starts).
DATE_FIELDS = {"starts", "ends", "due", "since", "on"}
TIME_ALONE = re.compile(r"\d{1,2}:\d{2}")


@pytest.mark.parametrize(
    ("typed", "value", "precision"),
    [
        ("2025-10-07 14:30", datetime(2025, 10, 7, 14, 30), "minute"),
        ("2025-10-07", datetime(2025, 10, 7), "day"),
        ("7.10.2025", datetime(2025, 10, 7), "day"),
        ("07.10.2025 9:05", datetime(2025, 10, 7, 9, 5), "minute"),
        ("7.10.2025 14.30", datetime(2025, 10, 7, 14, 30), "minute"),
        ("7 Oct 2025", datetime(2025, 10, 7), "day"),
        ("7 october 2025 16:00", datetime(2025, 10, 7, 16), "minute"),
        ("today", datetime(2026, 11, 26), "day"),
        ("Tomorrow 9:00", datetime(2026, 11, 27, 9), "minute"),
        ("yesterday", datetime(2026, 11, 25), "day"),
        ("  tomorrow   9:00 ", datetime(2026, 11, 27, 9), "minute"),
        ("Oct 2025", datetime(2025, 10, 1), "month"),
        ("10.2025", datetime(2025, 10, 1), "month"),
        ("2025", datetime(2025, 1, 1), "year"),
        ("29.02.2024", datetime(2024, 2, 29), "day"),
        # TODAY is a Thursday.
        ("in 6 weeks", datetime(2027, 1, 7), "day"),
        ("in 60 days", datetime(2027, 1, 25), "day"),
        ("in 1 day", datetime(2026, 11, 27), "day"),
        ("in a week", datetime(2026, 12, 3), "day"),
        ("in 3 months", datetime(2027, 2, 26), "day"),
        ("next friday", datetime(2026, 11, 27), "day"),
        ("Next Thursday", datetime(2026, 12, 3), "day"),
        ("next mon 9:00", datetime(2026, 11, 30, 9), "minute"),
    ],
)
def test_understood(typed, value, precision):
    when = parse_when(typed, today=TODAY)
    assert (when.value, when.precision) == (value, precision)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("31.02.2025", "does not exist: February 2025 has 28 days"),
        ("29.02.2025", "does not exist: February 2025 has 28 days"),
        ("13/13/2025", "is ambiguous"),
        ("7/10/2025", "is ambiguous"),
        ("", "is empty"),
        ("   ", "is empty"),
        ("2025-13-01", "has no month 13"),
        ("13.2025", "has no month 13"),
        ("7.10.2025 25:00", "has no time 25:00"),
        ("7.10.2025 12:75", "has no time 12:75"),
        ("7 Smarch 2025", "has no month called “smarch”"),
        ("1.1.1850", "is outside the years"),
        ("next week", "is not a date bilateral understands"),
        ("in 6 fortnights", "is not a date bilateral understands"),
        ("in 9999 months", "is outside the years"),
        ("2025-10-07T14:30:00Z", "is not a date bilateral understands"),
        ("\x1b]0;pwned\x07", "is not a date bilateral understands"),
    ],
)
def test_refused_with_a_message(typed, message):
    with pytest.raises(Invalid) as refused:
        parse_when(typed, today=TODAY, field="starts")
    assert message in refused.value.problems["starts"]


def test_a_due_date_must_be_a_single_day():
    assert parse_day("15.12.2026") == date(2026, 12, 15)
    with pytest.raises(Invalid, match="not a single day"):
        parse_day("Dec 2026")


@pytest.mark.parametrize("typed", ["2025", "Oct 2025", "7.10.2025", "7.10.2025 14:30"])
def test_a_stored_date_goes_back_into_the_form_unchanged(typed):
    when = parse_when(typed, today=TODAY)
    again = parse_when(show_when_input(when.value, when.precision), today=TODAY)
    assert again == when


def test_a_month_later_is_the_last_day_when_the_day_does_not_exist():
    assert parse_when("in 1 month", today=date(2027, 1, 31)).value == datetime(2027, 2, 28)


def test_a_date_is_read_back_in_the_display_format():
    assert read_as("in 6 weeks", today=TODAY) == "read as 7 Jan 2027"
    assert read_as("2027-03-01", today=TODAY) == "read as 1 Mar 2027"
    assert read_as("Oct 2025", today=TODAY) == "read as Oct 2025"
    assert read_as("tomorrow 9:00", today=TODAY) == "read as 27 Nov 2026 09:00"
    assert read_as("tomorrow 9:00", today=TODAY, day_only=True) == "read as 27 Nov 2026"
    assert read_as("Oct 2025", today=TODAY, day_only=True) == ""
    assert read_as("31.02.2025", today=TODAY) == read_as("  ", today=TODAY) == ""


def _placeholders() -> list[tuple[str, str, str]]:
    """(file, field id, placeholder) of every Input with an id and a placeholder in screens/."""
    found = []
    for path in sorted(SCREENS.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and getattr(node.func, "id", "") == "Input"):
                continue
            keywords = {k.arg: k.value for k in node.keywords}
            placeholder, field = keywords.get("placeholder"), keywords.get("id")
            if isinstance(placeholder, ast.Constant) and isinstance(field, ast.Constant):
                found.append((path.name, field.value, placeholder.value))
    return found


def test_every_date_a_form_suggests_is_one_the_parser_takes():
    date_fields = [(f, i, p) for f, i, p in _placeholders() if i in DATE_FIELDS]
    assert {i for _, i, _ in date_fields} >= {"starts", "ends", "due", "since"}
    for file, field, placeholder in date_fields:
        examples = placeholder.replace("e.g.", "").replace("(optional)", "").replace("…", "")
        for example in (part.strip() for part in examples.split(",")):
            if TIME_ALONE.fullmatch(example):
                continue  # an end time, taken with the start's day
            try:
                parse_when(example, today=TODAY)
            except Invalid as refused:
                pytest.fail(f"{file}, field {field}: the example {example!r} is refused: {refused}")
