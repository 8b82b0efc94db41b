"""What Today shows, as frozen shapes: cheap to import (no SQLAlchemy), so that the rows read
ahead at start-up need nothing more."""

from dataclasses import dataclass

from db.checklists.shapes import Progress
from db.meeting_shapes import ActionItemRow


@dataclass(frozen=True)
class TodayVisitRow:
    """An upcoming visit and how far its preparation is."""

    id: int
    title: str
    direction: str
    dates: str
    days_to_go: int
    progress: Progress
    # The handling marking: its level's name, "" for the lowest level.
    marking: str


@dataclass(frozen=True)
class TodayProposalRow:
    """An open proposal that is overdue or has not moved for a long time."""

    id: int
    title: str
    partner: str
    status: str
    due: str
    overdue: bool
    last_moved: str
    stale: bool
    # The handling marking: its level's name, "" for the lowest level.
    marking: str


@dataclass(frozen=True)
class TodayMeetingRow:
    """One of the last meetings held."""

    id: int
    when: str
    title: str
    partners: str
    # The handling marking: its level's name, "" for the lowest level.
    marking: str


@dataclass(frozen=True)
class TodayView:
    """Everything the first screen shows."""

    visits: tuple[TodayVisitRow, ...]
    action_items: tuple[ActionItemRow, ...]
    proposals: tuple[TodayProposalRow, ...]
    meetings: tuple[TodayMeetingRow, ...]
