"""A visit's checklist in the database: generated from a template and the records, then ticked,
edited and added to by its users.

Regeneration adds what is new and keeps every tick, edit, own item and dismissal: an item
the user ticked or edited is never changed again; one nobody touched follows the records.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import case, false, func, insert, literal, select
from sqlalchemy.orm import Session

from db.checklist_drafts import Draft, visit_drafts
from db.checklist_templates import load_template
from db.clock import utcnow
from db.dates import show_date
from db.engine import Database
from db.errors import Invalid, NotFound, StaleEdit
from db.lists import like_pattern
from db.models import Checklist, ChecklistItem, Visit
from db.text import clean_line, fold
from db.validation import optional_line, required_line, run_checks
from db.when import parse_day

VIEWS = ("all", "mine", "overdue", "week")
OWN_SOURCE = "own"
OWN_SECTION = "Own items"
TEXT_MAX = 2000
OWNER_MAX = 200
SECTION_MAX = 200
WEEK_DAYS = 7

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


def checklist_progress(
    database: Database, visit_ids: list[int], *, today: date
) -> dict[int, Progress]:
    """(done, total, overdue) of each visit's checklist, (0, 0, 0) without one: one query."""
    overdue = (ChecklistItem.done.is_(False)) & (ChecklistItem.due_on < today)
    statement = (
        select(
            Checklist.visit_id,
            func.count(ChecklistItem.id),
            func.sum(case((ChecklistItem.done, 1), else_=0)),
            func.sum(case((overdue, 1), else_=0)),
        )
        .join(ChecklistItem, ChecklistItem.checklist_id == Checklist.id)
        .where(Checklist.visit_id.in_(visit_ids), ChecklistItem.dismissed.is_(False))
        .group_by(Checklist.visit_id)
    )
    progress = dict.fromkeys(visit_ids, (0, 0, 0))
    with database.reading() as session:
        for visit_id, total, done, late in session.execute(statement):
            progress[visit_id] = (done or 0, total, late or 0)
    return progress


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
        visit = session.get(Visit, visit_id)
        if visit is None:
            raise NotFound("This visit no longer exists; no checklist was generated.")
        checklist = _checklist(session, visit_id)
        checklist.template = chosen.name
        checklist.generated_at = utcnow()
        items = session.scalars(
            select(ChecklistItem).where(ChecklistItem.checklist_id == checklist.id)
        ).all()
        existing = {item.source_key: item for item in items if item.source_key}
        position = max((item.position for item in items), default=-1) + 1
        new_rows = []
        kept = 0
        drafts = visit_drafts(session, visit, chosen, today)
        for draft in drafts:
            item = existing.get(draft.key)
            if item is None:
                new_rows.append(_new_row(checklist.id or 0, position + len(new_rows), draft))
            elif not item.dismissed:
                kept += 1
                if not (item.done or item.edited):
                    _follow(item, draft)
        if new_rows:
            # One executemany: building ORM objects one by one costs more than the rest.
            session.execute(insert(ChecklistItem), new_rows)
        wanted = {draft.key for draft in drafts}
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
        for item in session.scalars(select(ChecklistItem).where(ChecklistItem.id.in_(wanted))):
            if item.done != done:
                item.done = done
                _touch(item)
                changed += 1
        return changed

    return database.write(work)


def _checklist(session: Session, visit_id: int) -> Checklist:
    checklist = session.scalars(select(Checklist).where(Checklist.visit_id == visit_id)).first()
    if checklist is None:
        checklist = Checklist(visit_id=visit_id)
        session.add(checklist)
        session.flush()
    return checklist


def _new_row(checklist_id: int, position: int, draft: Draft) -> dict[str, object]:
    return {
        "checklist_id": checklist_id,
        "section": draft.section,
        "position": position,
        "text": draft.text,
        "due_offset": draft.due_offset,
        "due_on": draft.due_on,
        "done": False,
        "owner": draft.owner,
        "source": draft.source,
        "source_key": draft.key,
        "edited": False,
        "dismissed": False,
        "updated_at": utcnow(),
        "version": 1,
    }


def _follow(item: ChecklistItem, draft: Draft) -> None:
    """Bring an item nobody touched in line with what the records now say."""
    fresh = {
        "text": draft.text,
        "source": draft.source,
        "due_offset": draft.due_offset,
        "due_on": draft.due_on,
        "owner": draft.owner,
    }
    if any(getattr(item, name) != value for name, value in fresh.items()):
        for name, value in fresh.items():
            setattr(item, name, value)
        item.version += 1
        item.updated_at = utcnow()


