"""A visit's checklist in the database: generated from a template and the records, then ticked,
edited and added to by its users.

Regeneration adds what is new and keeps every tick, edit, own item and dismissal: an item
the user ticked or edited is never changed again; one nobody touched follows the records.
"""

from collections.abc import Iterable
from datetime import date, timedelta

from sqlalchemy import ColumnElement, case, false, func, literal, select
from sqlmodel import col

from db.checklists.shapes import ChecklistSection, ChecklistView, ItemRow, Progress
from db.dates import show_date
from db.engine import Database
from db.lists import like_pattern
from db.lookups import copied, existing
from db.models import Checklist, ChecklistItem, Visit, require_id
from db.text import clean_line, fold

VIEWS = ("all", "mine", "overdue", "week")
OWN_SOURCE = "own"
OWN_SECTION = "Own items"
SECTION_MAX = 200
WEEK_DAYS = 7


def checklist_progress(
    database: Database, visit_ids: list[int], *, today: date
) -> dict[int, Progress]:
    """(done, total, overdue) of each visit's checklist, (0, 0, 0) without one: one query."""
    overdue = (col(ChecklistItem.done).is_(False)) & (col(ChecklistItem.due_on) < today)
    statement = (
        select(
            col(Checklist.visit_id),
            func.count(col(ChecklistItem.id)),
            func.sum(case((col(ChecklistItem.done), 1), else_=0)),
            func.sum(case((overdue, 1), else_=0)),
        )
        .join(ChecklistItem, col(ChecklistItem.checklist_id) == col(Checklist.id))
        .where(col(Checklist.visit_id).in_(visit_ids), col(ChecklistItem.dismissed).is_(False))
        .group_by(col(Checklist.visit_id))
    )
    progress = dict.fromkeys(visit_ids, (0, 0, 0))
    with database.reading() as session:
        for visit_id, total, done, late in session.execute(statement):
            progress[visit_id] = (done or 0, total, late or 0)
    return progress


def _view_condition(view: str, me: str, today: date) -> ColumnElement[bool] | None:
    not_done = col(ChecklistItem.done).is_(False)
    if view == "mine":
        who = fold(clean_line(me))
        if not who:
            return false()
        return func.fold(col(ChecklistItem.owner)).like(literal(like_pattern(who)), escape="\\")
    if view == "overdue":
        return not_done & (col(ChecklistItem.due_on) < today)
    if view == "week":
        return not_done & col(ChecklistItem.due_on).between(
            today, today + timedelta(days=WEEK_DAYS)
        )
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
        .join(Checklist, col(Checklist.id) == col(ChecklistItem.checklist_id))
        .where(col(Checklist.visit_id) == visit_id, col(ChecklistItem.dismissed).is_(False))
        .order_by(col(ChecklistItem.position), col(ChecklistItem.id))
    )
    condition = _view_condition(view, me, today)
    if condition is not None:
        statement = statement.where(condition)
    with database.reading() as session:
        existing(session, Visit, visit_id)
        checklist = session.scalars(
            select(Checklist).where(col(Checklist.visit_id) == visit_id)
        ).first()
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
    return copied(
        ItemRow,
        item,
        id=require_id(item),
        due=show_date(item.due_on),
        overdue=bool(not item.done and item.due_on and item.due_on < today),
        generated=bool(item.source_key),
        changed_on=show_date(item.updated_at.date()) if item.changed_by else "",
    )
