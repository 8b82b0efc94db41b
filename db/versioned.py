"""Versioned updates: a row changes only if nobody changed it since it was read."""

from collections.abc import Mapping
from typing import Any, cast

from sqlalchemy import CursorResult, update
from sqlalchemy.orm import Session
from sqlmodel import col

from db.clock import utcnow
from db.errors import NotFound, StaleEdit
from db.models import Versioned


def update_versioned(
    session: Session,
    table: type[Versioned],
    record_id: int,
    expected_version: int,
    values: Mapping[str, object],
    noun: str,
) -> None:
    """Save `values` into the record, with `updated_at` stamped and its version raised, if it
    is still at `expected_version`. NotFound when it was deleted meanwhile, StaleEdit when
    someone saved it since; `noun` names it in the message ('organisation', 'visit'…)."""
    record = cast(Any, table)  # every versioned table has an `id` column
    result = session.execute(
        update(table)
        .where(col(record.id) == record_id, col(table.version) == expected_version)
        .values(**values, updated_at=utcnow(), version=expected_version + 1)
    )
    if cast("CursorResult[Any]", result).rowcount == 0:
        _explain_missed_update(session, table, record_id, noun)


def _explain_missed_update(session: Session, table: type, record_id: int, noun: str) -> None:
    if session.get(table, record_id) is None:
        raise NotFound(f"This {noun} was deleted by someone else; nothing was saved.")
    raise StaleEdit.of(noun)