def _view_condition(view: str, me: str, today: date):  # noqa: ANN202 - a SQL clause
    not_done = ChecklistItem.done.is_(False)
    if view == "mine":
        who = fold(clean_line(me))
        if not who:
            return false()
        return func.fold(ChecklistItem.owner).like(literal(like_pattern(who)), escape="\\")
    if view == "overdue":
        return not_done & (ChecklistItem.due_on < today)
    if view == "week":
        return not_done & ChecklistItem.due_on.between(today, today + timedelta(days=WEEK_DAYS))
    return None


def get_checklist(
    database: Database, visit_id: int, *, view: str = "all", me: str = "", today: date
) -> ChecklistView:
    """The visit's checklist in a view: all; mine (owner holds `me`, case and accents
    ignored); overdue; week (not done, due today to a week from today)."""
    if view not in VIEWS:
        raise ValueError(f"unknown view {view!r}")
    statement = (
        select(ChecklistItem)
        .join(Checklist, Checklist.id == ChecklistItem.checklist_id)
        .where(Checklist.visit_id == visit_id, ChecklistItem.dismissed.is_(False))
        .order_by(ChecklistItem.position, ChecklistItem.id)
    )
    condition = _view_condition(view, me, today)
    if condition is not None:
        statement = statement.where(condition)
    with database.reading() as session:
        if session.get(Visit, visit_id) is None:
            raise NotFound(f"Visit {visit_id} no longer exists.")
        checklist = session.scalars(select(Checklist).where(Checklist.visit_id == visit_id)).first()
        template = checklist.template if checklist else ""
        items = session.scalars(statement).all()
        sections = {
            title: [_item_row(item, today) for item in of_section]
            for title, of_section in in_checklist_order(items).items()
        }
    done, total, overdue = checklist_progress(database, [visit_id], today=today)[visit_id]
    return ChecklistView(
        visit_id=visit_id,
        exists=checklist is not None,
        template=template,
        sections=tuple(ChecklistSection(title, tuple(rows)) for title, rows in sections.items()),
        done=done,
        total=total,
        overdue=overdue,
    )


def in_checklist_order(items: Iterable[ChecklistItem]) -> dict[str, list[ChecklistItem]]:
    """Items by section, in the order the checklist is shown and exported: sections in the
    order their first item was listed, items within a section by due day (undated last), then
    as they were listed."""
    sections: dict[str, list[ChecklistItem]] = {}
    for item in sorted(items, key=lambda item: (item.position, item.id or 0)):
        sections.setdefault(item.section, []).append(item)
    for of_section in sections.values():
        of_section.sort(key=lambda item: (item.due_on or date.max, item.position, item.id or 0))
    return sections


def _item_row(item: ChecklistItem, today: date) -> ItemRow:
    assert item.id is not None
    return ItemRow(
        id=item.id,
        section=item.section,
        text=item.text,
        due_on=item.due_on,
        due=show_date(item.due_on),
        done=item.done,
        owner=item.owner,
        source=item.source,
        overdue=bool(not item.done and item.due_on and item.due_on < today),
        generated=bool(item.source_key),
        version=item.version,
        changed_by=item.changed_by,
        changed_on=show_date(item.updated_at.date()) if item.changed_by else "",
    )


def check_item(
    text: str, due: str, owner: str, today: date | None, section: str | None = None
) -> dict[str, object]:
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
        if session.get(Visit, visit_id) is None:
            raise NotFound("This visit no longer exists; the item was not added.")
        checklist = _checklist(session, visit_id)
        last = session.scalar(
            select(func.max(ChecklistItem.position)).where(
                ChecklistItem.checklist_id == checklist.id
            )
        )
        item = ChecklistItem(
            checklist_id=checklist.id or 0,
            position=(last if last is not None else -1) + 1,
            source=OWN_SOURCE,
            **values,
        )
        session.add(item)
        session.flush()
        assert item.id is not None
        return item.id

    return database.write(work)


def _item_to_change(session: Session, item_id: int) -> ChecklistItem:
    item = session.get(ChecklistItem, item_id)
    if item is None:
        raise NotFound("This checklist item was deleted meanwhile; nothing was changed.")
    return item


def _touch(item: ChecklistItem) -> None:
    item.version += 1
    item.updated_at = utcnow()


def set_done(database: Database, item_id: int, done: bool) -> None:
    """Tick or untick an item."""

    def work(session: Session) -> None:
        item = _item_to_change(session, item_id)
        if item.done != done:
            item.done = done
            _touch(item)

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
        _touch(item)

    database.write(work)


def dismiss_item(database: Database, item_id: int) -> None:
    """Take an item off the checklist: a generated one stays dismissed (regeneration does not
    bring it back); one's own is deleted."""

    def work(session: Session) -> None:
        item = _item_to_change(session, item_id)
        if item.source_key:
            item.dismissed = True
            _touch(item)
        else:
            session.delete(item)

    database.write(work)
