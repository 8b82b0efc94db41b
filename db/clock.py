"""Time in one place, so that records agree on what 'now' means."""

from datetime import UTC, date, datetime


def utcnow() -> datetime:
    """The current time, aware, in UTC (how record timestamps are stored)."""
    return datetime.now(UTC)


def today() -> date:
    """Today's date on this machine."""
    return date.today()
