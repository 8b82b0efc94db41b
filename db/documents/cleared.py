"""An export up to a handling marking: every record marked above the level is left out and
counted, and the highest marking among the records kept is what the export is marked with."""

from collections.abc import Iterable
from typing import Protocol, TypeVar

from sqlalchemy import ColumnElement, or_, select, true
from sqlalchemy.orm import Session
from sqlmodel import col

from db.documents.shapes import Marking
from db.errors import BilateralError
from db.markings import Levels, UnknownLevel, levels_in
from db.text import counted


class MarkedRecord(Protocol):
    """A record that carries a handling marking (db.markings.MARKED_RECORDS)."""

    @property
    def id(self) -> int | None: ...

    @property
    def marking(self) -> int: ...


MarkedT = TypeVar("MarkedT", bound=MarkedRecord)


class AboveTheLevel(BilateralError):
    """The record an export is about is itself marked above the level asked for."""


class UpTo:
    """What one export keeps: records up to `rank` (None: every record), the records it left
    out, and the highest marking among those it kept."""

    def __init__(self, levels: Levels, rank: int | None) -> None:
        if rank is not None and not 0 <= rank <= levels.highest_rank:
            raise UnknownLevel(
                f"There is no handling marking {rank}; the levels are "
                f"{', '.join(levels.names)} (lowest first)."
            )
        self.levels = levels
        self.rank = rank
        self.highest = 0
        self._left_out: set[tuple[str, int]] = set()

    @classmethod
    def read(cls, session: Session, rank: int | None) -> "UpTo":
        """An export up to `rank`, with the levels as the database names them."""
        return cls(levels_in(session), rank)

    def is_above(self, marking: int) -> bool:
        """Whether a record marked `marking` is above the level."""
        return self.rank is not None and marking > self.rank

    def within(self, model: type[MarkedRecord]) -> ColumnElement[bool]:
        """SQL: the records of `model` up to the level (for what is left out uncounted)."""
        return true() if self.rank is None else col(model.marking) <= self.rank

    def names_none_above(
        self, column: int | None, model: type[MarkedRecord]
    ) -> ColumnElement[bool]:
        """SQL: the reference `column` is empty or names a record of `model` up to the level
        (for what goes with a record left out, and is not counted apart from it)."""
        if self.rank is None:
            return true()
        above = select(col(model.id)).where(col(model.marking) > self.rank)
        return or_(col(column).is_(None), col(column).not_in(above))

    def keeps_mark(self, kind: str, record_id: int, marking: int) -> bool:
        """Whether the record of `kind` and id, marked `marking`, goes into the export; one
        that does not is counted as left out (once, wherever else it would have appeared)."""
        if self.is_above(marking):
            self._left_out.add((kind, record_id))
            return False
        self.highest = max(self.highest, marking)
        return True

    def keeps(self, record: MarkedRecord) -> bool:
        """Whether the record goes into the export (see keeps_mark)."""
        return self.keeps_mark(type(record).__name__, record.id or 0, record.marking)

    def kept(self, records: Iterable[MarkedT], limit: int | None = None) -> list[MarkedT]:
        """The records that go into the export, in their order, at most `limit` of them; the
        ones left out before the limit was reached are counted."""
        found: list[MarkedT] = []
        for record in records:
            if limit is not None and len(found) >= limit:
                break
            if self.keeps(record):
                found.append(record)
        return found

    def refuse_above(self, record: MarkedRecord, what: str) -> None:
        """Refuse an export whose subject (`what`: "Visit 3") is marked above the level."""
        if self.is_above(record.marking):
            raise AboveTheLevel(
                f"{what} is marked {self.levels.name(record.marking)}, above {self.level}: "
                "it was not exported."
            )
        self.highest = max(self.highest, record.marking)

    @property
    def left_out(self) -> int:
        """How many records were left out, each counted once."""
        return len(self._left_out)

    @property
    def level(self) -> str:
        """The name of the level the export goes up to."""
        return self.levels.name(self.levels.highest_rank if self.rank is None else self.rank)

    @property
    def marking(self) -> str:
        """The name of the highest marking among the records kept."""
        return self.levels.name(self.highest)

    def summary(self) -> Marking:
        """The marking and the count, as a document prints them."""
        return Marking(self.marking, self.left_out, self.left_out_sentence())

    def left_out_sentence(self) -> str:
        """'3 records above RESTRICTED were left out.', or '' when none was."""
        if not self.left_out:
            return ""
        verb = "was" if self.left_out == 1 else "were"
        return f"{counted(self.left_out, 'record')} above {self.level} {verb} left out."
