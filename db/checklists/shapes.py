"""Plain shapes of a checklist for the UI (no ORM): sections, items, progress, generation."""

from dataclasses import dataclass
from datetime import date

Progress = tuple[int, int, int]


@dataclass(frozen=True)
class StaleItem:
    """A generated item whose source is gone from the records (a proposal since signed, a
    person removed, a stop dropped), which nobody ticked or edited."""

    id: int
    version: int
    text: str
    source: str


@dataclass(frozen=True)
class GenerationResult:
    """What a generation did: items added, and generated items already there and kept;
    `stale` are the untouched items the records no longer call for (kept until removed with
    remove_stale_items)."""

    added: int
    kept: int
    stale: tuple[StaleItem, ...] = ()


@dataclass(frozen=True)
class ItemRow:
    """A checklist item as the UI shows it; `generated` items are dismissed, own ones deleted."""

    id: int
    section: str
    text: str
    due_on: date | None
    due: str
    done: bool
    owner: str
    source: str
    overdue: bool
    generated: bool
    version: int
    # Who last ticked or edited it, and when ("" for an item nobody has touched).
    changed_by: str = ""
    changed_on: str = ""


@dataclass(frozen=True)
class ChecklistSection:
    """A titled group of items."""

    title: str
    items: tuple[ItemRow, ...]


@dataclass(frozen=True)
class ChecklistView:
    """A visit's checklist in one view; the counts are of the whole checklist."""

    visit_id: int
    exists: bool
    template: str
    sections: tuple[ChecklistSection, ...]
    done: int
    total: int
    overdue: int
