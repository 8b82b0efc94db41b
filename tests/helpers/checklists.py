"""Checklists made directly in the records, for the tests of checklist files (export,
import, the CLI)."""

from datetime import date

from sqlalchemy import delete, select, text

from db.engine import Database
from db.models import Checklist, ChecklistItem, Visit


def upcoming_visit(database: Database) -> int:
    with database.reading() as session:
        return session.scalar(select(Visit.id).where(Visit.status == "planned"))


def past_visit(database: Database) -> int:
    with database.reading() as session:
        return session.scalar(select(Visit.id).where(Visit.title == "MPS delegation to Austria"))


def make_checklist(database: Database, visit_id: int, items: list[dict]) -> list[int]:
    """A checklist for the visit holding `items` (ChecklistItem fields), replacing any other."""

    def work(session) -> list[int]:
        session.execute(delete(Checklist).where(Checklist.visit_id == visit_id))
        checklist = Checklist(visit_id=visit_id)
        session.add(checklist)
        session.flush()
        rows = [
            ChecklistItem(checklist_id=checklist.id, position=position, **fields)
            for position, fields in enumerate(items)
        ]
        session.add_all(rows)
        session.flush()
        return [row.id for row in rows]

    return database.write(work)


STANDARD = [
    {"section": "Logistics", "text": "Book the hotel", "due_on": date(2026, 12, 1), "owner": "An"},
    {"section": "Substance", "text": "Read the partner's profile", "source": "meeting"},
    {"section": "Logistics", "text": "Visas", "done": True},
    {"section": "Logistics", "text": "Old idea", "dismissed": True},
    {"section": "Protocol", "text": 'Gifts: "lacquer" \\ silk\nsecond line\twith tab'},
]


STANDARD_SECTIONS = ("Logistics", "Substance", "Protocol")


def dump(database: Database) -> list[tuple]:
    """Every checklist, item and visit row, to compare before and after an import."""
    with database.reading() as session:
        return [
            tuple(row)
            for table in ("checklist", "checklistitem", "visit")
            for row in session.execute(text(f"SELECT * FROM {table} ORDER BY id"))
        ]
