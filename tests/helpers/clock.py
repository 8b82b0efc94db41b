"""The fixed clock of the tests: snapshots and relative dates do not change from day to day."""

from datetime import datetime

NOW = datetime(2026, 11, 26, 14, 30)
TODAY = NOW.date()


def fixed_now() -> datetime:
    """The clock of the app under test."""
    return NOW
