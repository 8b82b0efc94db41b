"""Changes to a visit's checklist: generated from a template and the records, then ticked, edited,
added to and removed from by its users.
"""

from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session
from sqlmodel import col

from db.checklists.proposed import ProposedItem, proposed_items
from db.checklists.queries import OWN_SECTION, OWN_SOURCE, SECTION_MAX
from db.checklists.shapes import GenerationResult, StaleItem
from db.checklists.templates import OWNER_MAX, TEXT_MAX, load_template
from db.clock import utcnow
from db.dates import parse_day
from db.engine import Database
from db.errors import Invalid, StaleEdit
from db.lookups import added, existing
from db.models import Checklist, ChecklistItem, Visit
from db.validation import optional_line, required_line, run_checks
from db.versioned import touch


def generate_checklist(
    database: Database,
    visit_id: int,
    *,
    today: date,
    template: str = "default",
    templates_dir: Path | None = None,
) -> GenerationResult:
    """Create the visit's checklist, or bring it up to date with the template and the records.

    Raises TemplateError (nothing changed) when the template cannot be used.
    """
    chosen = load_template(template, templates_dir)

    def work(session: Session) -> GenerationResult:
        visit = existing(
            session, Visit, visit_id, "This visit no longer exists; no checklist was generated."
        )
        checklist = _checklist(session, visit_id)
        checklist.template = chosen.name
        checklist.generated_at = utcnow()
        items = session.scalars(
            select(ChecklistItem).where(col(ChecklistItem.checklist_id) == checklist.id)
        ).all()
        by_key = {item.source_key: item for item in items if item.source_key}
        position = max((item.position for item in items), default=-1) + 1
        new_rows: list[dict[str, object]] = []
        kept = 0
        proposed = proposed_items(session, visit, chosen, today)
        for one in proposed:
            item = by_key.get(one.key)
            if item is None:
                new_rows.append(_new_row(checklist.id or 0, position + len(new_rows), one))
            elif not item.dismissed:
                kept += 1
                if not (item.done or item.edited):
                    _follow(item, one)
        if new_rows:
            # One executemany: building ORM objects one by one costs more than the rest.
            session.execute(insert(ChecklistItem), new_rows)
        wanted = {one.key for one in proposed}
        stale = tuple(
            StaleItem(item.id or 0, item.version, item.text, item.source)
            for item in sorted(items, key=lambda item: (item.position, item.id or 0))
            if item.source_key not in wanted and _untouched(item)
        )
        return GenerationResult(added=len(new_rows), kept=kept, stale=stale)

    return database.write(work)


def _untouched(item: ChecklistItem) -> bool:
    """A generated item on the list as generated: not ticked, edited or dismissed."""
    return bool(item.source_key) and not (item.done or item.edited or item.dismissed)


def remove_stale_items(database: Database, items: tuple[StaleItem, ...]) -> int:
    """Delete generated items whose source is gone (as a generation found them), each only if
    nobody ticked, edited or removed it since; returns how many were deleted. Deleted, not
    dismissed: should the source come back, the next update adds the item again."""

    def work(session: Session) -> int:
        removed = 0
        for stale in items:
            item = session.get(ChecklistItem, stale.id)
            if item is not None and item.version == stale.version and _untouched(item):
                session.delete(item)
                removed += 1
        return removed

    return database.write(work)


def set_all_done(database: Database, item_ids: Iterable[int], done: bool) -> int:
    """Tick (or untick) these items at once, e.g. a whole section; returns how many changed.
    Items deleted meanwhile are passed over."""
    wanted = list(dict.fromkeys(item_ids))

    def work(session: Session) -> int:
        changed = 0
        for item in session.scalars(select(ChecklistItem).where(col(ChecklistItem.id).in_(wanted))):
            if item.done != done:
                item.done = done
                touch(item)
                changed += 1
        return changed

    return database.write(work)


def _checklist(session: Session, visit_id: int) -> Checklist:
    checklist = session.scalars(
        select(Checklist).where(col(Checklist.visit_id) == visit_id)
    ).first()
    if checklist is None:
        checklist = Checklist(visit_id=visit_id)
        session.add(checklist)
        session.flush()
    return checklist


