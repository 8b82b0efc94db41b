"""Plain shapes of proposals for the UI (no ORM): register rows, the page, the status history."""

from dataclasses import dataclass

from db.meeting_shapes import ActionItemRow


@dataclass(frozen=True)
class ProposalRow:
    """A line of the proposals register."""

    id: int
    title: str
    partner: str
    kind: str
    proposed_by: str
    status: str
    owner: str
    next_step: str
    due: str
    overdue: bool
    last_moved: str
    # Where it last moved: the meeting's place, else its title.
    moved_in: str
    # The handling marking: its level's name, "" for the lowest level.
    marking: str


@dataclass(frozen=True)
class StatusStep:
    """One dated step of a proposal's history."""

    when: str
    old_status: str
    new_status: str
    meeting: str
    comment: str


@dataclass(frozen=True)
class ProposalDetail:
    """Everything a proposal's page shows."""

    id: int
    version: int
    title: str
    description: str
    kind: str
    status: str
    proposed_by: str
    proposed_on: str
    partner: str
    partner_id: int | None
    owner: str
    next_step: str
    due: str
    overdue: bool
    allowed_next: tuple[str, ...]
    meetings: tuple[tuple[int, str], ...]
    notes: tuple[str, ...]
    action_items: tuple[ActionItemRow, ...]
    steps: tuple[StatusStep, ...]
    # The handling marking: its level's name, "" for the lowest level.
    marking: str
    changed_by: str = ""
    changed_on: str = ""
