"""Dates known only in part (a year, a month) shown as what is known."""

from datetime import date, datetime

_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def show_date(value: date | datetime | None, precision: str = "day") -> str:
    """'2025', 'Oct 2025', '7 Oct 2025' or '7 Oct 2025 14:30', by what is known."""
    if value is None:
        return ""
    if precision == "year":
        return f"{value.year}"
    month = _MONTHS[value.month - 1]
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
        return f"{_MONTHS[month - 1]} {year}"
    return f"{day} {_MONTHS[month - 1]} {year}"