def _new_row(checklist_id: int, position: int, proposed: ProposedItem) -> dict[str, object]:
    return {
        "checklist_id": checklist_id,
        "section": proposed.section,
        "position": position,
        "text": proposed.text,
        "due_offset": proposed.due_offset,
        "due_on": proposed.due_on,
        "done": False,
        "owner": proposed.owner,
        "source": proposed.source,
        "source_key": proposed.key,
        "edited": False,
        "dismissed": False,
        "updated_at": utcnow(),
        "version": 1,
    }


def _follow(item: ChecklistItem, proposed: ProposedItem) -> None:
    """Bring an item nobody touched in line with what the records now say."""
    fresh = {
        "text": proposed.text,
        "source": proposed.source,
        "due_offset": proposed.due_offset,
        "due_on": proposed.due_on,
        "owner": proposed.owner,
    }
    if any(getattr(item, name) != value for name, value in fresh.items()):
        for name, value in fresh.items():
            setattr(item, name, value)
        touch(item)


def check_item(
    text: str, due: str, owner: str, today: date | None, section: str | None = None
) -> dict[str, Any]:
    """The item's fields checked; Invalid lists every problem."""
    problems: dict[str, str] = {}
    checks = {
        "text": lambda: required_line("text", text, TEXT_MAX),
        "owner": lambda: optional_line("owner", owner, OWNER_MAX),
        "due_on": lambda: parse_day(due, today=today, field="due") if due.strip() else None,
    }
    if section is not None:
        checks["section"] = lambda: optional_line("section", section, SECTION_MAX) or OWN_SECTION
    values = run_checks(problems, checks)
    if problems:
        raise Invalid(problems)
    return values


def add_item(
    database: Database,
    visit_id: int,
    section: str,
    text: str,
    due: str,
    owner: str,
    today: date | None = None,
) -> int:
    """Add an item of one's own (due typed as text, may be empty); returns its id."""
    values = check_item(text, due, owner, today, section)

    def work(session: Session) -> int:
        existing(session, Visit, visit_id, "This visit no longer exists; the item was not added.")
        checklist = _checklist(session, visit_id)
        last = session.scalar(
            select(func.max(ChecklistItem.position)).where(
                col(ChecklistItem.checklist_id) == checklist.id
            )
        )
        return added(
            session,
            ChecklistItem(
                checklist_id=checklist.id or 0,
                position=(last if last is not None else -1) + 1,
                source=OWN_SOURCE,
                **values,
            ),
        )

    return database.write(work)


def _item_to_change(session: Session, item_id: int) -> ChecklistItem:
    return existing(
        session,
        ChecklistItem,
        item_id,
        "This checklist item was deleted meanwhile; nothing was changed.",
    )


def set_done(database: Database, item_id: int, done: bool) -> None:
    """Tick or untick an item."""

    def work(session: Session) -> None:
        item = _item_to_change(session, item_id)
        if item.done != done:
            item.done = done
            touch(item)

    database.write(work)


def update_item(
    database: Database,
    item_id: int,
    expected_version: int,
    text: str,
    due: str,
    owner: str,
    today: date | None = None,
) -> None:
    """Change an item's text, due day (typed; empty for none) and owner; regeneration will
    leave it alone from now on. StaleEdit when it changed since `expected_version`."""
    values = check_item(text, due, owner, today)

    def work(session: Session) -> None:
        item = _item_to_change(session, item_id)
        if item.version != expected_version:
            raise StaleEdit.of("checklist item")
        if values["due_on"] != item.due_on:
            item.due_offset = None
        for name, value in values.items():
            setattr(item, name, value)
        item.edited = True
        touch(item)

    database.write(work)


def remove_item(database: Database, item_id: int) -> None:
    """Take an item off the checklist: a generated one stays dismissed (regeneration does not
    bring it back); one's own is deleted."""

    def work(session: Session) -> None:
        item = _item_to_change(session, item_id)
        if item.source_key:
            item.dismissed = True
            touch(item)
        else:
            session.delete(item)

    database.write(work)
