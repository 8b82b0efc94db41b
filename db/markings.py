"""Handling markings: the department's ordered levels, lowest first.

Records store a marking as a rank (0 is the lowest level); the names live in the database
(table `markinglevel`), so that everybody on a team server reads the same words and a
department can rename them ("VS-NfD") without touching a record.
"""

from dataclasses import dataclass

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session
from sqlmodel import col

from db.engine import Database
from db.errors import BilateralError
from db.models import MarkingLevel, Meeting, Note, Organisation, Person, Proposal, Visit
from db.text import clean_line, fold

DEFAULT_LEVELS = ("UNCLASSIFIED", "RESTRICTED", "CONFIDENTIAL")
# The tables whose records carry a marking.
MARKED_RECORDS = (Organisation, Person, Visit, Meeting, Note, Proposal)
MAX_LEVELS = 12
MAX_NAME = 40


class UnknownLevel(BilateralError):
    """A marking named that is not one of the department's levels."""


@dataclass(frozen=True)
class Levels:
    """The department's levels, lowest first."""

    names: tuple[str, ...]

    @property
    def lowest(self) -> str:
        return self.names[0]

    @property
    def highest_rank(self) -> int:
        return len(self.names) - 1

    def name(self, rank: int) -> str:
        """The level's name; a rank beyond the list (levels removed since) reads as the
        highest level, never as a lower one."""
        return self.names[max(0, min(rank, self.highest_rank))]

    def rank(self, name: str) -> int:
        """The rank of a level named as typed (case and accents ignored)."""
        wanted = fold(clean_line(name))
        for rank, level in enumerate(self.names):
            if fold(level) == wanted:
                return rank
        raise UnknownLevel(
            f"{name[:40]!r} is not a handling marking here; the levels are "
            f"{', '.join(self.names)} (lowest first)."
        )

    def raised(self, rank: int) -> int:
        """The next level up (the highest stays the highest)."""
        return min(rank + 1, self.highest_rank)


def levels_in(session: Session) -> Levels:
    names = session.scalars(select(col(MarkingLevel.name)).order_by(col(MarkingLevel.rank))).all()
    return Levels(tuple(names) or DEFAULT_LEVELS)


def marking_levels(database: Database) -> Levels:
    """The department's levels, as stored in the database."""
    with database.reading() as session:
        return levels_in(session)


def highest_marking_used(session: Session) -> int:
    """The highest rank any record carries (0 for none)."""
    return max(
        session.scalar(select(func.max(col(table.marking)))) or 0 for table in MARKED_RECORDS
    )


def set_marking_levels(database: Database, names: list[str]) -> Levels:
    """Replace the levels (lowest first). Refused, with the reason, for an empty or repeated
    name, more than MAX_LEVELS levels, or fewer levels than the records already use."""
    cleaned = [clean_line(name) for name in names]
    if not cleaned:
        raise BilateralError("Give the levels, lowest first: at least one.")
    problems = [
        f"{name[:50]!r} is longer than {MAX_NAME} characters"
        for name in cleaned
        if len(name) > MAX_NAME
    ]
    if any(not name for name in cleaned):
        problems.append("a level has no name")
    folded = [fold(name) for name in cleaned]
    if len(set(folded)) != len(folded):
        problems.append("two levels have the same name")
    if len(cleaned) > MAX_LEVELS:
        problems.append(f"at most {MAX_LEVELS} levels")
    if problems:
        raise BilateralError("The levels were not changed: " + "; ".join(problems) + ".")

    def replace(session: Session) -> Levels:
        used = highest_marking_used(session)
        if used >= len(cleaned):
            raise BilateralError(
                f"Records are marked up to level {used + 1} of the present list: give at least "
                f"{used + 1} levels. The levels were not changed."
            )
        session.execute(delete(MarkingLevel))
        session.add_all(MarkingLevel(rank=rank, name=name) for rank, name in enumerate(cleaned))
        return Levels(tuple(cleaned))

    return database.write(replace)
