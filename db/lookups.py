"""Records in a session: one that must be there, one just added, and one copied into a shape."""

from dataclasses import fields
from typing import TYPE_CHECKING, Protocol, TypeVar

from sqlalchemy.orm import Session
from sqlmodel import SQLModel

from db.errors import NotFound
from db.models import require_id

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

_Record = TypeVar("_Record", bound=SQLModel)
_Shape = TypeVar("_Shape", bound="DataclassInstance")


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


def copied(shape: type[_Shape], record: object, **given: object) -> _Shape:
    """A `shape` (a frozen dataclass the UI shows) of `record`: the fields `given`, and every
    other field the record's attribute of the same name."""
    values = {f.name: getattr(record, f.name) for f in fields(shape) if f.name not in given}
    return shape(**values, **given)
