"""Plain, frozen shapes handed to the UI: no ORM object ever leaves db.

Importing this module is cheap (no SQLAlchemy), so screens can type against it.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

from db.meeting_shapes import ActionItemRow

T = TypeVar("T")
U = TypeVar("U")


# Rows a list screen reads at a time.
PAGE_SIZE = 60


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a filtered list, and how many rows match in all."""

    rows: tuple[T, ...]
    # None when the list was asked for without counting (see db.lists.rows_wanted).
    total: int | None
    offset: int
    # Whether rows follow this page (known without counting).
    more: bool = False

    @property
    def has_more(self) -> bool:
        if self.total is None:
            return self.more
        return self.offset + len(self.rows) < self.total

    def with_rows(self, rows: Iterable[U]) -> "Page[U]":
        """The same page with other rows in place of its own (the list's, made from the
        query's)."""
        return Page(tuple(rows), self.total, self.offset, self.more)


@dataclass(frozen=True)
class OrganisationBasics:
    """What names an organisation and places it: the first fields of its row in the Partners
    list and of its page."""

    id: int
    name: str
    short_name: str
    kind: str
    country: str
    is_own: bool
    # The handling marking: its level's name, "" for the lowest level.
    marking: str


@dataclass(frozen=True)
class PartnerRow(OrganisationBasics):
    """A line of the Partners list."""

    meetings_held: int
    last_met: str
    open_proposals: int


@dataclass(frozen=True)
class PersonRow:
    """A person as listed under an organisation."""

    id: int
    full_name: str
    title: str
    position: str
    form_of_address: str
    pronunciation: str
    languages: str
    protocol_notes: str
    sort_name: str
    organisation_id: int | None
    version: int
    email: str
    phone: str
    # The handling marking: its level's name, "" for the lowest level.
    marking: str


@dataclass(frozen=True)
class PartnerMeetingRow:
    """A meeting as listed on a partner's page."""

    id: int
    title: str
    kind: str
    when: str
    place: str
    status: str


@dataclass(frozen=True)
class PartnerProposalRow:
    """An open proposal as listed on a partner's page."""

    id: int
    title: str
    kind: str
    status: str
    proposed_by: str
    next_step: str
    due: str
    overdue: bool = False


@dataclass(frozen=True)
class MilestoneRow:
    """A relationship milestone: '1975 — diplomatic relations established'."""

    when: str
    text: str


@dataclass(frozen=True)
class OrganisationDetail(OrganisationBasics):
    """Everything the partner page shows."""

    description: str
    parent_id: int | None
    parent_name: str
    version: int
    milestones: tuple[MilestoneRow, ...] = ()
    people: tuple[PersonRow, ...] = ()
    meetings: tuple[PartnerMeetingRow, ...] = ()
    open_proposals: tuple[PartnerProposalRow, ...] = ()
    action_items: tuple[ActionItemRow, ...] = ()


@dataclass(frozen=True)
class References:
    """What refers to an organisation, to decide whether it can be deleted."""

    people: int = 0
    meetings: int = 0
    proposals: int = 0
    visit_stops: int = 0
    children: int = 0

    @property
    def blocking(self) -> str:
        """What a deletion must not silently take with it, in words ('' when nothing)."""
        from db.text import counted

        parts = [
            counted(count, noun)
            for count, noun in (
                (self.meetings, "meeting"),
                (self.proposals, "proposal"),
                (self.visit_stops, "visit stop"),
                (self.children, "sub-organisation"),
            )
            if count
        ]
        return ", ".join(parts)


@dataclass(frozen=True)
class OrganisationChoice:
    """An organisation offered in a picker."""

    id: int
    label: str
