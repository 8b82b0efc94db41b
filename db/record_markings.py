"""Handling markings where records are written: a rank checked against the department's
levels before it is saved, a level's name read back as its rank, and the rank a record has."""

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlmodel import col

from db.engine import Database
from db.errors import Invalid, NotFound
from db.markings import DEFAULT_LEVELS, MARKED_RECORDS, Levels, levels_in

# The levels of a new database, for reading back the marking of a page read without its levels.
NEW_DATABASE_LEVELS = Levels(DEFAULT_LEVELS)
_TABLES = {table.__name__.lower(): table for table in MARKED_RECORDS}


def checked_marking(session: Session, rank: int) -> int:
    """The rank, if it is one of the stored levels; else Invalid naming the levels there are."""
    levels = levels_in(session)
    if not 0 <= rank <= levels.highest_rank:
        raise Invalid(
            {
                "marking": f"{rank!r} is not a level here: choose one of "
                f"{', '.join(levels.names)} (lowest first)"
            }
        )
    return rank


def rank_named(levels: Levels, name: str) -> int:
    """The rank of a marking as a page shows it ("" is the lowest level)."""
    return levels.rank(name) if name else 0


def marking_of(database: Database, kind: str, record_id: int) -> int:
    """The rank of the marking that record carries (`kind`: "meeting", "note", "visit"…)."""
    table = _TABLES[kind]
    with database.reading() as session:
        rank = session.scalar(select(col(table.marking)).where(col(table.id) == record_id))
    if rank is None:
        raise NotFound(f"This {kind} no longer exists.")
    return rank
