"""The front door: what needs attention now, in one read (the statements: db.today_sql)."""

from collections.abc import Sequence
from datetime import date
from typing import Any

from db.engine import Database
from db.today_shapes import TodayView
from db.today_sql import read_today


def today_view(database: Database, today: date) -> TodayView:
    """Upcoming visits (90 days), action items overdue or due this week (ours first),
    proposals overdue or unmoved for 180 days, and the last meetings held."""
    with database.reading() as session:
        connection = session.connection()

        def query(statement: str, parameters: Sequence[object]) -> Sequence[Sequence[Any]]:
            return connection.exec_driver_sql(statement, tuple(parameters)).all()

        return read_today(query, today, postgresql=not database.is_sqlite)
