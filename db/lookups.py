"""Records in a session: one that must be there, and one just added."""

from typing import Protocol, TypeVar

from sqlalchemy.orm import Session
from sqlmodel import SQLModel

from db.errors import NotFound
from db.models import require_id

_Record = TypeVar("_Record", bound=SQLModel)


class _New(Protocol):
    id: int | None


def existing(session: Session, table: type[_Record], record_id: int, missing: str = "") -> _Record:
    """The record of `table` with this id. NotFound when there is none, saying `missing` (by
    default '<Table> <id> no longer exists.')."""
    record = session.get(table, record_id)
    if record is None:
        raise NotFound(missing or f"{table.__name__} {record_id} no longer exists.")
    return record


def added(session: Session, record: _New) -> int:
    """Add a new record and write it (to be committed with the rest); returns its id."""
    session.add(record)
    session.flush()
    return require_id(record)
