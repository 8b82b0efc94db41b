"""Plain shapes of visits for the UI (no ORM): list rows and the visit page."""

from dataclasses import dataclass
from datetime import date

from db.checklists.shapes import Progress


@dataclass(frozen=True)
class VisitRow:
    """A line of the Visits list; progress is (done, total, overdue) of its checklist."""

    id: int
    title: str
    direction: str
    level: str
    dates: str
    legs: str
    head: str
    status: str
    progress: Progress
    upcoming: bool
    # The handling marking: its level's name, "" for the lowest level.
    marking: str


@dataclass(frozen=True)
class PersonRef:
    """A person of a delegation."""

    id: int
    name: str
    # The job ("Deputy Minister"), not the honorific.
    position: str
    organisation: str


@dataclass(frozen=True)
class StopRow:
    """One stop of a visit as its page shows it."""

    organisation_id: int | None
    organisation: str
    city: str
    country: str
    starts_on: date | None
    ends_on: date | None
    dates: str


@dataclass(frozen=True)
class ProgrammeRow:
    """A meeting of the visit's programme."""

    id: int
    when: str
    title: str
    kind: str
    status: str
    partners: str


@dataclass(frozen=True)
class VisitDetail:
    """Everything a visit's page shows."""

    id: int
    title: str
    direction: str
    level: str
    status: str
    dates: str
    starts_on: date | None
    ends_on: date | None
    date_precision: str
    purpose: str
    head: PersonRef | None
    members: tuple[PersonRef, ...]
    legs: tuple[StopRow, ...]
    signing_proposal_id: int | None
    signing_proposal: str
    programme: tuple[ProgrammeRow, ...]
    progress: Progress
    upcoming: bool
    version: int
    # The handling marking: its level's name, "" for the lowest level.
    marking: str
