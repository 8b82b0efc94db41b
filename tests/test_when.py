"""Dates typed the way officials type them: understood exactly, or refused in words."""

from datetime import date, datetime

import pytest

from db.errors import Invalid
from db.when import parse_day, parse_when, show_when_input

TODAY = date(2026, 11, 26)


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
